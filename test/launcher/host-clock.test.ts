import { describe, expect, test } from '@jest/globals';
import { HostClock } from '../../launcher/host-clock.js';

describe('HostClock', () => {
  test('four timestamps give the offset (host minus launcher) and the round trip', () => {
    const clock = new HostClock();
    // The host runs 100 ms ahead; 2 ms each way; the VM takes 1 ms to answer.
    const sample = clock.add(1000, 1102, 1103, 1005);
    expect(sample).toEqual({ atEpochMs: 1005, offsetMs: 100, rttMs: 4 });
    expect(clock.offsetMs).toBe(100);
  });

  test('a sample is kept to the microsecond, as the manifest writes instants (shared/microsecond-ms.ts)', () => {
    const clock = new HostClock();
    // Sub-microsecond parts, as performance.now() based stamps have them: offset 99.3230567, rtt 1.6006.
    const sample = clock.add(1000.0001, 1100.1234567, 1100.5234567, 1002.0007);
    expect(sample).toEqual({ atEpochMs: 1002.001, offsetMs: 99.323, rttMs: 1.601 });
  });

  test('the estimate is the recent sample with the smallest round trip (queueing only adds delay)', () => {
    const clock = new HostClock();
    clock.add(0, 60, 60, 80); // 60 ms out, 20 back: offset +20, rtt 80
    clock.add(100, 151, 151, 102); // offset 50, rtt 2: the trustworthy one
    clock.add(200, 250, 250, 230); // rtt 30
    expect(clock.offsetMs).toBe(50);
    expect(clock.rttMs).toBe(2);
    expect(clock.typicalRttMs).toBe(30); // the median of 80, 2 and 30
    expect(clock.samples).toHaveLength(3);
  });

  test('an asymmetric path is off by at most half the round trip', () => {
    const clock = new HostClock();
    // True offset 0; 9 ms out, 1 ms back.
    const { offsetMs, rttMs } = clock.add(0, 9, 9, 10);
    expect(Math.abs(offsetMs)).toBeLessThanOrEqual(rttMs / 2);
  });

  test('before any sample the offset is 0 and nothing is claimed', () => {
    const clock = new HostClock();
    expect([clock.offsetMs, clock.rttMs, clock.sampled]).toEqual([0, undefined, false]);
  });

  test('a long run keeps a bounded number of samples, the first ones kept', () => {
    const clock = new HostClock();
    for (let i = 0; i < 2000; i++) clock.add(i * 10, i * 10 + 1, i * 10 + 1, i * 10 + 2);
    expect(clock.samples.length).toBeLessThanOrEqual(500);
    expect(clock.samples[0]?.atEpochMs).toBe(2);
    expect(clock.samples.at(-1)?.atEpochMs).toBeGreaterThan(19_000);
  });

  test("the end's sample is the best since the end's burst began, not an earlier better one", () => {
    const clock = new HostClock();
    clock.add(0, 1, 1, 0.2); // rtt 0.2: the start's
    expect(clock.endSample?.atEpochMs).toBe(0.2); // before the end's burst: the last sample
    clock.beginEnd();
    clock.add(10_000, 10_205, 10_205, 10_002); // rtt 2, 204 ms ahead now
    clock.add(10_010, 10_214.5, 10_214.5, 10_011); // rtt 1
    clock.add(10_020, 10_226, 10_226, 10_024); // rtt 4
    expect(clock.endSample).toEqual({ atEpochMs: 10_011, offsetMs: 204, rttMs: 1 });
    expect(clock.best?.rttMs).toBe(0.2); // the estimate in use is still the recent best
  });

  test("no answer to the end's burst: the end's sample is the last one taken, placed by its time", () => {
    const clock = new HostClock();
    clock.add(0, 1, 1, 0.2);
    clock.add(3000, 3061, 3061, 3002);
    clock.beginEnd();
    expect(clock.endSample).toEqual({ atEpochMs: 3002, offsetMs: 60, rttMs: 2 });
  });
});
