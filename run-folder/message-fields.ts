/**
 * The CSV fields that name a message and its VMs: msg_id `<sender>-<n>`, and the peer column (a send's recipients,
 * distinct peer ids joined by ';'; a receive's sender).
 */
import { intOf } from './field-numbers.js';

/** `<sender>-<n>` with n >= 1; returns [sender, n] or null. */
export function parseMsgId(id: string): [number, number] | null {
  const dash = id.indexOf('-');
  if (dash <= 0) return null;
  const sender = intOf(id.slice(0, dash));
  const seq = intOf(id.slice(dash + 1));
  return sender >= 0 && seq >= 1 ? [sender, seq] : null;
}

/** Another VM of the run: not `self`. */
export const isPeer = (p: number, self: number, machines: number): boolean => p >= 0 && p < machines && p !== self;

/** Recipients of a send: distinct peer ids joined by ';', or null. */
export function parseRecipients(peer: string, self: number, machines: number): number[] | null {
  const to = peer.split(';').map(intOf);
  for (let i = 0; i < to.length; i++) {
    const p = to[i] as number;
    if (!isPeer(p, self, machines) || to.indexOf(p) !== i) return null;
  }
  return to;
}
