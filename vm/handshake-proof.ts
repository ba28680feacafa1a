/** Proof that a dialer knows the run's secret: an HMAC over the listener's fresh nonce and the link's ends. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function handshakeProof(secret: string, nonce: string, run: string, from: number, to: number): string {
  return createHmac('sha256', secret).update(`${nonce}|${run}|${from}|${to}`).digest('hex');
}

export function proofMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
