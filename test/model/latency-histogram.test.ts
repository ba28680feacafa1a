import { describe, expect, test } from '@jest/globals';
import { LatencyHistogram } from '../../model/latency-histogram.js';

describe('latency histogram', () => {
  test('p50 and p99 by nearest rank, to the microsecond', () => {
    const histogram = new LatencyHistogram();
    for (let us = 1; us <= 100; us++) histogram.record(us);
    expect(histogram.figures()).toEqual({ count: 100, p50Us: 50, p99Us: 99, maxUs: 100 });
  });

  test('values past 100 ms land in the overflow bucket and keep the true maximum', () => {
    const histogram = new LatencyHistogram();
    histogram.record(20);
    histogram.record(250_000);
    expect(histogram.figures()).toEqual({ count: 2, p50Us: 20, p99Us: 250_000, maxUs: 250_000 });
  });

  test('no samples: zeros, and a negative reading (clock noise) counts as 0', () => {
    expect(new LatencyHistogram().figures()).toEqual({ count: 0, p50Us: 0, p99Us: 0, maxUs: 0 });
    const histogram = new LatencyHistogram();
    histogram.record(-3);
    expect(histogram.figures().p50Us).toBe(0);
  });

  test('mapping its pages before a run (a VM does, before ready) counts nothing', () => {
    const histogram = new LatencyHistogram();
    histogram.mapPages();
    expect(histogram.figures()).toEqual({ count: 0, p50Us: 0, p99Us: 0, maxUs: 0 });
    histogram.record(7);
    histogram.record(9);
    expect(histogram.figures()).toEqual({ count: 2, p50Us: 7, p99Us: 9, maxUs: 9 });
  });
});
