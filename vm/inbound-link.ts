/**
 * The listening side of one link: sends a challenge, checks the hello (run, sender id, the dialer's proof), answers
 * with its own proof in the welcome; from then on the link is the one this VM sends that peer its frames on, and
 * the dialer sends nothing more. Anything wrong closes the connection and is reported as a refusal, never thrown;
 * whatever the stranger sent is quoted escaped and cut short. By hand, a peer that proves the secret after the
 * session started is told so after the welcome and closed: it never becomes a link.
 */
import type { Socket } from 'node:net';
import { handshakeTimeoutMs } from '../shared/mesh-deadlines.js';
import { printable } from '../shared/printable-text.js';
import { encodeFrame, FrameDecoder } from './frame-decoder.js';
import { handshakeProof, newNonce, proofMatches } from './handshake-proof.js';
import type { RefusalCause, StartedFrame } from './wire-frames.js';

/** `handshakeMs`: by default handshakeTimeoutMs(machines). */
export type InboundIdentity = { run: string; self: number; machines: number; secret: string; handshakeMs?: number };

export type InboundEvents = {
  /**
   * The handshake passed; returns true when the link is taken as the peer's, false when that peer is already
   * connected (the newcomer is refused), or, by hand once the session started, what that late peer is told.
   */
  onIdentified(peer: number, socket: Socket): boolean | StartedFrame;
  onClosed(peer: number): void;
  onRefused(reason: string): void;
};

export function acceptInbound(socket: Socket, me: InboundIdentity, events: InboundEvents): void {
  socket.setNoDelay(true);
  const handshakeMs = me.handshakeMs ?? handshakeTimeoutMs(me.machines);
  const decoder = new FrameDecoder();
  const nonce = newNonce();
  let peer: number | undefined;
  /** Set once refused: nothing more the dialer sends is read. */
  let refused = false;
  /** Set once told the session started without it (by hand): anything it sends after its hello cuts it off. */
  let late = false;
  /**
   * A hello for another run, or one without the secret, is answered with why (`cause`) before the close, so that a
   * VM of a mismatched session stops at once instead of retrying. Anyone may connect and be told: the cause is a code
   * that says only what the stranger's own hello got wrong, and the secret is not in it in any form.
   */
  const refuse = (reason: string, cause?: RefusalCause) => {
    if (refused) return;
    refused = true;
    events.onRefused(peer === undefined ? reason : `from VM ${peer}: ${reason}`);
    // The handshake timer still runs: a dialer that never closes its end is destroyed then.
    if (cause !== undefined) socket.end(encodeFrame({ t: 'refused', cause }));
    else socket.destroy();
  };
  let timer = setTimeout(() => {
    if (refused) socket.destroy();
    else refuse('handshake not completed in time');
  }, handshakeMs);
  /**
   * A late peer is told after the welcome (its proof shows the word is the session's), and the connection is let go
   * as soon as that is handed to the kernel, which still delivers it: whether the peer reads, closes its end or
   * sends on, it holds nothing here (the timer is for a write that never drains).
   */
  const tellLate = (from: number, welcome: Buffer, told: StartedFrame) => {
    refused = true;
    late = true;
    events.onRefused(`from VM ${from}: dialed in after the session started; told so and closed`);
    timer = setTimeout(() => socket.destroy(), handshakeMs);
    socket.write(welcome);
    socket.end(encodeFrame(told), () => socket.destroy());
  };
  socket.write(encodeFrame({ t: 'challenge', nonce }));

  socket.on('data', (chunk) => {
    if (refused) {
      // Nothing a refused dialer sends is read; a late peer that sends anything after its hello is cut off at once.
      if (late) socket.destroy();
      return;
    }
    for (const item of decoder.push(chunk)) {
      if (socket.destroyed || refused) return;
      if (!item.ok) return refuse(`${item.reason}: ${item.detail}`);
      const frame = item.frame;
      if (peer !== undefined) return refuse(`${frame.t} after the handshake, on a link it only receives on`);
      if (frame.t !== 'hello') return refuse(`expected hello, got ${frame.t}`);
      if (frame.run !== me.run) return refuse(`hello for another run (${printable(frame.run, 40)})`, 'another-run');
      if (frame.to !== me.self || frame.from === me.self || frame.from < 0 || frame.from >= me.machines) {
        return refuse(`hello from unknown VM id ${frame.from}`);
      }
      const link = { run: me.run, from: frame.from, to: me.self, listenerNonce: nonce, dialerNonce: frame.nonce };
      if (!proofMatches(handshakeProof(me.secret, 'dialer', link), frame.proof)) {
        return refuse(`hello from VM ${frame.from} without the run secret`, 'no-secret');
      }
      clearTimeout(timer);
      const identified = events.onIdentified(frame.from, socket);
      if (identified === false) return refuse(`VM ${frame.from} is already connected`);
      const welcome = encodeFrame({ t: 'welcome', proof: handshakeProof(me.secret, 'listener', link) });
      if (identified !== true) return tellLate(frame.from, welcome, identified);
      peer = frame.from;
      socket.write(welcome);
    }
  });
  socket.on('end', () => {
    if (peer === undefined) refuse('closed before completing the handshake');
  });
  socket.on('error', () => {}); // 'close' follows and carries the consequence
  socket.on('close', () => {
    clearTimeout(timer);
    if (peer !== undefined) events.onClosed(peer);
  });
}
