/**
 * The dialing side of one link: connects (retrying while the peer is not up yet), answers the challenge with its own
 * nonce and proof of the run secret, and accepts the link only once the welcome proves that the listener knows the
 * secret too: a process squatting on a peer's port learns nothing it can use, and nothing it sends is taken.
 * The dialed link is the one a VM receives its peer's frames on (wire-frames.ts). Its bytes are read with `onread`
 * into one buffer shared by every link (each read is decoded before the next, and the decoder copies what it keeps):
 * no Buffer and no stream 'data' event per read, the largest part of a received copy's cost.
 */
import { connect, type Socket } from 'node:net';
import { handshakeTimeoutMs } from '../shared/mesh-deadlines.js';
import { printable } from '../shared/printable-text.js';
import { encodeFrame, FrameDecoder } from './frame-decoder.js';
import { handshakeProof, type LinkHandshake, newNonce, proofMatches } from './handshake-proof.js';
import { silentPort } from './silent-port.js';
import type { Frame, RefusalCause } from './wire-frames.js';

/**
 * What the peer sends once the link is up: each frame, or a refusal (the link is then closed). `onSilent`: the
 * peer's port accepted the connection but nothing on it started the handshake (silent-port.ts says when it is told).
 */
export type LinkedEvents = {
  onFrame(frame: Frame): void;
  onRefused(reason: string): void;
  onSilent?(line: string): void;
};
export type DialTarget = {
  host: string;
  port: number;
  run: string;
  self: number;
  peer: number;
  machines: number;
  secret: string;
  linked: LinkedEvents;
  /** By default handshakeTimeoutMs(machines). */
  handshakeMs?: number;
};

/** `told`: the listener answered the hello with a refusal frame (another run, or another secret). */
export type DialResult =
  | { ok: true; socket: Socket }
  | { ok: false; reason: 'peer-timeout' | 'peer-refused'; detail: string; told?: RefusalCause };

const retryEveryMs = 100;
/** Every dialed link reads into this (see above); a read is at most its size. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/** `wanted()` false: the VM gave up on its mesh (another link failed), so stop retrying. */
export async function dialPeer(target: DialTarget, giveUpAt: number, wanted = () => true): Promise<DialResult> {
  const handshakeMs = target.handshakeMs ?? handshakeTimeoutMs(target.machines);
  const silent = silentPort(target);
  let lastError = 'no answer';
  let lastSilent = false;
  while (Date.now() < giveUpAt && wanted()) {
    const attempt = await dialOnce(target, handshakeMs, giveUpAt, wanted);
    if (attempt.ok || attempt.reason === 'peer-refused') return attempt;
    lastError = attempt.detail;
    lastSilent = 'silent' in attempt;
    if (lastSilent && wanted()) silent.seen();
    await new Promise((resolve) => setTimeout(resolve, retryEveryMs));
  }
  const at = `VM ${target.peer} at ${target.host}:${target.port}`;
  return {
    ok: false,
    reason: 'peer-timeout',
    detail: lastSilent ? silent.detail : `${at} never accepted a connection (${lastError})`,
  };
}

type DialAttempt = DialResult | { ok: false; reason: 'peer-timeout'; detail: string; silent: true };

/**
 * One connection. Until its hello is sent it waits twice the handshake bound (a port that is slow to answer is dialed
 * again). Once the hello is sent it waits for the listener's answer until `giveUpAt`: a listener that read the hello
 * has taken the link as this VM's as it sent its welcome, so giving up then would close a link the peer counts as
 * up, and lose it there for the whole run (a VM's listener answers or closes within its own bound; only the mesh
 * closing, or its deadline, ends the wait).
 */
function dialOnce(
  target: DialTarget,
  handshakeMs: number,
  giveUpAt: number,
  wanted: () => boolean,
): Promise<DialAttempt> {
  return new Promise<DialAttempt>((resolve) => {
    const decoder = new FrameDecoder();
    const at = `VM ${target.peer} at ${target.host}:${target.port}`;
    let link: LinkHandshake | undefined;
    let settled = false;
    /** Set once the welcome was proven: frames after it belong to the VM. */
    let linked = false;
    const onBytes = (bytes: Buffer) => {
      for (const item of decoder.push(bytes)) {
        if (socket.destroyed) return;
        if (linked) {
          if (item.ok) target.linked.onFrame(item.frame);
          else {
            target.linked.onRefused(`from VM ${target.peer}: ${item.reason}: ${item.detail}`);
            socket.destroy();
          }
          continue;
        }
        if (settled) return;
        if (!item.ok) return refused(`sent a bad handshake frame (${item.reason}: ${item.detail})`);
        handshake(item.frame);
      }
    };
    const socket = connect({
      host: target.host,
      port: target.port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (length) => {
          onBytes(readBuffer.subarray(0, length));
          return true;
        },
      },
    });
    const settle = (result: DialAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const refused = (why: string) =>
      settle({ ok: false, reason: 'peer-refused', detail: `${at} ${why} (is another process on its port?)` });
    // A VM's listener sends its challenge as it accepts (inbound-link.ts): a port that took the connection and said
    // nothing in all this time is likely held by something else (silent-port.ts).
    let connected = false;
    socket.on('connect', () => (connected = true));
    const timedOut = () =>
      settle(
        connected && link === undefined
          ? { ok: false, reason: 'peer-timeout', detail: 'no challenge', silent: true }
          : { ok: false, reason: 'peer-timeout', detail: 'handshake timed out' },
      );
    // Before the hello: once, at twice the bound. After it: looked at again every such span, so that a mesh that
    // closed (the VM gave up) does not keep the wait, and the connection, until the deadline.
    const waitUntil = (at: number) => setTimeout(check, Math.max(1, Math.min(at, giveUpAt) - Date.now()));
    const check = () => {
      if (link === undefined || Date.now() >= giveUpAt || !wanted()) return timedOut();
      timer = waitUntil(Date.now() + 2 * handshakeMs);
    };
    let timer = waitUntil(Date.now() + 2 * handshakeMs);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, reason: 'peer-timeout', detail: error.code ?? error.message }),
    );
    socket.on('close', () => settle({ ok: false, reason: 'peer-timeout', detail: 'closed during handshake' }));
    const handshake = (frame: Frame) => {
      if (frame.t === 'challenge' && link === undefined) {
        link = {
          run: target.run,
          from: target.self,
          to: target.peer,
          listenerNonce: frame.nonce,
          dialerNonce: newNonce(),
        };
        const proof = handshakeProof(target.secret, 'dialer', link);
        const { run, self: from, peer: to } = target;
        socket.write(encodeFrame({ t: 'hello', run, from, to, nonce: link.dialerNonce, proof }));
      } else if (frame.t === 'refused' && link !== undefined) {
        // Final, not retried. Only whatever holds the peer's port can send it, and that could already end this dial
        // for good with a welcome it cannot prove: a refusal gives a squatter no more power than it has.
        settle({
          ok: false,
          reason: 'peer-refused',
          detail: `${at} ${refusalText(frame.cause, target.self)}`,
          told: frame.cause,
        });
      } else if (frame.t === 'welcome' && link !== undefined) {
        if (!proofMatches(handshakeProof(target.secret, 'listener', link), frame.proof)) {
          return refused('did not prove the run secret');
        }
        socket.removeAllListeners('close');
        socket.removeAllListeners('error');
        linked = true;
        settle({ ok: true, socket });
      } else {
        refused(`sent an unexpected ${printable(frame.t, 20)} during the handshake`);
      }
    };
  });
}

function refusalText(cause: RefusalCause, self: number): string {
  switch (cause) {
    case 'no-secret':
      return `says VM ${self} did not prove the run secret (start every VM of a session with the same --out or CLOCKLAB_SECRET; a running session takes no newcomer)`;
    case 'another-run':
      return `refused VM ${self}'s hello as one for another run (by hand: start every VM with the same config)`;
    default: {
      const never: never = cause;
      throw new Error(`unknown refusal cause ${String(never)}`);
    }
  }
}
