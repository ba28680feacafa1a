/**
 * The end of a run: a VM that is done waits for its peers' end markers while they still send (a peer catching up
 * on its last ticks), gives up on peers silent for endIdleMs, and never waits past endWithinMs after the stop.
 */
import { describe, expect, test } from '@jest/globals';
import { type EndResult, endIdleMs, endLinks, endWarning, endWithinMs, unendedLinks } from '../../vm/end-links.js';
import { FakeTimer } from '../fake-timer.js';

/** A mesh whose peers' frames and end markers the test plays by hand. */
function fakeMesh() {
  let allEnded: () => void = () => {};
  const mesh = {
    framesHeard: 0,
    finishCalls: 0,
    finish: () => {
      mesh.finishCalls += 1;
      return new Promise<void>((resolve) => {
        allEnded = resolve;
      });
    },
    endMarkersCame: () => allEnded(),
  };
  return mesh;
}

/** Starts endLinks at the stop (time 0) and records when and how it settled. */
function ending(mesh: ReturnType<typeof fakeMesh>, timer: FakeTimer, stopAtMs = 0) {
  const seen: { result?: EndResult; at?: number } = {};
  void endLinks(mesh, () => 0, stopAtMs, timer).then((result) => {
    seen.result = result;
    seen.at = timer.time;
  });
  return seen;
}

/** Lets the promise callbacks run after the fake timers played. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function playUntil(timer: FakeTimer, until: number, everyMs: number, onStep: (t: number) => void) {
  for (let t = timer.time + everyMs; t <= until; t += everyMs) {
    timer.advanceTo(t);
    onStep(t);
    await settle();
  }
}

describe('endLinks', () => {
  test('a peer still sending after the stop is waited for, past the idle timeout, until its end marker', async () => {
    const timer = new FakeTimer(0);
    const mesh = fakeMesh();
    const seen = ending(mesh, timer);
    // The late peer sends a frame every second for 8 s (longer than endIdleMs in all), then its end marker.
    await playUntil(timer, 8000, 1000, () => {
      mesh.framesHeard += 1;
    });
    expect(seen).toEqual({});
    expect(mesh.finishCalls).toBe(1);
    mesh.endMarkersCame();
    await settle();
    expect(seen).toEqual({ result: 'all-ended', at: 8000 });
    expect(timer.pending).toBe(0);
  });

  test(`peers silent for ${endIdleMs} ms end the wait; not before`, async () => {
    const timer = new FakeTimer(0);
    const mesh = fakeMesh();
    const seen = ending(mesh, timer);
    await playUntil(timer, 3000, 1000, () => {
      mesh.framesHeard += 1;
    });
    // Last frame at 3 s: silence is judged from there.
    await playUntil(timer, 3000 + endIdleMs - 100, 100, () => {});
    expect(seen).toEqual({});
    timer.advanceTo(3000 + endIdleMs + 300);
    await settle();
    expect(seen.result).toBe('peers-silent');
    expect(seen.at).toBeGreaterThanOrEqual(3000 + endIdleMs);
    expect(timer.pending).toBe(0);
  });

  test(`a peer that never stops sending is given up ${endWithinMs} ms after the stop`, async () => {
    const timer = new FakeTimer(0);
    const mesh = fakeMesh();
    const seen = ending(mesh, timer);
    await playUntil(timer, endWithinMs - 100, 100, () => {
      mesh.framesHeard += 1;
    });
    expect(seen).toEqual({});
    timer.advanceTo(endWithinMs);
    await settle();
    expect(seen).toEqual({ result: 'past-deadline', at: endWithinMs });
  });

  test('a VM that finished itself past the deadline still waits one idle period for its peers', async () => {
    const timer = new FakeTimer(endWithinMs + 2000);
    const mesh = fakeMesh();
    const seen = ending(mesh, timer, 0);
    timer.advanceTo(endWithinMs + 2000 + endIdleMs - 1);
    await settle();
    expect(seen).toEqual({});
    mesh.endMarkersCame();
    await settle();
    expect(seen.result).toBe('all-ended');
  });

  test('the end markers go out only after a grace period past the stop', async () => {
    const timer = new FakeTimer(0);
    const mesh = fakeMesh();
    ending(mesh, timer);
    timer.advanceTo(50);
    expect(mesh.finishCalls).toBe(0);
    timer.advanceTo(100);
    expect(mesh.finishCalls).toBe(1);
  });
});

describe('what a VM records of its links that ended without their end marker', () => {
  test('the peers it gave up on get the cause it stopped waiting for; links closed first are closed', () => {
    const missing = { closed: [3], open: [2, 1] };
    expect(unendedLinks('peers-silent', missing)).toEqual([
      { from: 1, cause: 'silent' },
      { from: 2, cause: 'silent' },
      { from: 3, cause: 'closed' },
    ]);
    expect(unendedLinks('past-deadline', { closed: [], open: [1] })).toEqual([{ from: 1, cause: 'past-deadline' }]);
  });

  test('every marker came: nothing recorded, but a link that closed before its marker still is', () => {
    expect(unendedLinks('all-ended', { closed: [], open: [] })).toEqual([]);
    expect(unendedLinks('all-ended', { closed: [2], open: [] })).toEqual([{ from: 2, cause: 'closed' }]);
  });

  test('the warning names the peers given up on, and none is given when every marker came', () => {
    expect(endWarning(0, 'peers-silent', [1, 2])).toBe(
      `VM 0: VM 1, VM 2 sent no end marker and nothing else for ${endIdleMs} ms; ` +
        'copies still on the way are counted lost with the link',
    );
    expect(endWarning(3, 'past-deadline', [0])).toBe(
      `VM 3: VM 0 sent no end marker within ${endWithinMs} ms of the stop; copies still on the way are counted lost with the link`,
    );
    expect(endWarning(0, 'all-ended', [])).toBeUndefined();
  });
});
