/**
 * Hosts reached through a stand-in for ssh that runs the remote command on this machine (no namespace, no root): a
 * run config naming h1 and h2 (`h1.stand-in`, `h2.stand-in`), both with this machine's clocklab folder, so they share
 * its scratch folder under logs/.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from './cli-harness.js';

/** "ssh" that runs its last argument (the remote command) here, whatever its options and destination. */
export const standInSsh = `sh -c 'for a; do :; done; exec sh -c "$a"' stand-in-ssh`;

/** Writes `dir/hosts.json`: `run` (machines, rates, ...) on the stand-in hosts h1 and h2; returns its path. */
export async function standInConfig(dir: string, run: Record<string, unknown>): Promise<string> {
  const config = join(dir, 'hosts.json');
  const hosts = ['h1', 'h2'].map((name) => ({ name, ssh: `${name}.stand-in`, address: '127.0.0.1', dir: projectRoot }));
  await writeFile(config, JSON.stringify({ ...run, network: { allowNonLoopback: true }, hosts }));
  return config;
}
