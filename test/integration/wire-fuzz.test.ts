/**
 * Strangers on a VM's port: random bytes and mutated frames thrown at live VMs during a real run. Each connection
 * must be refused and counted, and the run must end as if nothing had happened. The run is long and is ended by a
 * SIGINT once every connection was refused, so a slow machine cannot end it before the last one is thrown.
 */

import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { launcher, readCsv, readManifest, tempDir, waitForLine } from './cli-harness.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

/** Sends `bytes` on a fresh connection, half-closes, and resolves once the VM has closed it. */
function throwAt(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(bytes));
    socket.on('data', () => {}); // the VM's challenge
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

const line = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`);

const hex = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });

/**
 * Frames a stranger might send: shaped like ours (even naming the run, which the launcher prints), but without the
 * run's secret or in the wrong order.
 */
const hostileFrame = (runId: string) =>
  fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ maxLength: 200 }).map((text) => Buffer.from(`${text}\n`)),
    fc
      .record({
        run: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('manual-000000000000'), fc.constant(runId)),
        from: fc.integer({ min: -2, max: 5 }),
        to: fc.integer({ min: -1, max: 4 }),
        nonce: fc.oneof(hex(32, 32), fc.string({ maxLength: 40 })),
        proof: fc.oneof(hex(64, 64), hex(0, 64)),
      })
      .map((hello) => line({ t: 'hello', ...hello })),
    fc
      .record({ id: fc.string({ maxLength: 10 }), from: fc.nat(3), clock: fc.nat(), sentAt: fc.nat() })
      .map((msg) => line({ t: 'msg', ...msg })),
    fc.constantFrom(
      line({ t: 'end', sent: 0 }),
      line({ t: 'welcome', proof: 'ab'.repeat(32) }),
      line({ t: 'mystery', x: 1 }),
      line([1, 2, 3]),
      Buffer.from(`{"t":"hello","run":"${'x'.repeat(70_000)}"}\n`),
    ),
  );

describe('bad input on the wire', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('random and mutated frames are refused and counted; the run is unharmed', async () => {
    const config = join(dir.path, 'fuzz.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [40, 60, 90], durationSeconds: 600, seed: 21 }));
    const out = join(dir.path, 'run');
    const run = launcher(['run', config, '--out', out], dir.path);
    const started = await waitForLine(
      run.stderr,
      /vm0 \(pid \d+, port (\d+)\), vm1 \(pid \d+, port (\d+)\), vm2 \(pid \d+, port (\d+)\)/,
    );
    const ports = started.slice(1).map(Number);
    const runId = /clocklab run (\S+):/.exec(started.input)?.[1] ?? 'no run id printed';
    expect(runId).not.toBe('no run id printed');
    let thrown = 0;
    try {
      // Each throw resolves once the VM closed the connection: all 60 were refused before the run is stopped.
      await fc.assert(
        fc.asyncProperty(fc.nat(2), hostileFrame(runId), async (vm, bytes) => {
          thrown += 1;
          await throwAt(ports[vm] ?? 0, bytes);
        }),
        { numRuns: 60 },
      );
    } finally {
      run.kill('SIGINT');
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('interrupted');
    expect(manifest.vms.reduce((sum, vm) => sum + vm.refused, 0)).toBe(thrown);
    expect(manifest.vms.every((vm) => vm.lostPeers.length === 0)).toBe(true);
    const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
    for (const vmRows of rows) expectLamportRows(vmRows);
    expectEveryMessageAccounted(
      rows,
      manifest.vms.map((vm) => vm.pendingAtStop),
    );
  });
});
