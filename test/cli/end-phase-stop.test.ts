import { EventEmitter } from 'node:events';
import { describe, expect, test } from '@jest/globals';
import { endPhaseStop } from '../../cli/end-phase-stop.js';
import { listenForStop, sameKeypressMs } from '../../shared/stop-signals.js';
import { FakeTimer } from '../fake-timer.js';

function signalled() {
  const source = new EventEmitter();
  const timer = new FakeTimer(0);
  const stop = listenForStop(source, timer, () => {});
  source.emit('SIGINT');
  timer.advanceTo(sameKeypressMs);
  return { source, stop };
}

describe('endPhaseStop', () => {
  test('a signal nothing answered (the run whole despite it) skips what is left at once', () => {
    const { stop } = signalled();
    expect(endPhaseStop(stop, true).aborted).toBe(true);
  });

  test('a signal that stopped the run was answered: only a next one skips what is left', () => {
    const { source, stop } = signalled();
    const skip = endPhaseStop(stop, false);
    expect(skip.aborted).toBe(false);
    source.emit('SIGINT');
    expect(skip.aborted).toBe(true);
  });
});
