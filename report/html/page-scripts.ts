/**
 * The browser builds of vega, vega-lite and vega-embed, read from node_modules so the run report and the experiment
 * summary work offline (no CDN). They are found by walking up from this file, as Node's resolution would (the packages' export maps hide
 * their build folders from require.resolve).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const builds = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

export type VegaScripts = { ok: true; scripts: string[] } | { ok: false; missing: string };

export async function readVegaScripts(from: string = dirname(fileURLToPath(import.meta.url))): Promise<VegaScripts> {
  const scripts: string[] = [];
  for (const [pkg, file] of builds) {
    const path = findUp(from, join('node_modules', pkg, 'build', file));
    if (path === undefined) return { ok: false, missing: `${pkg}/build/${file}` };
    scripts.push(await readFile(path, 'utf8'));
  }
  return { ok: true, scripts };
}

function findUp(start: string, relativePath: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
