/**
 * The folders show the data flow, and this test keeps them honest: every import of every source file (static, type
 * only, re-export or dynamic) may point only at its own folder or at one earlier in the flow. Folders of one rank
 * (vm, launcher, analysis, sim; report, export) do not import each other. model/ holds the pure rules that both vm/
 * and sim/ run (machine, clocks, event choice, CSV rows, link faults, the fault schedule). bench/, soak/ and scripts/ may use anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The flow, earliest first; a folder may import from its own rank only when it is itself. */
const ranks: Record<string, number> = {
  shared: 0,
  config: 1,
  'run-folder': 2,
  model: 2.5,
  vm: 3,
  launcher: 3,
  analysis: 3,
  sim: 3,
  report: 4,
  export: 4,
  experiment: 5,
  cli: 6,
  bin: 7,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative specifiers of `import ... from`, `export ... from`, `import type` and `import()`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gs;
  for (const match of source.matchAll(pattern)) {
    const spec = match[1] ?? match[2];
    if (spec?.startsWith('.')) found.push(spec);
  }
  return found;
}

const existingFolders = Object.keys(ranks).filter((dir) => {
  try {
    readdirSync(join(root, dir));
    return true;
  } catch {
    return false;
  }
});

describe('imports follow the data flow', () => {
  test('the specifier scan sees static, type, re-export and dynamic imports', () => {
    const sample = [
      "import { a } from '../x/a.js';",
      "import type { B } from './b.js';",
      "export { c } from '../y/c.js';",
      "const d = await import('../z/d.js');",
      "import { e } from 'zod';",
    ].join('\n');
    expect(specifiers(sample)).toEqual(['../x/a.js', './b.js', '../y/c.js', '../z/d.js']);
  });

  test.each(existingFolders)('%s/ imports only its own folder and earlier ones', (folder) => {
    const rank = ranks[folder] ?? Number.NaN;
    const against: string[] = [];
    for (const file of sourceFiles(folder)) {
      for (const spec of specifiers(readFileSync(join(root, file), 'utf8'))) {
        const target = normalize(join(dirname(file), spec));
        const targetFolder = relative('.', target).split('/')[0] ?? '';
        if (targetFolder === folder) continue;
        const targetRank = ranks[targetFolder];
        if (targetRank === undefined || targetRank >= rank) against.push(`${file} imports ${spec}`);
      }
    }
    expect(against).toEqual([]);
  });
});
