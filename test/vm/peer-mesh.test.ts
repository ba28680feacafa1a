/** The mesh's listener against a crowd of strangers: a bounded number may sit in the handshake at once. */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { maxUnauthenticated } from '../../vm/mesh-listener.js';
import { PeerMesh } from '../../vm/peer-mesh.js';

const sockets: Socket[] = [];
let mesh: PeerMesh | undefined;
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  mesh?.close();
});

/** Connects and resolves with whether the VM greeted it with a challenge (true) or closed it without one. */
function stranger(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    socket.once('data', () => resolve(true));
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

describe('PeerMesh listener', () => {
  test(`past ${maxUnauthenticated} connections in the handshake, more are closed at once and counted`, async () => {
    const refusals: string[] = [];
    const events = {
      onMessage: () => {},
      onReady: () => {},
      onStarted: () => {},
      onStop: () => {},
      onPeerLost: () => {},
      onRefused: (reason: string) => refusals.push(reason),
      onOutOfBounds: () => {},
    };
    mesh = new PeerMesh({ run: 'r', self: 0, machines: 3, secret: 's', host: '127.0.0.1' }, events);
    const listening = await mesh.listen(0);
    if (!listening.ok) throw new Error(listening.detail);
    const idle = await Promise.all(Array.from({ length: maxUnauthenticated }, () => stranger(listening.port)));
    expect(idle.every((greeted) => greeted)).toBe(true);
    const extra = await Promise.all(Array.from({ length: 5 }, () => stranger(listening.port)));
    expect(extra).toEqual([false, false, false, false, false]);
    expect(refusals).toEqual(
      Array.from({ length: 5 }, () => `over ${maxUnauthenticated} connections awaiting the handshake; closed at once`),
    );
    // One of the idle ones leaves: there is room for one more.
    sockets[0]?.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    let greeted = false;
    for (let attempt = 0; attempt < 50 && !greeted; attempt++) greeted = await stranger(listening.port);
    expect(greeted).toBe(true);
  });
});
