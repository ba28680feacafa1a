/** Test helpers: the hand-written run folders under test/fixtures/runs, and throwaway copies to vary them. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../fixtures/runs/', import.meta.url));

export const fixtureRun = (name: string): string => join(fixturesDir, name);

type Json = Record<string, unknown>;

/** A temp copy of a fixture run, its manifest passed through `edit`; `remove()` deletes it. */
export async function copyRun(
  name: string,
  edit: (manifest: Json) => Json = (m) => m,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-analysis-test-'));
  await cp(fixtureRun(name), dir, { recursive: true });
  const manifestFile = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Json;
  await writeFile(manifestFile, JSON.stringify(edit(manifest)));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The manifest's `vms[id]`, for edits. */
export function manifestVm(manifest: Json, id: number): Json {
  const vms = manifest.vms as Json[];
  const vm = vms[id];
  if (vm === undefined) throw new Error(`fixture has no vms[${id}]`);
  return vm;
}

/** A manifest edit: VM 1's entry given `fields`. */
export const vm1 =
  (fields: Json) =>
  (m: Json): Json => {
    Object.assign(manifestVm(m, 1), fields);
    return m;
  };

/**
 * The basic run as a run on hosts whose h2 was lost with VM 1 and did not answer at the end: the rows VM 1 wrote
 * after the 4 that arrived (321 bytes) stay there (the manifest's rowsOnHost).
 */
export const lostHostRowsOnHost = {
  host: 'h2',
  file: '/opt/clocklab/logs/.remote-basic/vm-1.csv',
  fromByte: 321,
  why: 'no answer from the host in 10 s',
};

export function withRowsOnHost(manifest: Json): Json {
  Object.assign(manifestVm(manifest, 1), { exit: 'lost: host h2 (root@10.0.0.3) became unreachable', host: 'h2' });
  Object.assign(manifestVm(manifest, 0), { host: 'h1' });
  manifestVm(manifest, 1).rowsOnHost = lostHostRowsOnHost;
  return { ...manifest, status: 'failed', reason: 'VM 1 was lost: host h2 (root@10.0.0.3) became unreachable' };
}

/**
 * The basic run as a run on hosts whose VM 1 was killed and restarted, its first life's rows past the 321 bytes that
 * arrived not fetchable, set aside on h2 before its second life went on from that byte (the manifest's
 * earlierRowsOnHost).
 */
export const setAsideRowsOnHost = {
  life: 1,
  host: 'h2',
  file: '/opt/clocklab/logs/.remote-basic/vm-1.life-1.csv',
  fromByte: 321,
  why: 'the answer was not base64',
};

export function withEarlierRowsOnHost(manifest: Json): Json {
  Object.assign(manifestVm(manifest, 1), { host: 'h2', earlierRowsOnHost: [setAsideRowsOnHost] });
  Object.assign(manifestVm(manifest, 0), { host: 'h1' });
  return manifest;
}

/** Least-squares slope by the textbook formula, to check the streaming implementation against. */
export function textbookSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * ((ys[i] ?? 0) - my);
    sxx += (x - mx) ** 2;
  });
  return sxy / sxx;
}
