import { describe, expect, test } from '@jest/globals';
import { noVmTicked, untickedRunLine, vmFates } from '../../cli/unticked-run.js';
import type { Manifest } from '../../run-folder/manifest.js';

/** A 3-VM manifest with each VM's exit and ticks as given; `started`: the start instant was told. */
function manifest(vms: [exit: string, ticks: number][], status: Manifest['status'], started = false): Manifest {
  const entry = ([exit, ticks]: [string, number], id: number) => ({
    ...{ id, clockRate: 5, port: 0, ticks, sent: 0, received: 0, finalClock: ticks, maxJump: 1, maxQueue: 0 },
    ...{ pendingAtStop: [], dropped: [], lostPeers: [], unendedLinks: [], refused: 0, stoppedEarly: true, exit },
    pid: 100 + id,
  });
  return {
    runId: 'r',
    status,
    seed: 1,
    config: {
      ...{ machines: 3, clockRate: { min: 5, max: 5 }, eventRange: 10, durationSeconds: 3, speed: 1 },
      network: { host: '127.0.0.1', basePort: 0 },
    },
    clockRates: [5, 5, 5],
    speed: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:00.300Z',
    ...(started ? { startEpochMs: 1_767_225_600_000 } : {}),
    version: 'test',
    vms: vms.map(entry),
  };
}

const before = 'stopped before the start';
const reason = 'VM 1 could not start (port-in-use: 127.0.0.1:5701: EADDRINUSE)';

describe('a run no VM ticked in', () => {
  test('is one that did not end ok with no tick to any VM', () => {
    const none: [string, number][] = [
      [before, 0],
      [before, 0],
      [before, 0],
    ];
    expect(noVmTicked(manifest(none, 'failed'))).toBe(true);
    expect(noVmTicked(manifest(none, 'interrupted'))).toBe(true);
    expect(noVmTicked(manifest([...none.slice(0, 2), ['killed by SIGKILL', 1]], 'failed', true))).toBe(false);
  });

  test('its line says when, why, which VMs the launcher stopped, and that nothing was logged', () => {
    const every = manifest(
      [
        [before, 0],
        [before, 0],
        [before, 0],
      ],
      'failed',
    );
    expect(untickedRunLine(every, reason, '/tmp/pt')).toBe(
      `run failed before the start: ${reason}; the launcher stopped every VM before it ticked: nothing was logged; the manifest in /tmp/pt says how the run ended`,
    );
    const others = manifest(
      [
        [before, 0],
        ['exit code 1', 0],
        [before, 0],
      ],
      'failed',
    );
    expect(untickedRunLine(others, reason, 'd')).toContain(
      '; the launcher stopped VMs 0 and 2 before they ticked, VM 1 ended (exit code 1): ',
    );
    const one = manifest(
      [
        ['exit code 1', 0],
        ['exit code 1', 0],
        [before, 0],
      ],
      'failed',
    );
    expect(untickedRunLine(one, reason, 'd')).toContain(
      '; VMs 0 and 1 ended (exit code 1), the launcher stopped VM 2 before it ticked: ',
    );
  });

  test('without --out it says that logs/latest was not moved to the run', () => {
    const every = manifest(
      Array.from({ length: 3 }, (): [string, number] => [before, 0]),
      'failed',
    );
    expect(untickedRunLine(every, reason, 'logs/r', 'logs/latest')).toMatch(
      /; the manifest in logs\/r says how the run ended \(logs\/latest not moved to it\)$/,
    );
  });

  test('told the start, yet killed before any tick: said so, with no VM claimed stopped before the start', () => {
    const killed = manifest(
      [
        ['killed by SIGKILL', 0],
        ['killed by SIGKILL', 0],
        ['killed by SIGKILL', 0],
      ],
      'interrupted',
      true,
    );
    expect(untickedRunLine(killed, 'killed at once by a second signal to the launcher', 'd')).toBe(
      'run interrupted before any VM ticked: killed at once by a second signal to the launcher; every VM ended (killed by SIGKILL): nothing was logged; the manifest in d says how the run ended',
    );
  });

  test('told the start, then stopped in order before any tick: each VM said to have stopped so', () => {
    const early = manifest(
      [
        ['done', 0],
        ['done', 0],
        ['done', 0],
      ],
      'interrupted',
      true,
    );
    expect(untickedRunLine(early, 'stopped by a signal to the launcher', 'd')).toContain(
      '; every VM stopped in order before its first tick: ',
    );
  });

  test('every VM is named once, with its exit, whatever mix of ends they met', () => {
    const vms = [before, 'killed by SIGINT', before, 'lost: host h2 (lab-two) became unreachable (x)', before, 'done'];
    const line = vmFates(vms.map((exit, id) => ({ id, exit })));
    expect(line).toBe(
      'the launcher stopped VMs 0, 2 and 4 before they ticked, VM 1 ended (killed by SIGINT), ' +
        'VM 3 ended (lost: host h2 (lab-two) became unreachable (x)), VM 5 stopped in order before its first tick',
    );
    for (let id = 0; id < vms.length; id++) expect(line.match(new RegExp(`\\b${id}\\b`, 'g'))).toHaveLength(1);
  });
});
