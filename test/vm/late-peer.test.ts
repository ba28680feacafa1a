/**
 * A by-hand session's listener once its VMs agreed on the start: a peer that proves the secret after it (a VM
 * restarted into the session) is told the session started, then closed; it never becomes a link, and what it
 * does next (sending on, keeping its end open, dialing again and again) costs the session a bounded little.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { encodeFrame, FrameDecoder } from '../../vm/frame-decoder.js';
import { handshakeProof, newNonce } from '../../vm/handshake-proof.js';
import { maxUnauthenticated } from '../../vm/mesh-listener.js';
import type { MeshEvents } from '../../vm/mesh-types.js';
import { dialPeer } from '../../vm/outbound-link.js';
import { PeerMesh } from '../../vm/peer-mesh.js';
import type { Frame, StartedFrame } from '../../vm/wire-frames.js';

const run = 'manual-late';
const secret = 'd4'.repeat(32);
const answer: StartedFrame = { t: 'started', at: 1_764_117_000_000 };
const sockets: Socket[] = [];
let mesh: PeerMesh | undefined;
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  mesh?.close();
});

/** VM 0 of 3, listening, its session started: returns its port and everything its mesh told the VM. */
async function runningVm(): Promise<{ port: number; heard: string[] }> {
  const heard: string[] = [];
  const events: MeshEvents = {
    onMessage: () => heard.push('message'),
    onReady: (peer) => heard.push(`ready from ${peer}`),
    onStarted: (peer) => heard.push(`started from ${peer}`),
    onStop: (peer) => heard.push(`stop from ${peer}`),
    onPeerLost: (peer) => heard.push(`lost ${peer}`),
    onRefused: (reason) => heard.push(`refused: ${reason}`),
    onOutOfBounds: (peer) => heard.push(`out of bounds from ${peer}`),
  };
  mesh = new PeerMesh({ run, self: 0, machines: 3, secret, host: '127.0.0.1' }, events);
  const listening = await mesh.listen(0);
  if (!listening.ok) throw new Error(listening.detail);
  mesh.answerLatePeers(answer);
  return { port: listening.port, heard };
}

/**
 * VM 2 doing the dialer's handshake by hand, so that it can misbehave after it: it keeps its end open when the
 * listener ends its own (allowHalfOpen). Resolves once the started frame came, with every frame after the challenge;
 * rejects if the listener closes it before.
 */
function handRolledPeer(port: number): Promise<{ socket: Socket; frames: Frame[]; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    sockets.push(socket);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const decoder = new FrameDecoder();
    const frames: Frame[] = [];
    socket.on('error', () => {});
    socket.once('close', () => reject(new Error('closed before the started frame')));
    socket.on('data', (chunk) => {
      for (const item of decoder.push(chunk)) {
        if (!item.ok) return reject(new Error(item.detail));
        if (item.frame.t === 'challenge') {
          const dialerNonce = newNonce();
          const link = { run, from: 2, to: 0, listenerNonce: item.frame.nonce, dialerNonce };
          const proof = handshakeProof(secret, 'dialer', link);
          socket.write(encodeFrame({ t: 'hello', run, from: 2, to: 0, nonce: dialerNonce, proof }));
          continue;
        }
        frames.push(item.frame);
        if (item.frame.t === 'started') resolve({ socket, frames, closed });
      }
    });
  });
}

const toldLine = 'refused: from VM 2: dialed in after the session started; told so and closed';

describe('a peer that dials in after the session started', () => {
  test('gets its link proven, then the started frame, then the close; it never becomes the link to VM 2', async () => {
    const { port, heard } = await runningVm();
    const frames: Frame[] = [];
    const dialed = await dialPeer(
      {
        host: '127.0.0.1',
        port,
        run,
        self: 2,
        peer: 0,
        machines: 3,
        secret,
        linked: { onFrame: (frame) => frames.push(frame), onRefused: () => {} },
      },
      Date.now() + 30_000,
    );
    if (!dialed.ok) throw new Error(dialed.detail);
    sockets.push(dialed.socket);
    if (!dialed.socket.destroyed) await new Promise((resolve) => dialed.socket.once('close', resolve));
    expect(frames).toEqual([answer]);
    expect(heard).toEqual([toldLine]);
    expect(mesh?.send(2, { t: 'stop', at: 1 })).toBe(false);
  });

  test('one that goes on sending after its hello (ready, again and again) is cut off, and none of it is read', async () => {
    const { port, heard } = await runningVm();
    const late = await handRolledPeer(port);
    expect(late.frames).toEqual([expect.objectContaining({ t: 'welcome' }), answer]);
    const ready = encodeFrame({ t: 'ready', startAt: Date.now() });
    for (let n = 0; n < 1000 && !late.socket.destroyed; n++) late.socket.write(ready);
    await late.closed; // its writes fail: the listener let go of it
    expect(heard).toEqual([toldLine]);
  });

  test(`late peers that keep their end open hold nothing: after ${2 * maxUnauthenticated} of them a stranger is greeted`, async () => {
    const { port, heard } = await runningVm();
    // One after another, each keeping its end open (a slot held until it closes would refuse the 129th).
    for (let n = 0; n < 2 * maxUnauthenticated; n++) await handRolledPeer(port);
    const stranger = connect({ host: '127.0.0.1', port });
    sockets.push(stranger);
    const greeted = await new Promise<boolean>((resolve) => {
      stranger.once('data', () => resolve(true));
      stranger.on('error', () => resolve(false));
      stranger.once('close', () => resolve(false));
    });
    expect(greeted).toBe(true);
    expect(heard).toEqual(Array.from({ length: 2 * maxUnauthenticated }, () => toldLine));
  });
});
