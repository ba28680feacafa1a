/**
 * Fixed ports for tests that need them (VMs by hand, a port held on purpose). Chosen below the kernel's ephemeral
 * range (32768 and up on Linux), so no connection made by a parallel test or run can be given one of them between
 * the check here and their use.
 */
import { createServer } from 'node:net';

const lowest = 20_000;
const ephemeralFrom = 32_768;

/** A base port whose next `count` ports are free right now (bound and released). */
export async function freeBasePort(count = 3): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = lowest + Math.floor(Math.random() * (ephemeralFrom - lowest - count));
    const servers = [];
    try {
      for (let i = 0; i < count; i++) {
        const server = createServer();
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(base + i, '127.0.0.1', resolve);
        });
        servers.push(server);
      }
      return base;
    } catch {
      // taken: try another range
    } finally {
      for (const server of servers) server.close();
    }
  }
  throw new Error('no free port range found');
}
