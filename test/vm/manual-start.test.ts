/** The start of a VM run by hand: its port before anything else, so a taken id changes nothing in the folder. */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { exitCodes } from '../../shared/exit-codes.js';
import { type ManualStartSteps, startByHand } from '../../vm/manual-start.js';
import { claimPort } from '../../vm/mesh-listener.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** Steps that record what they were asked to do, in order, and succeed (the port: an ephemeral one). */
function recording(done: string[], overrides: Partial<ManualStartSteps> = {}): ManualStartSteps {
  return {
    claimPort: async (host, port) => {
      done.push(`claim ${port}`);
      const claimed = await claimPort(host, 0);
      if (claimed.ok) servers.push(claimed.claim.server);
      return claimed;
    },
    makeFolder: async (dir) => done.push(`mkdir ${dir}`),
    sessionSecret: async (dir) => {
      done.push(`secret ${dir}`);
      return { ok: true, secret: 'ab'.repeat(32), file: `${dir}/.clocklab-secret` };
    },
    ...overrides,
  };
}

const where = { id: 1, host: '127.0.0.1', port: 47301, outDir: 'out' };

describe('startByHand', () => {
  test('claims the port, then makes the folder, then takes the secret', async () => {
    const done: string[] = [];
    const started = await startByHand(where, recording(done));
    expect(done).toEqual(['claim 47301', 'mkdir out', 'secret out']);
    expect(started).toEqual({
      ok: true,
      claim: { server: expect.anything(), port: expect.any(Number) },
      secret: 'ab'.repeat(32),
      secretFile: 'out/.clocklab-secret',
    });
  });

  test('a port in use (the same id started twice) stops it before the folder or the secret is touched', async () => {
    const done: string[] = [];
    const held = createServer();
    servers.push(held);
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const address = held.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const steps = recording(done, {
      claimPort: (host, p) => {
        done.push(`claim ${p}`);
        return claimPort(host, p);
      },
    });
    const started = await startByHand({ ...where, port }, steps);
    expect(done).toEqual([`claim ${port}`]);
    expect(started).toEqual({
      ok: false,
      line:
        `vm1: port-in-use: 127.0.0.1:${port}: EADDRINUSE (VM 1 is running already, or another program holds its ` +
        'port); nothing in out was touched',
      exitCode: exitCodes.usage,
    });
  });

  test('a refused secret file releases the port and says why, in one line', async () => {
    const done: string[] = [];
    let claimed: Server | undefined;
    const steps = recording(done, {
      claimPort: async (host) => {
        const result = await claimPort(host, 0);
        if (result.ok) claimed = result.claim.server;
        return result;
      },
      sessionSecret: async () => ({ ok: false, detail: 'out/.clocklab-secret: is a symlink; remove it' }),
    });
    expect(await startByHand(where, steps)).toEqual({
      ok: false,
      line: 'vm1: out/.clocklab-secret: is a symlink; remove it',
      exitCode: exitCodes.usage,
    });
    expect(claimed?.listening).toBe(false);
  });

  test('until the mesh adopts it, a claimed port closes each connection at once (a dialer retries)', async () => {
    const claimed = await claimPort('127.0.0.1', 0);
    if (!claimed.ok) throw new Error(claimed.detail);
    servers.push(claimed.claim.server);
    const { connect } = await import('node:net');
    const socket = connect({ host: '127.0.0.1', port: claimed.claim.port });
    const said: string[] = [];
    socket.on('data', (chunk) => said.push(chunk.toString()));
    await new Promise((resolve) => socket.on('close', resolve));
    expect(said).toEqual([]);
  });
});
