/**
 * What a VM subtracts from each copy's send stamp (the sender's clock) to put it on its own clock, per sender id, in
 * ms: each peer's host clock minus this VM's, as the launcher of a run on several hosts measured them (0 for a peer
 * on this VM's host, and everywhere in a local run, where every VM shares one clock). NaN where a host's offset is
 * unknown: such copies are counted apart, not given a latency off by a whole clock offset.
 */
import type { VmSpec } from '../shared/vm-spec.js';
import type { RunWindow } from './coordinator.js';

/**
 * Zeros (one clock) until the start hands the offsets over; a restarted VM on several hosts can hear its peers
 * before its start comes (they dial it when it listens), so its offsets are unknown until then.
 */
export function newPeerOffsets(spec: Pick<VmSpec, 'machines' | 'peerHosts' | 'restart'>): Float64Array {
  const unknownAtFirst = spec.peerHosts !== undefined && spec.restart !== undefined;
  return new Float64Array(spec.machines).fill(unknownAtFirst ? Number.NaN : 0);
}

/** The start's offsets, when the launcher gave any (only a run on several hosts does). */
export function applyPeerOffsets(offsets: Float64Array, window: Pick<RunWindow, 'peerOffsetsMs'>): void {
  const given = window.peerOffsetsMs;
  if (given === undefined) return;
  for (let id = 0; id < offsets.length; id++) offsets[id] = given[id] ?? Number.NaN;
}
