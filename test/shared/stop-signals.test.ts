import { EventEmitter } from 'node:events';
import { describe, expect, test } from '@jest/globals';
import { listenForStop, sameKeypressMs } from '../../shared/stop-signals.js';
import { FakeTimer } from '../fake-timer.js';

function setup() {
  const source = new EventEmitter();
  const timer = new FakeTimer(0);
  const lines: string[] = [];
  const stop = listenForStop(source, timer, (line) => lines.push(line));
  return { source, timer, lines, stop };
}

describe('listenForStop', () => {
  test('the first SIGINT or SIGTERM interrupts; a second one, later, kills', () => {
    const { source, timer, lines, stop } = setup();
    expect([stop.interrupt.aborted, stop.kill.aborted]).toEqual([false, false]);
    source.emit('SIGTERM');
    expect([stop.interrupt.aborted, stop.kill.aborted]).toEqual([true, false]);
    timer.advanceTo(sameKeypressMs);
    source.emit('SIGINT');
    expect([stop.interrupt.aborted, stop.kill.aborted]).toEqual([true, true]);
    expect(lines).toHaveLength(2);
  });

  test('the first signal`s line is said once the run answered it: stopping, or its ticks complete (nothing to stop)', () => {
    const { source, timer, lines, stop } = setup();
    stop.interrupt.addEventListener('abort', () => stop.answer('ticks-complete'));
    source.emit('SIGINT');
    timer.advanceTo(sameKeypressMs);
    source.emit('SIGINT');
    expect(lines).toEqual([
      "the run's ticks are complete (a stop now would cut none): it finishes as it is (press Ctrl-C again to kill the VMs at once)",
      'killing every VM now',
    ]);

    const stopping = setup();
    stopping.stop.interrupt.addEventListener('abort', () => stopping.stop.answer('stopping'));
    stopping.source.emit('SIGINT');
    // An answer after the signal was handled changes nothing said.
    stopping.stop.answer('ticks-complete');
    expect(stopping.lines).toEqual(['stopping every VM at one instant (press Ctrl-C again to kill them at once)']);

    // Before the start no VM has ticked: they are stopped at once, not at an instant ahead.
    const early = setup();
    early.stop.interrupt.addEventListener('abort', () => early.stop.answer('not-started'));
    early.source.emit('SIGINT');
    expect(early.lines).toEqual(['the run has not started: stopping every VM now (none has ticked)']);
  });

  test('a closed terminal (SIGHUP) stops the run in order like Ctrl-C, instead of ending the process unaccounted', () => {
    const { source, stop } = setup();
    source.emit('SIGHUP');
    expect([stop.interrupt.aborted, stop.kill.aborted]).toEqual([true, false]);
  });

  test('the copy of one Ctrl-C a wrapper forwards (npx, npm run) is the same keypress, not a second', () => {
    const { source, timer, lines, stop } = setup();
    source.emit('SIGINT');
    timer.advanceTo(sameKeypressMs - 1);
    source.emit('SIGINT');
    expect([stop.interrupt.aborted, stop.kill.aborted]).toEqual([true, false]);
    expect(lines).toHaveLength(1);
  });

  test('once the run ended, the next signal (not a copy of the last) stops what is left instead of killing', () => {
    const { source, timer, lines, stop } = setup();
    source.emit('SIGINT');
    const ended = stop.runEnded();
    timer.advanceTo(sameKeypressMs - 1);
    source.emit('SIGINT');
    expect(ended.aborted).toBe(false);
    timer.advanceTo(sameKeypressMs);
    source.emit('SIGHUP');
    expect([ended.aborted, stop.kill.aborted]).toEqual([true, false]);
    expect(lines).toHaveLength(1);
  });

  test('after dispose it no longer listens', () => {
    const { source, stop } = setup();
    stop.dispose();
    const listening = ['SIGINT', 'SIGTERM', 'SIGHUP'].filter((name) => source.listenerCount(name) > 0);
    expect(listening).toEqual([]);
  });
});
