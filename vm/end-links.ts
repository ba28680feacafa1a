/**
 * How a VM that is done ticking ends its links: a moment's wait past the stop, then an end marker to every peer
 * (after its last message) and a wait for theirs. The wait is an idle timeout: a peer still catching up on its last
 * ticks keeps sending and is waited for; only peers silent for endIdleMs end it early (or, at the latest, the
 * deadline endWithinMs past the stop), so a silent peer cannot hold the VM forever.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';
import type { UnendedCause, UnendedLink } from '../shared/unended-links.js';

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

/** The peers whose end marker never came (PeerMesh.withoutEndMarker): `closed` before it, or still `open`. */
export type MissingMarkers = { closed: readonly number[]; open: readonly number[] };

/**
 * The VM's record of its links that ended without their end marker, for its figures: copies on them that are
 * nowhere were lost with the link (the check reads this). `result` says why it stopped waiting on the open ones.
 */
export function unendedLinks(result: EndResult, missing: MissingMarkers): UnendedLink[] {
  const gaveUp = (cause: UnendedCause) => missing.open.map((from): UnendedLink => ({ from, cause }));
  const closed = missing.closed.map((from): UnendedLink => ({ from, cause: 'closed' }));
  const open = ((): UnendedLink[] => {
    switch (result) {
      case 'all-ended':
        // Every link finished: none can still be open.
        if (missing.open.length > 0) throw new Error(`links from VM ${missing.open.join(', ')} open after all ended`);
        return [];
      case 'peers-silent':
        return gaveUp('silent');
      case 'past-deadline':
        return gaveUp('past-deadline');
      default: {
        const never: never = result;
        throw new Error(`unhandled end result ${String(never)}`);
      }
    }
  })();
  return [...closed, ...open].sort((a, b) => a.from - b.from);
}

/**
 * The warning for a VM whose wait ended without every end marker, naming the peers it gave up on (`waitedFor`);
 * undefined when every one came.
 */
export function endWarning(vm: number, result: EndResult, waitedFor: readonly number[]): string | undefined {
  const peers = `VM ${waitedFor.join(', VM ')}`;
  const lost = 'copies still on the way are counted lost with the link';
  switch (result) {
    case 'all-ended':
      return undefined;
    case 'peers-silent':
      return `VM ${vm}: ${peers} sent no end marker and nothing else for ${endIdleMs} ms; ${lost}`;
    case 'past-deadline':
      return `VM ${vm}: ${peers} sent no end marker within ${endWithinMs} ms of the stop; ${lost}`;
    default: {
      const never: never = result;
      throw new Error(`unhandled end result ${String(never)}`);
    }
  }
}
