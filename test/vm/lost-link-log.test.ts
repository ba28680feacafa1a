import { describe, expect, test } from '@jest/globals';
import { LostLinkLog, peersNamed } from '../../vm/lost-link-log.js';
import type { RefusalClock } from '../../vm/refusal-log.js';

/** Timers that fire only when the test says so (fire()), all at once. */
function heldClock() {
  const timers: { run: () => void; live: boolean }[] = [];
  const clock: RefusalClock = {
    after(_ms, run) {
      const timer = { run, live: true };
      timers.push(timer);
      return { cancel: () => (timer.live = false) };
    },
  };
  const fire = () => {
    for (const timer of timers.splice(0)) if (timer.live) timer.run();
  };
  return { clock, fire };
}

const lostLog = () => {
  const lines: string[] = [];
  const { clock, fire } = heldClock();
  return { lines, fire, log: new LostLinkLog('VM 3', (line) => lines.push(line), clock) };
};

describe('LostLinkLog', () => {
  test('links lost before the start and a stop before it: not one line (the launcher says why the run ended)', () => {
    const { lines, fire, log } = lostLog();
    for (let peer = 0; peer < 199; peer++) if (peer !== 3) log.lost(peer);
    fire();
    log.flush();
    expect(lines).toEqual([]);
  });

  test('links lost before the start are told in one line at the start', () => {
    const { lines, log } = lostLog();
    log.lost(5);
    log.lost(9);
    log.started();
    log.flush();
    expect(lines).toEqual([
      'VM 3: links to 2 peers dropped before the start (VM 5, VM 9); sends to them are recorded as dropped',
    ]);
  });

  test('one link lost in the run: its own line, once its second is over', () => {
    const { lines, fire, log } = lostLog();
    log.started();
    log.lost(7);
    expect(lines).toEqual([]);
    fire();
    expect(lines).toEqual(['VM 3: link to VM 7 dropped; sends to it are recorded as dropped']);
  });

  test('many links lost in one second (every VM killed at once): one line naming the first and counting the rest', () => {
    const { lines, fire, log } = lostLog();
    log.started();
    for (let peer = 10; peer < 60; peer++) log.lost(peer);
    fire();
    log.flush();
    expect(lines).toHaveLength(1);
    const named = Array.from({ length: peersNamed }, (_, i) => `VM ${10 + i}`).join(', ');
    expect(lines[0]).toBe(
      `VM 3: links to 50 peers dropped (${named} and ${50 - peersNamed} more); sends to them are recorded as dropped`,
    );
  });

  test('what is held when the run ends is told then', () => {
    const { lines, log } = lostLog();
    log.started();
    log.lost(1);
    log.flush();
    expect(lines).toEqual(['VM 3: link to VM 1 dropped; sends to it are recorded as dropped']);
  });
});
