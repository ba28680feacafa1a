/**
 * The checker's note on copies dropped with a link down: a VM that lost its link to a peer (before the start, or
 * during the run) records every later copy to that peer as dropped, so the run is valid by the rules while what it
 * measures lacks those copies. One line for the run, naming each VM, its count and the peers it lost; copies to peers
 * an injected fault killed are left to that kill's own note.
 */
import type { RunFacts } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import { copyRecipient } from './message-ledger.js';
import type { CheckNote } from './violation.js';

/** Past this many VMs, the line names the first ones and counts the rest. */
const vmsNamed = 8;

export function linkDownNote(facts: RunFacts): CheckNote[] {
  const killed = (peer: number) => (facts.kills[peer]?.kills ?? 0) > 0;
  const droppers = facts.vms.flatMap((vm): Dropper[] => {
    const lost = vm.lostPeers ?? [];
    if (lost.length > 0 && lost.every(killed)) return [];
    // The copies dropped (of any cause) to a peer no kill took: a VM killed itself has its lost peers rebuilt empty,
    // so its drops to killed peers are told apart by the copies' ids (`<from>-<n>><to>`). With no other cause in
    // the run's drops these are exactly its link-down copies to live peers; with others, at most that many.
    const toLive = vm.dropped.filter((copy) => !killed(copyRecipient(copy))).length;
    const copies = Math.min(vm.droppedBy?.linkDown ?? 0, toLive);
    return copies === 0 ? [] : [{ id: vm.id, copies, lost }];
  });
  const first = droppers[0];
  if (first === undefined) return [];
  const total = counted(
    droppers.reduce((sum, vm) => sum + vm.copies, 0),
    'copy',
    'copies',
  );
  const said =
    droppers.length === 1
      ? `VM ${first.id} dropped ${total} with a link down${first.lost.length === 0 ? '' : ` (${lostText(first.lost)})`}`
      : `${droppers.length} VMs dropped ${total} with a link down (${eachVm(droppers)})`;
  return [{ vm: first.id, text: `${said}: never sent, so the run's figures lack them` }];
}

type Dropper = { id: number; copies: number; lost: readonly number[] };

function eachVm(droppers: readonly Dropper[]): string {
  const named = droppers
    .slice(0, vmsNamed)
    .map(({ id, copies, lost }) => `VM ${id}: ${copies}${lost.length === 0 ? '' : `, ${lostText(lost)}`}`);
  const rest = droppers.length > vmsNamed ? `; and ${counted(droppers.length - vmsNamed, 'more VM')}` : '';
  return `${named.join('; ')}${rest}`;
}

function lostText(lost: readonly number[]): string {
  return `${lost.length === 1 ? 'link' : 'links'} to ${lost.map((peer) => `VM ${peer}`).join(', ')} lost`;
}
