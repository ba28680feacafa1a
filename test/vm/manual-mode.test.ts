/** A VM run by hand whose id is taken (its port held): it refuses at once and leaves the out folder as it was. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { exitCodes } from '../../shared/exit-codes.js';
import { runByHand } from '../../vm/manual-mode.js';

describe('runByHand with its id taken', () => {
  let dir: string;
  let held: Server;
  let port: number;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clocklab-by-hand-'));
    held = createServer();
    // VM 1's port, as the first VM 1 of a running session holds it (base 0 is refused by hand: the base is port - 1).
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const address = held.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterEach(async () => {
    held.close();
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  test('exits 2 with one line; the running VM 1 keeps its CSV and no secret file is made', async () => {
    const config = join(dir, 'by-hand.json');
    const network = { host: '127.0.0.1', basePort: port - 1 };
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [5, 5, 5], durationSeconds: 1, network }));
    const out = join(dir, 'logs');
    await mkdir(out);
    const rows = 'vm,tick\n1,0\n1,1\n';
    await writeFile(join(out, 'vm-1.csv'), rows);
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => {
      errors.push(String(line));
    });

    const code = await runByHand({ id: 1, out, verbose: false, config }, config);

    expect(code).toBe(exitCodes.usage);
    expect(errors).toEqual([
      `vm1: port-in-use: 127.0.0.1:${port}: EADDRINUSE (VM 1 is running already, or another program holds its port); ` +
        `nothing in ${out} was touched`,
    ]);
    expect(await readdir(out)).toEqual(['vm-1.csv']);
    expect(await readFile(join(out, 'vm-1.csv'), 'utf8')).toBe(rows);
  });
});
