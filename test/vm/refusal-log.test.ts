import { describe, expect, test } from '@jest/globals';
import { type RefusalClock, RefusalLog, refusalsInFull, summaryEveryMs } from '../../vm/refusal-log.js';

/** A clock whose timers fire only when the test moves time on. */
class FakeClock implements RefusalClock {
  now = 0;
  #timers: { at: number; run: () => void; live: boolean }[] = [];

  after(ms: number, run: () => void) {
    const timer = { at: this.now + ms, run, live: true };
    this.#timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      next.live = false;
      this.now = next.at;
      next.run();
    }
    this.now = until;
  }
}

const counted = (lines: string[]) =>
  lines.reduce((sum, line) => sum + Number(/refused (\d+) more/.exec(line)?.[1] ?? (line.includes('(') ? 1 : 0)), 0);

describe('RefusalLog', () => {
  test('a few refusals are each printed in full', () => {
    const lines: string[] = [];
    const log = new RefusalLog('VM 0', (line) => lines.push(line), new FakeClock());
    log.refused('expected hello, got msg');
    log.refused('not-json: abc');
    log.flush();
    expect(lines).toEqual([
      'VM 0: refused a connection or frame (expected hello, got msg)',
      'VM 0: refused a connection or frame (not-json: abc)',
    ]);
  });

  test('3,000 refusals in 3 s: the first few in full, then one count line per second, every one counted', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const log = new RefusalLog('VM 1', (line) => lines.push(line), clock);
    for (let second = 0; second < 3; second++) {
      for (let i = 0; i < 1000; i++) {
        log.refused(`not-json: #${second * 1000 + i}`);
        clock.advance(1);
      }
    }
    log.flush();
    expect(lines.length).toBe(refusalsInFull + 3);
    expect(lines[refusalsInFull]).toBe(
      `VM 1: refused ${1000 - refusalsInFull} more connections or frames (latest: not-json: #999)`,
    );
    expect(lines.at(-1)).toBe('VM 1: refused 1000 more connections or frames (latest: not-json: #2999)');
    expect(counted(lines)).toBe(3000);
  });

  test('a quiet second ends the burst: the next refusal is printed in full again', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const log = new RefusalLog('VM 2', (line) => lines.push(line), clock);
    for (let i = 0; i < refusalsInFull + 3; i++) log.refused(`a${i}`);
    clock.advance(summaryEveryMs); // prints the count of 3
    clock.advance(summaryEveryMs); // nothing came: the burst is over
    log.refused('later');
    log.flush();
    expect(lines.at(-2)).toBe('VM 2: refused 3 more connections or frames (latest: a7)');
    expect(lines.at(-1)).toBe('VM 2: refused a connection or frame (later)');
  });
});

describe('RefusalLog held until the start', () => {
  test('refusals while held print nothing; released, they are one line', () => {
    const lines: string[] = [];
    const clock = new FakeClock();
    const log = new RefusalLog('VM 4', (line) => lines.push(line), clock);
    log.hold();
    for (let i = 0; i < 40; i++) log.refused('closed before completing the handshake');
    clock.advance(5 * summaryEveryMs);
    expect(lines).toEqual([]);
    log.release();
    expect(lines).toEqual(['VM 4: refused 40 connections or frames (latest: closed before completing the handshake)']);
    log.refused('expected hello, got msg');
    expect(lines.at(-1)).toBe('VM 4: refused a connection or frame (expected hello, got msg)');
  });

  test('a single held refusal told at the end reads as one', () => {
    const lines: string[] = [];
    const log = new RefusalLog('VM 4', (line) => lines.push(line), new FakeClock());
    log.hold();
    log.refused('handshake not completed in time');
    log.flush();
    expect(lines).toEqual(['VM 4: refused a connection or frame (handshake not completed in time)']);
  });
});
