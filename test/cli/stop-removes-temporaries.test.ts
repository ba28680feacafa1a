import { describe, expect, test } from '@jest/globals';
import { type EndingSource, interruptedLine, removeTemporariesOnStop } from '../../cli/stop-removes-temporaries.js';
import type { StopSignalName } from '../../shared/stop-signals.js';

/** A process stand-in: its listeners per signal, and what happened in order (each raise noting who still listened). */
function fakeProcess() {
  const listeners = new Map<StopSignalName, Set<() => void>>();
  const events: string[] = [];
  const listening = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
  const source: EndingSource = {
    on: (signal, listener) => listeners.set(signal, (listeners.get(signal) ?? new Set()).add(listener)),
    off: (signal, listener) => listeners.get(signal)?.delete(listener),
    end: (line, code) => events.push(`'${line}', exit ${code}, ${listening()} listening`),
  };
  const signal = (name: StopSignalName) => {
    for (const listener of [...(listeners.get(name) ?? [])]) listener();
  };
  return { source, events, listening, signal };
}

describe('a stop signal during analyze, check, report or compare', () => {
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    test(`${name}: the temporary files are removed, then one line and exit 130, with nothing listening`, () => {
      const { source, events, listening, signal } = fakeProcess();
      removeTemporariesOnStop(source, () => events.push('removed'), 'check interrupted');
      expect(listening()).toBe(3);
      signal(name);
      expect(events).toEqual(['removed', "'check interrupted', exit 130, 0 listening"]);
    });
  }

  test('once the command is done nothing listens: a later signal is the default one', () => {
    const { source, events, listening, signal } = fakeProcess();
    const stopListening = removeTemporariesOnStop(source, () => events.push('removed'), 'check interrupted');
    stopListening();
    expect(listening()).toBe(0);
    signal('SIGINT');
    expect(events).toEqual([]);
  });
});

describe('the hangup lost-output raises (our terminal went away)', () => {
  test('is left alone: the command goes on, still listening for a real stop', () => {
    const { source, events, listening, signal } = fakeProcess();
    let lost = false;
    removeTemporariesOnStop(
      source,
      () => events.push('removed'),
      'check interrupted',
      (name) => name === 'SIGHUP' && lost,
    );
    lost = true;
    signal('SIGHUP');
    expect(events).toEqual([]);
    expect(listening()).toBe(3);
    signal('SIGINT');
    expect(events).toEqual(['removed', "'check interrupted', exit 130, 0 listening"]);
  });
});

describe('the line said', () => {
  test('what was not written, then that nothing of the runs read was lost', () => {
    expect(interruptedLine('report', 'no page written to r/report.html', 'r')).toBe(
      'report interrupted: no page written to r/report.html; nothing in r was lost',
    );
    expect(interruptedLine('compare', null, 'a, b')).toBe('compare interrupted: nothing in a, b was lost');
  });
});
