/**
 * Mutual proof that both ends of a link know the run's secret, without the secret crossing the wire: each end sends
 * a fresh nonce, and each proves with an HMAC-SHA256 over both nonces, the run, the link's ends and its own role.
 * The role is part of the text, so a dialer's proof can never be replayed as a listener's (or the other way round),
 * and the ends are, so a proof for one link is worth nothing on another.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type LinkRole = 'dialer' | 'listener';

/** One link's handshake: `from` dials `to`; each side's nonce. */
export type LinkHandshake = { run: string; from: number; to: number; listenerNonce: string; dialerNonce: string };

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function handshakeProof(secret: string, role: LinkRole, link: LinkHandshake): string {
  return createHmac('sha256', secret)
    .update(`clocklab-link|${role}|${link.run}|${link.from}|${link.to}|${link.listenerNonce}|${link.dialerNonce}`)
    .digest('hex');
}

export function proofMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
