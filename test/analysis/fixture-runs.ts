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
