/**
 * A VM by hand whose peer's port is held by a program that accepts connections and never says a word: the VM names
 * that port and the likely cause while it keeps retrying, instead of `waiting for peers...` and nothing more.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { launcher, tempDir, waitForLine } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';

describe('a VM by hand and a silent program on its peer port', () => {
  let dir: { path: string; remove(): Promise<void> };
  const closers: (() => void)[] = [];
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await dir.remove();
  });

  test('names the port, the VM it should be and why, once the handshake time passed', async () => {
    const basePort = await freeBasePort();
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
    });
    closers.push(() => {
      for (const socket of sockets) socket.destroy();
      silent.close();
    });
    await new Promise<void>((resolve) => silent.listen(basePort + 1, '127.0.0.1', resolve));
    const config = join(dir.path, 'cfg.json');
    const network = { host: '127.0.0.1', basePort };
    await writeFile(config, JSON.stringify({ machines: 2, clockRates: [1, 2], durationSeconds: 5, network }));

    const vm = launcher(['vm', '--id', '0', config, '--out', join(dir.path, 'o3'), '--verbose'], dir.path);
    const stderr = vm.stderr as NodeJS.ReadableStream;
    await waitForLine(stderr, /waiting for peers/);
    const [line] = await waitForLine(stderr, /^VM 0: VM 1's port .*$/m);
    expect(line).toBe(
      `VM 0: VM 1's port 127.0.0.1:${basePort + 1} accepts connections but never starts the handshake: is another process on its port? (still retrying)`,
    );
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    vm.kill('SIGKILL');
    await vm;
  });
});
