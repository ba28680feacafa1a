/**
 * The checker's note on copies dropped with a link down: a VM that lost its link to a peer (before the start, or
 * during the run) records every later copy to that peer as dropped, so the run is valid by the rules while what it
 * measures lacks those copies. One line for the run, naming each VM, its count and the peers it lost; a VM whose lost
 * peers were all killed by an injected fault is left to that kill's own note.
 */
import type { RunFacts } from '../run-folder/run-manifest.js';
import { counted } from '../shared/counted.js';
import type { CheckNote } from './violation.js';

/** Past this many VMs, the line names the first ones and counts the rest. */
const vmsNamed = 8;

export function linkDownNote(facts: RunFacts): CheckNote[] {
  const killed = (peer: number) => (facts.kills[peer]?.kills ?? 0) > 0;
  const droppers = facts.vms.flatMap((vm): Dropper[] => {
    const copies = vm.droppedBy?.linkDown ?? 0;
    const lost = vm.lostPeers ?? [];
    if (copies === 0 || (lost.length > 0 && lost.every(killed))) return [];
    return [{ id: vm.id, copies, lost }];
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
  const rest = droppers.length > vmsNamed ? `; and ${droppers.length - vmsNamed} more VMs` : '';
  return `${named.join('; ')}${rest}`;
}

function lostText(lost: readonly number[]): string {
  return `${lost.length === 1 ? 'link' : 'links'} to ${lost.map((peer) => `VM ${peer}`).join(', ')} lost`;
}
