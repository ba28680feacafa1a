/** Helpers for integration tests: run the built CLI in a temp folder and read what a run wrote. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { execaNode } from 'execa';
import type { Manifest } from '../../shared/manifest.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const launcherBin = join(projectRoot, 'dist/bin/launcher.js');
export const vmBin = join(projectRoot, 'dist/vm/main.js');

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'clocklab-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export function launcher(args: string[], cwd: string) {
  return execaNode(launcherBin, args, { cwd, reject: false, all: true });
}

export type CsvRow = Record<string, string>;

export async function readCsv(file: string): Promise<{ header: string; rows: CsvRow[] }> {
  const text = await readFile(file, 'utf8');
  return { header: text.slice(0, text.indexOf('\n')), rows: parse(text, { columns: true }) as CsvRow[] };
}

export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const csvHeader = 'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock';
