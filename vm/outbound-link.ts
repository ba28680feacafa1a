/**
 * The dialing side of one link: connects (retrying while the peer is not up yet), answers the challenge with the
 * run secret's proof and waits for the welcome. The resulting socket only ever carries this VM's frames to that peer.
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from './frame-decoder.js';
import { handshakeProof } from './handshake-proof.js';

export type DialTarget = { host: string; port: number; run: string; self: number; peer: number; secret: string };

export type DialResult =
  | { ok: true; socket: Socket }
  | { ok: false; reason: 'peer-timeout' | 'peer-refused'; detail: string };

const retryEveryMs = 100;

export async function dialPeer(target: DialTarget, giveUpAt: number): Promise<DialResult> {
  let lastError = 'no answer';
  while (Date.now() < giveUpAt) {
    const attempt = await dialOnce(target, giveUpAt);
    if (attempt.ok || attempt.reason === 'peer-refused') return attempt;
    lastError = attempt.detail;
    await new Promise((resolve) => setTimeout(resolve, retryEveryMs));
  }
  return {
    ok: false,
    reason: 'peer-timeout',
    detail: `VM ${target.peer} at ${target.host}:${target.port} never accepted a connection (${lastError})`,
  };
}

function dialOnce(target: DialTarget, giveUpAt: number): Promise<DialResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port, noDelay: true });
    const decoder = new FrameDecoder();
    let settled = false;
    const settle = (result: DialResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => settle({ ok: false, reason: 'peer-timeout', detail: 'handshake timed out' }),
      Math.max(1, giveUpAt - Date.now()),
    );
    socket.on('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, reason: 'peer-timeout', detail: error.code ?? error.message }),
    );
    socket.on('close', () => settle({ ok: false, reason: 'peer-timeout', detail: 'closed during handshake' }));
    socket.on('data', (chunk) => {
      for (const item of decoder.push(chunk)) {
        if (!item.ok) return settle({ ok: false, reason: 'peer-refused', detail: `${item.reason}: ${item.detail}` });
        const frame = item.frame;
        if (frame.t === 'challenge') {
          const proof = handshakeProof(target.secret, frame.nonce, target.run, target.self, target.peer);
          socket.write(encodeFrame({ t: 'hello', run: target.run, from: target.self, to: target.peer, proof }));
        } else if (frame.t === 'welcome') {
          socket.removeAllListeners('close');
          socket.removeAllListeners('error');
          return settle({ ok: true, socket });
        } else {
          return settle({ ok: false, reason: 'peer-refused', detail: `unexpected ${frame.t} during handshake` });
        }
      }
    });
  });
}
