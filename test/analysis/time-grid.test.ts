import { describe, expect, test } from '@jest/globals';
import { extendGrid, gridStepMs, StepSampler } from '../../analysis/time-grid.js';

describe('gridStepMs', () => {
  test('100 ms up to 1000 s, then coarser so that a VM keeps at most 10,000 points', () => {
    expect(gridStepMs(60)).toBe(100);
    expect(gridStepMs(1000)).toBe(100);
    expect(gridStepMs(86_400)).toBe(8640);
  });
});

describe('StepSampler', () => {
  test('a grid point sees the value after the last event at or before it, 0 before the first', () => {
    const sampler = new StepSampler(100);
    sampler.observe(150, 1); // passes point 100, before any event: 0
    sampler.observe(200, 2); // point 200 is exactly at this event, so it will see 2, not 1
    sampler.observe(420, 3); // passes points 200, 300, 400: 2
    expect(sampler.samples()).toEqual([0, 2, 2, 2]);
    expect(extendGrid(sampler.samples(), 3, 600, 100)).toEqual([0, 2, 2, 2, 3, 3]);
  });

  test('a bogus elapsed time cannot grow the grid without bound', () => {
    const sampler = new StepSampler(100);
    sampler.observe(1e15, 1);
    expect(sampler.samples().length).toBe(20_000);
  });
});

describe('extendGrid', () => {
  test('holds the final value up to and including the end', () => {
    expect(extendGrid([1, 2], 5, 500, 100)).toEqual([1, 2, 5, 5, 5]);
    expect(extendGrid([1, 2], 5, 499, 100)).toEqual([1, 2, 5, 5]);
  });

  test('cuts samples past the end', () => {
    expect(extendGrid([1, 2, 3], 3, 200, 100)).toEqual([1, 2]);
  });
});
