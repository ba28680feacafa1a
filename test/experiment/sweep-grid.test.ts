import { expect, test } from '@jest/globals';
import { applySweepPoint, pointLabel, pointName, sweepPoints } from '../../experiment/sweep-grid.js';

test('every point of the grid, the last key varying fastest, each named from its values', () => {
  const points = sweepPoints({ 'clockRate.max': [2, 4, 6], eventRange: [3, 10], machines: [3] });
  expect(points).toHaveLength(6);
  expect(points.map((p) => p.name)).toEqual([
    'clockrate-max-2-eventrange-3-machines-3',
    'clockrate-max-2-eventrange-10-machines-3',
    'clockrate-max-4-eventrange-3-machines-3',
    'clockrate-max-4-eventrange-10-machines-3',
    'clockrate-max-6-eventrange-3-machines-3',
    'clockrate-max-6-eventrange-10-machines-3',
  ]);
  expect(points[3]?.values).toEqual({ 'clockRate.max': 4, eventRange: 10, machines: 3 });
  expect(new Set(points.map((p) => p.name)).size).toBe(6);
});

test('names stay folder-safe for fractions, negatives and text', () => {
  expect(pointName({ speed: 2.5, seedOffset: -1, mode: 'A.b' })).toBe('speed-2p5-seedoffset-m1-mode-apb');
  expect(pointLabel({ 'clockRate.max': 2, mode: 'x' })).toBe('clockRate.max=2, mode="x"');
});

test('a key path is set on a copy of the base; a clockRate path keeps the base range and drops clockRates', () => {
  const base = { machines: 3, clockRate: { min: 2, max: 6 }, network: { host: '127.0.0.1' } };
  const point = applySweepPoint(base, { 'clockRate.max': 9, 'network.basePort': 0 }, {});
  expect(point).toEqual({ machines: 3, clockRate: { min: 2, max: 9 }, network: { host: '127.0.0.1', basePort: 0 } });
  expect(base.clockRate.max).toBe(6);
  const fixed = applySweepPoint({ clockRates: [1, 2, 3] }, { 'clockRate.max': 4 }, { clockRate: { min: 1, max: 6 } });
  expect(fixed).toEqual({ clockRate: { min: 1, max: 4 } });
});
