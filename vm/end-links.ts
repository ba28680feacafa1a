/**
 * How a VM that is done ticking ends its links: a moment's wait past the stop, then an end marker to every peer
 * (after its last message) and a wait for theirs, bounded so a silent peer cannot hold the VM forever.
 */
import type { PeerMesh } from './peer-mesh.js';

/** How long a stopped VM waits for its peers' end markers before it counts a silent peer's link as lost. */
export const endTimeoutMs = 5000;

/**
 * Ending the links (an end marker and a close per peer, in every VM at once) is a burst of work; a VM still
 * catching up on its last ticks would be made later by it (up to 130 ms with 64 VMs on 2 cores, against ~30 ms
 * anywhere else in the run). So a VM that is done waits this long past the stop before it ends its links.
 */
const endGraceMs = 100;

export type EndTiming = { stopAtMs: number; now(): number };

/** True once every peer's end marker came; false when some did not within endTimeoutMs. */
export async function endLinks(mesh: PeerMesh, sentTo: (peer: number) => number, timing: EndTiming): Promise<boolean> {
  const graceLeft = timing.stopAtMs + endGraceMs - timing.now();
  if (graceLeft > 0) await new Promise((resolve) => setTimeout(resolve, graceLeft));
  return Promise.race([
    mesh.finish(sentTo).then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), endTimeoutMs).unref()),
  ]);
}
