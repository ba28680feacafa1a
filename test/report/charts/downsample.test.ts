import { describe, expect, test } from '@jest/globals';
import { downsamplingNote, MinMaxSampler } from '../../../report/charts/downsample.js';

describe('MinMaxSampler', () => {
  test('keeps a series whole while it fits the budget', () => {
    const sampler = new MinMaxSampler(0, 100, 8);
    for (let t = 0; t < 8; t++) sampler.push(t * 10, t * t);
    const series = sampler.series();
    expect(series).toMatchObject({ downsampled: false, points: 8 });
    expect(series.v).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
  });

  test('over the budget: at most maxPoints, in time order, and every spike and trough kept at its height', () => {
    const sampler = new MinMaxSampler(0, 100_000, 2000);
    const spikes = new Map([
      [12_345, 900],
      [50_001, -700],
      [99_998, 1_000],
    ]);
    for (let t = 0; t < 100_000; t++) sampler.push(t, spikes.get(t) ?? Math.sin(t / 1000));
    const series = sampler.series();
    expect(series.downsampled).toBe(true);
    expect(series.points).toBe(100_000);
    expect(series.t.length).toBeLessThanOrEqual(2000);
    expect(series.t.length).toBeGreaterThan(1000);
    for (const [t, v] of spikes) {
      const i = series.t.indexOf(t);
      expect(series.v[i]).toBe(v);
    }
    expect(Math.max(...series.v)).toBe(1_000);
    expect(Math.min(...series.v)).toBe(-700);
    expect([...series.t].sort((a, b) => a - b)).toEqual(series.t);
    // The first and last point of the whole series are kept, so the line spans the run.
    expect(series.t[0]).toBe(0);
    expect(series.t.at(-1)).toBe(99_999);
  });

  test('a step function keeps both sides of every step (first and last of each bucket)', () => {
    const sampler = new MinMaxSampler(0, 10_000, 40);
    for (let t = 0; t < 10_000; t++) sampler.push(t, t < 5_000 ? 1 : 7);
    const { t, v } = sampler.series();
    const step = v.indexOf(7);
    expect(v[step - 1]).toBe(1);
    expect(t[step]).toBe(5_000);
  });

  test('the page says when and how much a chart was downsampled', () => {
    const sampler = new MinMaxSampler(0, 100, 4);
    for (let t = 0; t < 100; t++) sampler.push(t, t % 7);
    expect(downsamplingNote([])).toBeNull();
    expect(downsamplingNote([['VM 0', sampler.series()]])).toMatch(
      /Downsampled .* no jump or peak is hidden.*VM 0: 100 -> \d/,
    );
  });
});
