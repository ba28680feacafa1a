/**
 * How a VM that is done ticking ends its links: a moment's wait past the stop, then an end marker to every peer
 * (after its last message) and a wait for theirs. The wait is an idle timeout: a peer still catching up on its last
 * ticks keeps sending and is waited for; only peers silent for endIdleMs end it early (or, at the latest, the
 * deadline endWithinMs past the stop), so a silent peer cannot hold the VM forever.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

/** A stopped VM gives up on its peers' end markers once no frame came from any of them for this long. */
export const endIdleMs = 5000;
/**
 * And at the latest this long past the stop, whatever still arrives: the launcher kills VMs that are not done
 * 15 s past the stop (finishGraceMs in launcher/stop-in-order.ts), and the VM still has its figures to report.
 */
export const endWithinMs = 10_000;
/** How often the wait looks whether frames came in meanwhile: silence is judged to within this. */
const lookEveryMs = 250;

/**
 * Ending the links (an end marker and a close per peer, in every VM at once) is a burst of work; a VM still
 * catching up on its last ticks would be made later by it (up to 130 ms with 64 VMs on 2 cores, against ~30 ms
 * anywhere else in the run). So a VM that is done waits this long past the stop before it ends its links.
 */
const endGraceMs = 100;

/** What endLinks needs of the mesh (PeerMesh): its end, and a count of the frames its peers sent so far. */
export type EndingMesh = { finish(sentTo: (peer: number) => number): Promise<void>; readonly framesHeard: number };
export type EndResult = 'all-ended' | 'peers-silent' | 'past-deadline';

/**
 * 'all-ended' once every peer's end marker came; otherwise why the VM stopped waiting for the rest. `stopAtMs` is on
 * the clock of `timer`.
 */
export function endLinks(
  mesh: EndingMesh,
  sentTo: (peer: number) => number,
  stopAtMs: number,
  timer: TimerPort,
): Promise<EndResult> {
  return new Promise((resolve) => {
    let pending: TimerHandle | undefined;
    let settled = false;
    const settle = (result: EndResult) => {
      if (settled) return;
      settled = true;
      pending?.cancel();
      resolve(result);
    };
    const end = () => {
      const begun = timer.now();
      // Never less than one idle period, even for a VM that itself finished past the deadline.
      const deadline = Math.max(stopAtMs + endWithinMs, begun + endIdleMs);
      let heard = mesh.framesHeard;
      let quietSince = begun;
      const look = () => {
        if (settled) return;
        const now = timer.now();
        if (mesh.framesHeard !== heard) {
          heard = mesh.framesHeard;
          quietSince = now;
        }
        if (now >= deadline) return settle('past-deadline');
        if (now - quietSince >= endIdleMs) return settle('peers-silent');
        pending = timer.setTimer(look, Math.min(lookEveryMs, quietSince + endIdleMs - now, deadline - now));
      };
      void mesh.finish(sentTo).then(() => settle('all-ended'));
      look();
    };
    const graceLeft = stopAtMs + endGraceMs - timer.now();
    if (graceLeft > 0) pending = timer.setTimer(end, graceLeft);
    else end();
  });
}

/** The warning for a VM whose wait ended without every end marker; undefined when every one came. */
export function endWarning(vm: number, result: EndResult): string | undefined {
  switch (result) {
    case 'all-ended':
      return undefined;
    case 'peers-silent':
      return `VM ${vm}: some peers sent no end marker and nothing else for ${endIdleMs} ms`;
    case 'past-deadline':
      return `VM ${vm}: some peers sent no end marker within ${endWithinMs} ms of the stop`;
    default: {
      const never: never = result;
      throw new Error(`unhandled end result ${String(never)}`);
    }
  }
}
