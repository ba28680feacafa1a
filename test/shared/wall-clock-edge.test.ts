import { describe, expect, test } from '@jest/globals';
import { measureEpochOffset } from '../../shared/wall-clock-edge.js';

/**
 * A monotonic clock that advances `stepMs` per read (`pauses`: extra ms at given reads; `wallPauses`: at given wall
 * reads, before them), and the wall clock it implies.
 */
function fakeClocks(
  trueOffset: number,
  stepMs: number,
  pauses: Map<number, number> = new Map(),
  wallPauses: Map<number, number> = new Map(),
) {
  let mono = 1000.123;
  let reads = 0;
  let wallReads = 0;
  return {
    monoMs: () => {
      reads += 1;
      mono += stepMs + (pauses.get(reads) ?? 0);
      return mono;
    },
    // Date.now(): the wall clock floored to the millisecond, read at the current monotonic instant.
    wallMs: () => {
      wallReads += 1;
      mono += wallPauses.get(wallReads) ?? 0;
      return Math.floor(mono + trueOffset);
    },
  };
}

describe('measureEpochOffset', () => {
  test('places the wall clock on the monotonic one to within a read, from one millisecond edge', () => {
    const trueOffset = 1_796_217_542_583.8904;
    const offset = measureEpochOffset(fakeClocks(trueOffset, 0.0004), 0);
    expect(Math.abs(offset - trueOffset)).toBeLessThan(0.001);
  });

  test('a wait at the edge widens that bracket only: the next, narrow one is kept', () => {
    const trueOffset = 5_000.25;
    // The process waits 3 ms at read 400: in the first sample's spin, across its edge.
    const clocks = fakeClocks(trueOffset, 0.0004, new Map([[400, 3]]));
    const offset = measureEpochOffset(clocks, 0);
    expect(Math.abs(offset - trueOffset)).toBeLessThan(0.001);
    // Bracketed from the read after the wait, that sample would have been off by most of the wait.
    const once = fakeClocks(trueOffset, 0.0004, new Map([[400, 3]]));
    let before = once.monoMs();
    const first = once.wallMs();
    let wall = first;
    while (wall === first) {
      before = once.monoMs();
      wall = once.wallMs();
    }
    expect(Math.abs(wall - (before + once.monoMs()) / 2 - trueOffset)).toBeGreaterThan(0.5);
  });

  test("a wait before a sample's first wall read is not taken for a wall clock that does not move", () => {
    // The process waits 5.6 ms just before the first wall read, which then reads 0.3 ms into a millisecond: the next
    // wall reads give the same millisecond for 0.7 ms more, though the monotonic clock is already 5.6 ms on.
    const trueOffset = 7_000.5766;
    const clocks = fakeClocks(trueOffset, 0.0004, new Map(), new Map([[1, 5.6]]));
    const offset = measureEpochOffset(clocks, trueOffset + 88);
    expect(Math.abs(offset - trueOffset)).toBeLessThan(0.001);
  });

  test('only wide brackets (a busy machine): the time origin if the narrowest holds it, else its middle', () => {
    const trueOffset = 9_000.5;
    // 0.1 ms per read: every bracket is about 0.2 ms wide.
    const inside = trueOffset + 0.05;
    expect(measureEpochOffset(fakeClocks(trueOffset, 0.1), inside)).toBe(inside);
    const off = measureEpochOffset(fakeClocks(trueOffset, 0.1), trueOffset + 88);
    expect(Math.abs(off - trueOffset)).toBeLessThanOrEqual(0.15);
  });

  test('brackets over 0.5 ms wide (waits across every edge of the first samples): sampled on to a narrow one', () => {
    const trueOffset = 11_000.3217;
    // The first 30 reads each wait 1 ms (a preempted process): the first five samples' brackets are ~2 ms wide.
    let mono = 2000.0007;
    let reads = 0;
    const clocks = {
      monoMs: () => {
        reads += 1;
        mono += reads <= 30 ? 1 : 0.0004;
        return mono;
      },
      wallMs: () => Math.floor(mono + trueOffset),
    };
    expect(Math.abs(measureEpochOffset(clocks, trueOffset + 88) - trueOffset)).toBeLessThan(0.001);
  });

  test('a wall clock that never moves gives no edge: the fallback, without spinning for ever', () => {
    let mono = 0;
    const stuck = { monoMs: () => (mono += 0.01), wallMs: () => 42 };
    expect(measureEpochOffset(stuck, 7.5)).toBe(7.5);
  });
});
