/**
 * What each VM of a run on several hosts is told at its start of its peers' clocks: per VM id, that VM's host clock
 * minus its own host's, from the offsets (host minus launcher) the start instants went with. A VM on its own host
 * gets 0 (one clock); null where either host's offset was never measured, so that VM leaves those copies out of its
 * latency instead of reporting them off by a whole clock offset.
 */
import { microsecondMs } from '../shared/microsecond-ms.js';

/** `placement`: host index per VM id; `hostOffsetsMs`: per host, its clock minus the launcher's, null if unknown. */
export function peerOffsetsFor(
  vm: number,
  placement: readonly number[],
  hostOffsetsMs: readonly (number | null)[],
): (number | null)[] {
  const own = placement[vm];
  const ownOffset = own === undefined ? null : (hostOffsetsMs[own] ?? null);
  return placement.map((host) => {
    if (host === own) return 0;
    const offset = hostOffsetsMs[host] ?? null;
    return offset === null || ownOffset === null ? null : microsecondMs(offset - ownOffset);
  });
}
