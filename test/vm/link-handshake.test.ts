/** Both ends of a link prove the secret: a dialer or a listener without it never gets a link, and learns no secret. */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { encodeFrame, FrameDecoder } from '../../vm/frame-decoder.js';
import { handshakeProof } from '../../vm/handshake-proof.js';
import { acceptInbound } from '../../vm/inbound-link.js';
import { dialPeer, type LinkedEvents } from '../../vm/outbound-link.js';
import type { Frame } from '../../vm/wire-frames.js';

const secret = 'f'.repeat(64);
const run = 'run-7';
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});

/** A listener on an ephemeral port; `onSocket` decides what it does with each connection. */
async function listen(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    onSocket(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** The VM 1 side of a link, listening with `listenerSecret`. */
function vmListener(listenerSecret: string, refusals: string[], identified: number[]) {
  return (socket: Socket) =>
    acceptInbound(
      socket,
      { run, self: 1, machines: 3, secret: listenerSecret },
      {
        onIdentified: (peer) => {
          identified.push(peer);
          return true;
        },
        onClosed: () => {},
        onRefused: (reason) => refusals.push(reason),
      },
    );
}

const linked = { onFrame: () => {}, onRefused: () => {} };
/** Gives up late (a loaded machine is slow), or as soon as `wanted` says the outcome is known. */
const dial = (port: number, dialerSecret: string, events: LinkedEvents = linked, wanted = () => true) =>
  dialPeer(
    { host: '127.0.0.1', port, run, self: 0, peer: 1, machines: 2, secret: dialerSecret, linked: events },
    Date.now() + 30_000,
    wanted,
  );

describe('the link handshake', () => {
  test('two ends with one secret connect', async () => {
    const refusals: string[] = [];
    const identified: number[] = [];
    const port = await listen(vmListener(secret, refusals, identified));
    const result = await dial(port, secret);
    if (result.ok) sockets.push(result.socket);
    expect(result.ok).toBe(true);
    expect(identified).toEqual([0]);
    expect(refusals).toEqual([]);
  });

  test('a dialer without the secret is told so by the listener, and stops at once: final, not retried', async () => {
    const refusals: string[] = [];
    const identified: number[] = [];
    const port = await listen(vmListener(secret, refusals, identified));
    const result = await dial(port, 'e'.repeat(64));
    expect(result).toEqual({
      ok: false,
      reason: 'peer-refused',
      detail:
        `VM 1 at 127.0.0.1:${port} says VM 0 did not prove the run secret (start every VM of a session with the ` +
        'same --out or CLOCKLAB_SECRET; a running session takes no newcomer)',
      told: 'no-secret',
    });
    expect(identified).toEqual([]);
    expect(refusals).toEqual(['hello from VM 0 without the run secret']);
  });

  test('a dialer of another run is told so, and stops at once', async () => {
    const refusals: string[] = [];
    const port = await listen((socket) =>
      acceptInbound(
        socket,
        { run: 'run-8', self: 1, machines: 3, secret },
        { onIdentified: () => true, onClosed: () => {}, onRefused: (reason) => refusals.push(reason) },
      ),
    );
    const result = await dial(port, secret);
    expect(result).toEqual({
      ok: false,
      reason: 'peer-refused',
      detail: `VM 1 at 127.0.0.1:${port} refused VM 0's hello as one for another run (by hand: start every VM with the same config)`,
      told: 'another-run',
    });
    expect(refusals).toEqual(['hello for another run (run-7)']);
  });

  test('the refusal says only its cause: the listener sends a challenge, then one refused frame, then closes', async () => {
    const port = await listen(vmListener(secret, [], []));
    const { connect } = await import('node:net');
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    const chunks: Buffer[] = [];
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      for (const item of decoder.push(chunk)) {
        if (item.ok && item.frame.t === 'challenge') {
          const hello = { t: 'hello', run, from: 2, to: 1, nonce: '4'.repeat(32), proof: 'd'.repeat(64) } as const;
          socket.write(encodeFrame(hello));
        }
      }
    });
    await new Promise((resolve) => socket.on('end', resolve));
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    expect(lines.map((line) => JSON.parse(line).t)).toEqual(['challenge', 'refused']);
    expect(JSON.parse(lines[1] ?? '')).toEqual({ t: 'refused', cause: 'no-secret' });
    expect(lines.join('')).not.toContain(secret);
  });

  test('a refusal before the dialer said hello is out of place: refused as a bad handshake, as before', async () => {
    const port = await listen((socket) => socket.write(encodeFrame({ t: 'refused', cause: 'no-secret' })));
    const result = await dial(port, secret);
    expect(result).toEqual({
      ok: false,
      reason: 'peer-refused',
      detail: `VM 1 at 127.0.0.1:${port} sent an unexpected refused during the handshake (is another process on its port?)`,
    });
  });

  test('a squatter that accepts any hello and answers a welcome it cannot prove gets no link, and no secret', async () => {
    const received: string[] = [];
    const port = await listen((socket) => {
      const decoder = new FrameDecoder();
      socket.write(encodeFrame({ t: 'challenge', nonce: '0'.repeat(32) }));
      socket.on('data', (chunk) => {
        received.push(chunk.toString('utf8'));
        for (const item of decoder.push(chunk)) {
          if (item.ok && item.frame.t === 'hello') {
            // Its best guess: the dialer's own proof sent back.
            socket.write(encodeFrame({ t: 'welcome', proof: item.frame.proof }));
          }
        }
      });
    });
    const result = await dial(port, secret);
    expect(result).toEqual({
      ok: false,
      reason: 'peer-refused',
      detail: `VM 1 at 127.0.0.1:${port} did not prove the run secret (is another process on its port?)`,
    });
    const text = received.join('');
    expect(text).not.toContain(secret);
    const hello = JSON.parse(text.split('\n')[0] ?? '');
    expect(Object.keys(hello).sort()).toEqual(['from', 'nonce', 'proof', 'run', 't', 'to']);
    expect(hello.run).toBe(run);
    expect(text.split('\n').filter((line) => line !== '')).toHaveLength(1); // nothing after the hello
  });

  test('a replayed dialer proof is no listener proof: roles are part of what is signed', () => {
    const link = { run, from: 0, to: 1, listenerNonce: 'a'.repeat(32), dialerNonce: 'b'.repeat(32) };
    expect(handshakeProof(secret, 'dialer', link)).not.toBe(handshakeProof(secret, 'listener', link));
    expect(handshakeProof(secret, 'dialer', link)).not.toBe(handshakeProof(secret, 'dialer', { ...link, to: 2 }));
  });
});

describe('after the handshake, a link carries frames one way: listener to dialer', () => {
  /** A listener that knows the secret and sends `after` in the same write as its welcome. */
  const eagerListener = (after: Buffer) => (socket: Socket) => {
    const decoder = new FrameDecoder();
    const listenerNonce = '3'.repeat(32);
    socket.write(encodeFrame({ t: 'challenge', nonce: listenerNonce }));
    socket.on('data', (chunk) => {
      for (const item of decoder.push(chunk)) {
        if (!item.ok || item.frame.t !== 'hello') continue;
        const link = { run, from: 0, to: 1, listenerNonce, dialerNonce: item.frame.nonce };
        const welcome = encodeFrame({ t: 'welcome', proof: handshakeProof(secret, 'listener', link) });
        socket.write(Buffer.concat([welcome, after]));
      }
    });
  };

  test('frames that come in the same read as the welcome reach the dialer, in order', async () => {
    const frames: Frame[] = [
      { t: 'msg', id: '1-1', from: 1, clock: 4, sentAt: 10 },
      { t: 'end', sent: 1 },
    ];
    const port = await listen(eagerListener(Buffer.concat(frames.map(encodeFrame))));
    const got: Frame[] = [];
    const refusals: string[] = [];
    const result = await dial(port, secret, {
      onFrame: (frame) => got.push(frame),
      onRefused: (reason) => refusals.push(reason),
    });
    if (result.ok) sockets.push(result.socket);
    expect(result.ok).toBe(true);
    expect(got).toEqual(frames);
    expect(refusals).toEqual([]);
  });

  test('a bad frame after the welcome is refused by the dialer, which closes the link', async () => {
    const port = await listen(eagerListener(Buffer.from('not json\n')));
    const refusals: string[] = [];
    const result = await dial(port, secret, { onFrame: () => {}, onRefused: (r) => refusals.push(r) });
    if (!result.ok) throw new Error(result.detail);
    sockets.push(result.socket);
    expect(refusals).toEqual(['from VM 1: not-json: not json']);
    expect(result.socket.destroyed).toBe(true);
  });

  test('a frame the dialer sends after its hello is refused by the listener, which closes the link', async () => {
    const refusals: string[] = [];
    const identified: number[] = [];
    const port = await listen(vmListener(secret, refusals, identified));
    const result = await dial(port, secret);
    if (!result.ok) throw new Error(result.detail);
    sockets.push(result.socket);
    const closed = new Promise((resolve) => result.socket.once('close', resolve));
    result.socket.write(encodeFrame({ t: 'end', sent: 0 }));
    await closed;
    expect(refusals).toEqual(['from VM 0: end after the handshake, on a link it only receives on']);
  });
});

describe('a port that accepts and never speaks', () => {
  test('is named while the dialer retries, and in its failure', async () => {
    const port = await listen(() => {});
    let stop = false;
    const told: string[] = [];
    let toldOnce = () => {};
    const silentSeen = new Promise<void>((resolve) => (toldOnce = resolve));
    const onSilent = (line: string) => {
      told.push(line);
      stop = true;
      toldOnce();
    };
    const result = dial(port, secret, { ...linked, onSilent }, () => !stop);
    await silentSeen;
    const why = `VM 1's port 127.0.0.1:${port} accepts connections but never starts the handshake: is another process on its port?`;
    expect(told).toEqual([`VM 0: ${why} (still retrying)`]);
    expect(await result).toEqual({ ok: false, reason: 'peer-timeout', detail: why });
  });
});
