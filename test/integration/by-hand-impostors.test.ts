/**
 * VMs run by hand against impostors, the way it was found: a process squatting on VM 2's port before VM 2 starts
 * (it must get no link and learn no secret), and a process that knows the session's secret but sends values out
 * of bounds (the run fails, naming it).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { loadRunConfig } from '../../config/load-config.js';
import { encodeFrame, FrameDecoder } from '../../vm/frame-decoder.js';
import { manualRunId } from '../../vm/manual-run-id.js';
import { PeerMesh } from '../../vm/peer-mesh.js';
import { secretFileName } from '../../vm/session-secret.js';
import { tempDir, track, vmBin } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';

/** The environment of a user's terminal without CLOCKLAB_SECRET (the file is the by-hand default). */
function envWithout(name: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[name];
  return env;
}

const startVm = (id: number, config: string, out: string, env: NodeJS.ProcessEnv) =>
  track(
    execaNode(vmBin, ['--id', String(id), '--config', config, '--out', out], { reject: false, env, extendEnv: false }),
  );

describe('VMs by hand and impostors', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  let basePort: number;
  const closers: (() => void)[] = [];
  beforeEach(async () => {
    dir = await tempDir();
    basePort = await freeBasePort();
    config = join(dir.path, 'by-hand.json');
    const network = { host: '127.0.0.1', basePort };
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [20, 20, 20], durationSeconds: 2, network }));
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await dir.remove();
  });

  test('a squatter on VM 2 port gets no link and no secret; VMs 0 and 1 stop, naming the port', async () => {
    const received: string[][] = [];
    const sockets: Socket[] = [];
    const squatter = createServer((socket) => {
      sockets.push(socket);
      const mine: string[] = [];
      received.push(mine);
      const decoder = new FrameDecoder();
      socket.on('error', () => {});
      socket.on('data', (chunk) => {
        mine.push(chunk.toString('utf8'));
        for (const item of decoder.push(chunk)) {
          // It accepts any hello and answers as VM 2 would, with the best proof it has: the dialer's own.
          if (item.ok && item.frame.t === 'hello') socket.write(encodeFrame({ t: 'welcome', proof: item.frame.proof }));
        }
      });
      socket.write(encodeFrame({ t: 'challenge', nonce: '5'.repeat(32) }));
    });
    closers.push(() => {
      for (const socket of sockets) socket.destroy();
      squatter.close();
    });
    await new Promise<void>((resolve) => squatter.listen(basePort + 2, '127.0.0.1', resolve));

    const out = join(dir.path, 'logs');
    const env = envWithout('CLOCKLAB_SECRET');
    const [vm0, vm1] = await Promise.all([startVm(0, config, out, env), startVm(1, config, out, env)]);

    for (const [id, vm] of [vm0, vm1].entries()) {
      expect({ id, exitCode: vm.exitCode }).toEqual({ id, exitCode: 1 });
      expect(vm.stderr).toContain(
        `vm${id}: peer-refused: VM 2 at 127.0.0.1:${basePort + 2} did not prove the run secret (is another process on its port?)`,
      );
    }
    // The session's secret: in the out folder, 0600, never on the wire in any form the squatter saw.
    const secret = (await readFile(join(out, secretFileName), 'utf8')).trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const frames = received.map((chunks) =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== ''),
    );
    const hellos = frames.flat().map((line) => JSON.parse(line));
    expect(hellos.map((hello) => hello.from).sort()).toEqual([0, 1]); // one hello per VM, then nothing
    for (const hello of hellos) {
      expect(hello).toEqual({
        t: 'hello',
        run: expect.stringMatching(/^manual-[0-9a-f]{12}$/),
        from: hello.from,
        to: 2,
        nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
        proof: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(JSON.stringify(hello)).not.toContain(secret);
    }
    // Neither VM ticked: no CSV rows came out of the session.
    await expect(readFile(join(out, 'vm-0.csv'), 'utf8')).rejects.toThrow();
  });

  test('a peer with the secret but a clock near 2^53 or a start 30 days ahead fails the run, named', async () => {
    const secret = 'a1'.repeat(32);
    const loaded = await loadRunConfig(config);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const fake = new PeerMesh(
      { run: manualRunId(loaded.config), self: 2, machines: 3, secret, host: '127.0.0.1' },
      {
        onMessage: () => {},
        onReady: () => {},
        onStarted: () => {},
        onStop: () => {},
        onPeerLost: () => {},
        onRefused: () => {},
        onOutOfBounds: () => {},
      },
    );
    closers.push(() => fake.close());
    const listening = await fake.listen(basePort + 2);
    expect(listening.ok).toBe(true);
    const out = join(dir.path, 'logs');
    const env = { ...envWithout('CLOCKLAB_SECRET'), CLOCKLAB_SECRET: secret };
    const vms = [startVm(0, config, out, env), startVm(1, config, out, env)];
    // A VM that ends before the fake is connected to it says why, rather than leaving the test to time out.
    const endedEarly = Promise.race(vms).then((vm) => ({ ok: false, vmEndedEarly: vm.stderr }));
    const connected = await Promise.race([fake.connect((peer) => basePort + peer, Date.now() + 40_000), endedEarly]);
    expect(connected).toEqual({ ok: true });
    fake.send(0, { t: 'msg', id: '2-1', from: 2, clock: Number.MAX_SAFE_INTEGER, sentAt: Date.now() });
    fake.send(1, { t: 'ready', startAt: Date.now() + 30 * 86_400_000 });
    const [vm0, vm1] = await Promise.all(vms);

    expect(vm0?.exitCode).toBe(1);
    expect(vm0?.stderr).toMatch(
      /^vm0: peer-out-of-range: VM 2 sent VM 0 a Lamport clock of 9007199254740991, past \d+: the clocks would leave the safe integers$/m,
    );
    // VM 1 fails either on the fake's start, or first on VM 0 leaving (VM 0 failed on the fake's clock and closed
    // its links before the start was agreed): which comes first is the OS's. Either way it fails, saying why.
    expect(vm1?.exitCode).toBe(1);
    expect(vm1?.stderr).toMatch(
      /^vm1: (peer-out-of-range: VM 2 sent VM 1 a start 259200\d s ahead \(at most 60 s allowed\)|peer-lost: the link from VM 0 to VM 1 dropped before the VMs agreed on a start)$/m,
    );
  }, 90_000);
});
