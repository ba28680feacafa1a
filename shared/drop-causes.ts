/**
 * Why a copy of a send never left its VM, in one vocabulary from the wire to the manifest, and the one mapping from
 * the drops a run recorded to the manifest's figures.
 *
 * Who owns the counts: whoever holds every drop of the VM's whole run. A VM tells each drop as it happens (its
 * coordinator's `reportDrop`), not in its final figures, because a VM killed by an injected fault takes its own
 * figures with it while what it told survives. So under the launcher the launcher's record of every life is the
 * only count; run by hand (no launcher, no kills) the VM's own record is.
 */

export type DropReason = 'link-down' | 'partition' | 'injected-drop';

/** One copy that never left: `copy` is `<msg_id>><peer>`. */
export type Drop = { copy: string; reason: DropReason };

/** The manifest's field for each reason. */
const fieldOf = {
  'link-down': 'linkDown',
  partition: 'partition',
  'injected-drop': 'injectedDrop',
} as const satisfies Record<DropReason, string>;

export type DroppedBy = Record<(typeof fieldOf)[DropReason], number>;

export type DropFigures = { dropped: string[]; droppedBy: DroppedBy };

export function dropFigures(drops: readonly Drop[]): DropFigures {
  const droppedBy: DroppedBy = { linkDown: 0, partition: 0, injectedDrop: 0 };
  for (const drop of drops) droppedBy[fieldOf[drop.reason]] += 1;
  return { dropped: drops.map((drop) => drop.copy), droppedBy };
}
