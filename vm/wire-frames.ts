/**
 * Frames on a VM-to-VM link: newline-delimited JSON objects with a `t` type field, except `msg`, which travels in
 * binary (message-codec.ts). Every link carries one direction: the listener sends, the dialer receives (on a socket
 * it reads cheaply, see outbound-link.ts) and sends only the handshake.
 *   dialer -> listener: hello (run, sender, its nonce, proof of the secret), and nothing after it.
 *   listener -> dialer: challenge (its nonce), welcome (its own proof of the secret), then ready / msg / stop, and
 *   end last; or, instead of the welcome, refused (the hello was for another run or without the run secret); or,
 *   by hand to a VM that dials in after the session started, started after the welcome, and nothing more.
 * Both ends prove the secret (an HMAC over both nonces, see handshake-proof.ts); the secret itself never crosses.
 * `msg` leaves room for the sender's vector clock (`vc`) and for measuring network delay (`sentAt`).
 */
import { printable } from '../shared/printable-text.js';

export type ChallengeFrame = { t: 'challenge'; nonce: string };
export type HelloFrame = { t: 'hello'; run: string; from: number; to: number; nonce: string; proof: string };
export type WelcomeFrame = { t: 'welcome'; proof: string };
/** Why a listener refused a hello, told so that the dialer stops instead of retrying: a code, never free text. */
export const refusalCauses = ['another-run', 'no-secret'] as const;
export type RefusalCause = (typeof refusalCauses)[number];
export type RefusedFrame = { t: 'refused'; cause: RefusalCause };
/** By-hand mode only: the sender is connected both ways and proposes this start instant (epoch ms). */
export type ReadyFrame = { t: 'ready'; startAt: number };
/**
 * By-hand mode only: the sender's session started at `at` (epoch ms) without the receiver, which dialed in after it
 * (a VM restarted into it): it cannot be joined. Sent after the welcome (so it is the session's word), then the
 * link is closed.
 */
export type StartedFrame = { t: 'started'; at: number };
export type MessageFrame = {
  t: 'msg';
  id: string;
  from: number;
  clock: number;
  sentAt: number;
  /** As a Uint32Array when received with every entry under 2^32 (message-codec.ts). */
  vc?: ArrayLike<number>;
};
/** Asks peers to stop ticking at `at` (epoch ms): a Ctrl-C in one by-hand VM stops them all together. */
export type StopFrame = { t: 'stop'; at: number };
/** The sender's last frame on this link: `sent` messages went before it. */
export type EndFrame = { t: 'end'; sent: number };

export type Frame =
  | ChallengeFrame
  | HelloFrame
  | WelcomeFrame
  | RefusedFrame
  | ReadyFrame
  | StartedFrame
  | MessageFrame
  | StopFrame
  | EndFrame;

export type FrameCheck =
  | { ok: true; frame: Frame }
  | { ok: false; reason: 'malformed' | 'unknown-type'; detail: string };

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length <= 256;
/** Nonces and proofs are fixed-length lowercase hex: nothing an attacker picks can shift the fields an HMAC covers. */
const isHex =
  (length: number) =>
  (v: unknown): v is string =>
    typeof v === 'string' && v.length === length && /^[0-9a-f]+$/.test(v);
export const nonceChars = 32;
export const proofChars = 64;
const isNonce = isHex(nonceChars);
const isProof = isHex(proofChars);
const isCause = (v: unknown): v is RefusalCause => refusalCauses.some((cause) => cause === v);

/** Checks a decoded JSON value field by field: bytes from a socket are never trusted. (`msg` is binary only.) */
export function checkFrame(value: unknown): FrameCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'malformed', detail: 'not a JSON object' };
  }
  const v = value as Record<string, unknown>;
  const bad = (detail: string): FrameCheck => ({ ok: false, reason: 'malformed', detail });
  switch (v.t) {
    case 'challenge':
      return isNonce(v.nonce)
        ? { ok: true, frame: { t: 'challenge', nonce: v.nonce } }
        : bad('challenge without nonce');
    case 'hello':
      return isStr(v.run) && isInt(v.from) && isInt(v.to) && isNonce(v.nonce) && isProof(v.proof)
        ? { ok: true, frame: { t: 'hello', run: v.run, from: v.from, to: v.to, nonce: v.nonce, proof: v.proof } }
        : bad('hello needs run, from, to, nonce and proof');
    case 'welcome':
      return isProof(v.proof) ? { ok: true, frame: { t: 'welcome', proof: v.proof } } : bad('welcome without proof');
    case 'refused':
      return isCause(v.cause)
        ? { ok: true, frame: { t: 'refused', cause: v.cause } }
        : bad('refused without a known cause');
    case 'ready':
      return isNum(v.startAt) ? { ok: true, frame: { t: 'ready', startAt: v.startAt } } : bad('ready without startAt');
    case 'started':
      return isNum(v.at) ? { ok: true, frame: { t: 'started', at: v.at } } : bad('started without at');
    case 'stop':
      return isNum(v.at) ? { ok: true, frame: { t: 'stop', at: v.at } } : bad('stop without at');
    case 'end':
      return isInt(v.sent) ? { ok: true, frame: { t: 'end', sent: v.sent } } : bad('end without sent');
    default:
      return {
        ok: false,
        reason: 'unknown-type',
        detail: `unknown frame type ${printable(String(JSON.stringify(v.t)), 40)}`,
      };
  }
}
