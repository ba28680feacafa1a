/**
 * Bounds on the numbers a VM takes from an authenticated peer. The frame decoder already made sure each is a safe
 * integer or finite number of the right shape; these checks say whether the value can be trusted to drive this
 * run: a peer that knows the secret but sends a clock near 2^53, a vector for VMs that do not exist or a start
 * days away fails the run with one line naming it, rather than corrupting clocks, memory or timers. A few
 * comparisons per message, on the receive path.
 */
import type { MessageFrame } from './wire-frames.js';

/**
 * The largest clock (or vector entry) a message may carry: 2^32 short of the safe integers, so the receiver's
 * `max + 1` and every later tick of the run stay exact.
 */
export const maxWireClock = Number.MAX_SAFE_INTEGER - 2 ** 32;
/** A send time (epoch ms) past this, or negative, is no clock reading (it would only skew the latency figures). */
export const maxWireEpochMs = 1e13;
/** A by-hand start proposal may lie at most this far ahead of the receiver's clock. */
export const maxStartAheadMs = 60_000;

const messageId = /^(\d{1,9})-\d{1,15}$/;

/** Why `frame` (in a run of `machines` VMs) cannot be used; undefined when it can. */
export function messageOutOfBounds(frame: MessageFrame, machines: number): string | undefined {
  if (frame.clock > maxWireClock) {
    return `a Lamport clock of ${frame.clock}, past ${maxWireClock}: the clocks would leave the safe integers`;
  }
  if (!(frame.sentAt >= 0 && frame.sentAt <= maxWireEpochMs))
    return `a send time of ${frame.sentAt} ms, not a clock reading`;
  const id = messageId.exec(frame.id);
  if (id === null || Number(id[1]) !== frame.from) return `a message id that is not "${frame.from}-<n>"`;
  const vc = frame.vc;
  if (vc === undefined) return undefined;
  if (vc.length > machines) return `a vector clock of ${vc.length} entries in a run of ${machines} VMs`;
  // Uint32 entries (how the binary frame carries a vector whose entries all fit) are in range by construction.
  if (vc instanceof Uint32Array) return undefined;
  for (let i = 0; i < vc.length; i++) {
    const entry = vc[i] ?? 0;
    if (entry < 0 || entry > maxWireClock) return `vector clock entry ${i} = ${entry}, outside 0..${maxWireClock}`;
  }
  return undefined;
}

/** Why a start proposal for epoch ms `startAt`, received at `now`, is refused; undefined when it is fine. */
export function startOutOfBounds(startAt: number, now: number): string | undefined {
  const ahead = startAt - now;
  return ahead > maxStartAheadMs
    ? `a start ${Math.round(ahead / 1000)} s ahead (at most ${maxStartAheadMs / 1000} s allowed)`
    : undefined;
}

/**
 * Why a by-hand session's word that it started at epoch ms `at` (told at `now` to a VM that dialed in late) is
 * refused; undefined when it is fine. The start may still lie ahead (the session is in its lead), but no further
 * than a proposal may.
 */
export function startedOutOfBounds(at: number, now: number): string | undefined {
  if (!(at >= 0 && at <= maxWireEpochMs)) return `a session start of ${at} ms, not a clock reading`;
  return startOutOfBounds(at, now);
}
