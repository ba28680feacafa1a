/**
 * A run valid by the rules whose VM dropped copies with a link down (a link lost before the start drops every copy
 * to that peer all run): `check` says so in one line naming the VMs, and `launcher run` prints it as `check: note:`.
 */
import { describe, expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { linkDownNote } from '../../analysis/link-down-note.js';
import type { ManifestVmFacts, RunFacts } from '../../run-folder/run-facts.js';
import { launcher } from '../integration/cli-harness.js';
import { copyRun, manifestVm } from './fixture-runs.js';

/** The basic fixture with VM 0's last two copies to VM 1 dropped as link-down instead of pending at VM 1. */
const droppedLinkDown = (manifest: Record<string, unknown>) => {
  Object.assign(manifestVm(manifest, 0), {
    dropped: ['0-4>1', '0-5>1'],
    droppedBy: { linkDown: 2, partition: 0, injectedDrop: 0 },
    lostPeers: [1],
  });
  Object.assign(manifestVm(manifest, 1), { pendingAtStop: [] });
  return manifest;
};

describe('the link-down note', () => {
  test('check names the VM, its copies dropped and the link it lost, on a run that is otherwise valid', async () => {
    const run = await copyRun('basic', droppedLinkDown);
    try {
      const result = await checkRun(run.dir);
      if (!result.ok) throw new Error(`expected a valid run, got ${JSON.stringify(result)}`);
      expect(result.notes).toEqual([
        {
          vm: 0,
          text: "VM 0 dropped 2 copies with a link down (link to VM 1 lost): never sent, so the run's figures lack them",
        },
      ]);
      const check = await launcher(['check', run.dir], run.dir);
      expect(check.exitCode).toBe(0);
      expect(check.stdout).toContain(
        "\nnote: VM 0 dropped 2 copies with a link down (link to VM 1 lost): never sent, so the run's figures lack them",
      );
    } finally {
      await run.remove();
    }
  });

  /** Its link-down copies to `to` (its lost peers in turn when not given), as the manifest lists every drop. */
  const vm = (id: number, linkDown: number, lostPeers: number[], to: number[] = lostPeers): ManifestVmFacts => ({
    ...{ id, exit: 'done', pendingAtStop: [], stoppedEarly: false, unendedLinks: [] },
    dropped: Array.from({ length: linkDown }, (_, n) => `${id}-${n + 1}>${to[n % to.length]}`),
    ...{ droppedBy: { linkDown, partition: 0, injectedDrop: 0 }, lostPeers },
    figures: { ticks: 0, sent: 0, received: 0, finalClock: 0, maxJump: 0, maxQueue: 0 },
  });
  const facts = (vms: ManifestVmFacts[], killed: number[] = []): RunFacts =>
    ({
      vms,
      kills: vms.map((v) => ({ kills: killed.includes(v.id) ? 1 : 0, restarts: [] })),
    }) as unknown as RunFacts;

  test('several VMs: one line, each VM with its count; none when only drops to killed peers or no drops', () => {
    expect(linkDownNote(facts([vm(0, 0, []), vm(1, 120, [0]), vm(2, 4, [0, 3]), vm(3, 0, [])]))).toEqual([
      {
        vm: 1,
        text: "2 VMs dropped 124 copies with a link down (VM 1: 120, link to VM 0 lost; VM 2: 4, links to VM 0, VM 3 lost): never sent, so the run's figures lack them",
      },
    ]);
    expect(linkDownNote(facts([vm(0, 5, [1]), vm(1, 0, [])], [1]))).toEqual([]);
    expect(linkDownNote(facts([vm(0, 0, [1]), vm(1, 0, [])]))).toEqual([]);
  });

  test('a killed VM (its lost peers rebuilt empty): its drops to killed peers are the kill`s, not the note`s', () => {
    // VM 2 was killed too: its manifest entry knows no lost peers; 213 of its copies went to VM 1 (killed), 2 to VM 0.
    expect(linkDownNote(facts([vm(0, 0, []), vm(1, 0, []), vm(2, 213, [], [1])], [1, 2]))).toEqual([]);
    const mixed = vm(2, 215, [], [1]);
    const dropped = [...mixed.dropped.slice(0, 213), '2-900>0', '2-901>0'];
    expect(linkDownNote(facts([vm(0, 0, []), vm(1, 0, []), { ...mixed, dropped }], [1, 2]))).toEqual([
      { vm: 2, text: "VM 2 dropped 2 copies with a link down: never sent, so the run's figures lack them" },
    ]);
  });

  test('past 8 VMs, the line names 8 and counts the rest', () => {
    const vms = Array.from({ length: 11 }, (_, id) => vm(id, 1, [(id + 1) % 11]));
    const [note] = linkDownNote(facts(vms));
    expect(note?.text).toMatch(
      /^11 VMs dropped 11 copies with a link down \(VM 0: 1, .*VM 7: 1, link to VM 8 lost; and 3 more VMs\)/,
    );
    const nine = Array.from({ length: 9 }, (_, id) => vm(id, 1, [(id + 1) % 9]));
    expect(linkDownNote(facts(nine))[0]?.text).toMatch(/link to VM 8 lost; and 1 more VM\)/);
  });
});
