/** Helpers for integration tests: run the built CLI in a temp folder and read what a run wrote. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { execaNode } from 'execa';
import { Manifest } from '../../run-folder/manifest.js';
import { isAlive } from '../../shared/process-alive.js';

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
  // Through the one schema: what the launcher wrote must be what every reader accepts.
  return Manifest.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
}

export { isAlive } from '../../shared/process-alive.js';

export const csvHeader =
  'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock,vector_clock';

type Transcript = { text: string; ended: boolean; wake: Set<() => void> };
const transcripts = new WeakMap<NodeJS.ReadableStream, Transcript>();

/** Everything `stream` has said since it was first waited on, kept so that one chunk can satisfy several waits. */
function transcriptOf(stream: NodeJS.ReadableStream): Transcript {
  const known = transcripts.get(stream);
  if (known !== undefined) return known;
  const transcript: Transcript = { text: '', ended: false, wake: new Set() };
  const wakeAll = () => {
    for (const wake of [...transcript.wake]) wake();
  };
  stream.on('data', (chunk: Buffer | string) => {
    transcript.text += chunk.toString();
    wakeAll();
  });
  stream.once('end', () => {
    transcript.ended = true;
    wakeAll();
  });
  transcripts.set(stream, transcript);
  return transcript;
}

/**
 * Resolves with the first match of `pattern` in what `stream` has said since it was first waited on (the launcher says
 * what it is doing on stderr). Waits in a row on one stream all see the whole transcript: a line that arrived in the
 * same chunk as an earlier wait's line is not lost.
 */
export function waitForLine(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpExecArray> {
  const transcript = transcriptOf(stream);
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = pattern.exec(transcript.text);
      if (match !== null) {
        transcript.wake.delete(look);
        resolve(match);
      } else if (transcript.ended) {
        transcript.wake.delete(look);
        reject(new Error(`stream ended without a line matching ${pattern}`));
      }
    };
    transcript.wake.add(look);
    look();
  });
}

/** Resolves once `file` holds at least `rows` CSV rows, woken by file-system events rather than by a timer. */
export async function waitForRows(file: string, rows: number): Promise<void> {
  const { watch } = await import('node:fs');
  const { mkdir } = await import('node:fs/promises');
  const { dirname, basename } = await import('node:path');
  await mkdir(dirname(file), { recursive: true }); // the launcher accepts an existing empty folder
  const count = async () => (await readFile(file, 'utf8').catch(() => '')).split('\n').length - 2;
  await new Promise<void>((resolve) => {
    const watcher = watch(dirname(file), async (_event, name) => {
      if (name === basename(file) && (await count()) >= rows) {
        watcher.close();
        resolve();
      }
    });
    void count().then((n) => {
      if (n >= rows) {
        watcher.close();
        resolve();
      }
    });
  });
}

/** Waits until no process has any of these pids; processes that are not our children give no exit event to wait on. */
export async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    alive = alive.filter(isAlive);
  }
  return alive;
}
