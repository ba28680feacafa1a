import { describe, expect, test } from '@jest/globals';
import { guardStartup, type StartupSource } from '../../shared/startup-stop.js';
import type { StopSignalName } from '../../shared/stop-signals.js';

function fakeSource() {
  const listeners = new Map<StopSignalName, Set<() => void>>();
  const ends: { line: string; code: number }[] = [];
  const source: StartupSource = {
    on: (name, listener) => listeners.set(name, (listeners.get(name) ?? new Set()).add(listener)),
    off: (name, listener) => listeners.get(name)?.delete(listener),
    listenerCount: (name) => listeners.get(name)?.size ?? 0,
    end: (line, code) => ends.push({ line, code }),
  };
  const signal = (name: StopSignalName) => {
    for (const listener of [...(listeners.get(name) ?? [])]) listener();
  };
  return { source, signal, ends, listeners };
}

describe('guardStartup', () => {
  test('a signal before the hand-over says one line and ends with 130', () => {
    const fake = fakeSource();
    guardStartup(fake.source);
    fake.signal('SIGHUP');
    expect(fake.ends).toEqual([
      { line: 'launcher interrupted (SIGHUP) while starting: nothing was started or written', code: 130 },
    ]);
  });

  test("a command's own listener answers alone; after the hand-over the guard is silent", () => {
    const fake = fakeSource();
    const guard = guardStartup(fake.source);
    fake.source.on('SIGINT', () => {});
    fake.signal('SIGINT');
    expect(fake.ends).toEqual([]);
    guard.handOver();
    expect(fake.source.listenerCount('SIGTERM')).toBe(0);
  });

  test('a signal during a deferred step waits for it, undoes it, then ends', async () => {
    const fake = fakeSource();
    const guard = guardStartup(fake.source);
    const steps: string[] = [];
    await guard.defer(
      async () => {
        fake.signal('SIGINT');
        steps.push(`made, ended ${fake.ends.length}`);
        return 'folder';
      },
      async (made) => {
        steps.push(`undo ${made}`);
        return undefined;
      },
    );
    expect(steps).toEqual(['made, ended 0', 'undo folder']);
    expect(fake.ends.map((end) => end.code)).toEqual([130]);
  });

  test('what the undo says stays replaces "nothing was started or written" in the line', async () => {
    const fake = fakeSource();
    const guard = guardStartup(fake.source);
    await guard.defer(
      async () => fake.signal('SIGTERM'),
      async () => 'its port let go; no row was written',
    );
    expect(fake.ends.map((end) => end.line)).toEqual([
      'launcher interrupted (SIGTERM) while starting: its port let go; no row was written',
    ]);
  });
});
