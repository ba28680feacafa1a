import { describe, expect, test } from '@jest/globals';
import { type SuspendSource, suspendGuard } from '../../cli/terminal-suspend.js';

/** A process stand-in: its SIGTSTP listeners, and what it raised (each raise noting how many still listened). */
function fakeProcess() {
  const listeners = new Set<() => void>();
  const raised: string[] = [];
  const source: SuspendSource = {
    pid: 4242,
    on: (_signal, listener) => listeners.add(listener),
    off: (_signal, listener) => listeners.delete(listener),
    kill: (pid, signal) => raised.push(`${signal} to ${pid}, ${listeners.size} listening`),
  };
  const press = () => {
    for (const listener of [...listeners]) listener();
  };
  return { source, listeners, raised, press };
}

/** A run whose `prepare` the test finishes by hand, counting its resumes. */
function preparing(fails = false) {
  let calls = 0;
  let resumes = 0;
  let finish: () => void = () => {};
  const prepare = () => {
    calls += 1;
    return new Promise<void>((resolve, reject) => {
      finish = fails ? () => reject(new Error('a bug')) : resolve;
    });
  };
  const resume = () => {
    resumes += 1;
  };
  return { run: { prepare, resume }, calls: () => calls, resumes: () => resumes, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Ctrl-Z with VMs on other hosts', () => {
  test('nothing registered: nothing listens, Ctrl-Z is the default one', () => {
    const { source, listeners } = fakeProcess();
    const guard = suspendGuard(source);
    const stop = guard.hold({ prepare: async () => {}, resume: () => {} });
    stop();
    expect(listeners.size).toBe(0);
  });

  test('they are told first; then the launcher stops as by default (no listener), and listens again once continued', async () => {
    const { source, listeners, raised, press } = fakeProcess();
    const told = preparing();
    suspendGuard(source).hold(told.run);
    press();
    expect(told.calls()).toBe(1);
    await settle();
    expect(raised).toEqual([]);
    told.finish();
    await settle();
    expect(raised).toEqual(['SIGTSTP to 4242, 0 listening']);
    expect(listeners.size).toBe(1);
    // Continued: the run speaks again (its keep-alives were held back so as not to end its VMs' hold).
    expect(told.resumes()).toBe(1);
  });

  test('a prepare that fails (a bug) still stops once, resumes, and leaves the next Ctrl-Z heard', async () => {
    const { source, raised, press } = fakeProcess();
    const told = preparing(true);
    suspendGuard(source).hold(told.run);
    press();
    told.finish();
    await settle();
    press();
    expect({ raised, calls: told.calls(), resumes: told.resumes() }).toEqual({
      raised: ['SIGTSTP to 4242, 0 listening'],
      calls: 2,
      resumes: 1,
    });
  });

  test('runs side by side (an experiment): one listener tells them all, then one stop', async () => {
    const { source, listeners, raised, press } = fakeProcess();
    const guard = suspendGuard(source);
    const first = preparing();
    const second = preparing();
    guard.hold(first.run);
    guard.hold(second.run);
    expect(listeners.size).toBe(1);
    press();
    first.finish();
    await settle();
    expect(raised).toEqual([]);
    second.finish();
    await settle();
    expect({ first: first.calls(), second: second.calls(), raised }).toEqual({
      first: 1,
      second: 1,
      raised: ['SIGTSTP to 4242, 0 listening'],
    });
  });

  test('a second Ctrl-Z while they are told is the same stop', async () => {
    const { source, raised, press } = fakeProcess();
    const told = preparing();
    suspendGuard(source).hold(told.run);
    press();
    press();
    told.finish();
    await settle();
    expect({ calls: told.calls(), raised }).toEqual({ calls: 1, raised: ['SIGTSTP to 4242, 0 listening'] });
  });

  test('the run ended while they were told: the stop asked for still comes, and nothing is left listening', async () => {
    const { source, listeners, raised, press } = fakeProcess();
    const told = preparing();
    const stop = suspendGuard(source).hold(told.run);
    press();
    stop();
    told.finish();
    await settle();
    expect({ raised, listening: listeners.size }).toEqual({ raised: ['SIGTSTP to 4242, 0 listening'], listening: 0 });
    expect(told.resumes()).toBe(0);
  });
});
