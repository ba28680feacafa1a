/**
 * The built entry points are esbuild bundles (scripts/bundle-entries.ts), which unit tests, run from the TypeScript
 * sources, never load. Here: every file a bundle imports or computes a path to exists, the launcher finds its
 * worker threads (a run past 8 MB of CSV analyzes on workers and gives what the sources give in this thread), and
 * the report page inlines the built page scripts (dist/page-scripts/: the vega builds, then the page's bundle).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { analyzeCommand } from '../../analysis/commands.js';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { pageBundleFile, pageScriptsFolder, vegaBuilds } from '../../report/html/page-scripts.js';
import { bundledEntries, chunksFolder } from '../../scripts/bundle-entries.js';
import { launcher, projectRoot, tempDir } from './cli-harness.js';

type Reference = { from: string; specifier: string; kind: 'import' | 'url' };

/** Imports (static, at the start of a line as esbuild prints them, and dynamic) and `new URL('...', import.meta.url)`. */
function referencesIn(file: string, code: string): Reference[] {
  const patterns = [
    { kind: 'import', pattern: /^(?:import|export|\})[^"\n]*?\bfrom "([^"]+)";$/gm },
    { kind: 'import', pattern: /^import "([^"]+)";$/gm },
    { kind: 'import', pattern: /\bimport\("([^"]+)"\)/g },
    { kind: 'url', pattern: /new URL\("([^"]+)", import\.meta\.url\)/g },
  ] as const;
  return patterns.flatMap(({ kind, pattern }) =>
    [...code.matchAll(pattern)].map((match) => ({ from: file, specifier: match[1] ?? '', kind })),
  );
}

/** Every reference of the bundles and of the chunks they load, following imports from the entries. */
async function bundleReferences(): Promise<Reference[]> {
  const queue = bundledEntries.map((entry) => join(projectRoot, entry.output));
  const seen = new Set(queue);
  const all: Reference[] = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    // A missing file reads as empty here: the tests below name it.
    const references = referencesIn(file, await readFile(file, 'utf8').catch(() => ''));
    all.push(...references);
    for (const reference of references) {
      if (reference.kind !== 'import' || !reference.specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), reference.specifier);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return all;
}

const fromRoot = (reference: Reference) => relative(projectRoot, resolve(dirname(reference.from), reference.specifier));
const exists = (path: string) =>
  stat(join(projectRoot, path)).then(
    () => true,
    () => false,
  );

describe('the built entry points', () => {
  test('import only Node built-ins and their own chunks, all of which exist', async () => {
    const imports = (await bundleReferences()).filter((r) => r.kind === 'import');
    const packages = imports.filter((r) => !r.specifier.startsWith('.') && !isBuiltin(r.specifier));
    expect(packages.map((r) => r.specifier)).toEqual([]);
    const local = [...new Set(imports.filter((r) => r.specifier.startsWith('.')).map(fromRoot))];
    expect(local.length).toBeGreaterThan(0);
    for (const path of local) {
      expect({ path, inChunks: path.startsWith(`${chunksFolder}/`), exists: await exists(path) }).toEqual({
        path,
        inChunks: true,
        exists: true,
      });
    }
  });

  test('resolve the VM entry, the worker files and package.json from where the bundles are', async () => {
    const urls = [...new Set((await bundleReferences()).filter((r) => r.kind === 'url').map(fromRoot))].sort();
    expect(urls).toEqual(
      expect.arrayContaining([
        'dist/analysis/digest-worker.js',
        'dist/report/check-worker.js',
        'dist/vm/main.js',
        'package.json',
      ]),
    );
    for (const path of urls) expect({ path, exists: await exists(path) }).toEqual({ path, exists: true });
  });

  test('the launcher runs as its own command, as `npx launcher` runs it on a fresh clone', async () => {
    // Executed directly, through its #! line: npm does not mark the project's own bin executable.
    const result = await execa(join(projectRoot, 'dist/bin/launcher.js'), ['--help'], { reject: false });
    expect({ exitCode: result.exitCode, usage: result.stdout.includes('run') }).toEqual({ exitCode: 0, usage: true });
  });

  test("carry zod's English locale only, and still check a config", async () => {
    // esbuild heads each bundled module with its path: the locales that made it into the chunks.
    const imports = (await bundleReferences()).filter((r) => r.kind === 'import' && r.specifier.startsWith('.'));
    const chunks = [...new Set(imports.map(fromRoot))];
    const code = await Promise.all(chunks.map((chunk) => readFile(join(projectRoot, chunk), 'utf8')));
    const locales = code.flatMap((text) => [...text.matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/(\w+)\.js$/gm)]);
    expect([...new Set(locales.map((match) => match[1]))]).toEqual(['en']);
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, 'bad.json'), '{"machines": "three"}');
      const result = await launcher(['run', 'bad.json'], dir.path);
      expect(result.stderr).toContain('machines: found "three"; allowed: a number');
    } finally {
      await dir.remove();
    }
  });
});

describe('the built launcher on a run big enough for worker threads', () => {
  let dir: { path: string; remove(): Promise<void> };
  let runDir: string;
  beforeAll(async () => {
    dir = await tempDir();
    runDir = join(dir.path, 'run');
    await mkdir(runDir);
    // About 105 bytes a row: 90,000 rows are past the 8 MB from which analysis and the report's check use workers.
    await writeSyntheticRun(runDir, { rows: 90_000, machines: 3, seed: 9 });
    const sizes = await Promise.all([0, 1, 2].map((vm) => stat(join(runDir, `vm-${vm}.csv`))));
    expect(sizes.reduce((sum, s) => sum + s.size, 0)).toBeGreaterThan(8 * 1024 * 1024);
  });
  afterAll(() => dir.remove());

  test('analyze (digest workers) prints what the sources compute in one thread', async () => {
    const built = await launcher(['analyze', runDir, '--json', '--no-summary'], dir.path);
    expect(built.stderr).toBe('');
    expect(built.exitCode).toBe(0);
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(`stderr: ${line}`) };
    expect(await analyzeCommand(runDir, { json: true, summary: false }, io)).toBe(0);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(lines.join('\n')));
  });

  test('report (check worker) writes a page that inlines the built page scripts, the bundle last', async () => {
    const page = join(dir.path, 'report.html');
    const built = await launcher(['report', runDir, '--out', page], dir.path);
    expect(built.stderr).toBe('');
    expect(built.exitCode).toBe(0);
    expect(built.stdout).toMatch(/^report: .* 90000 rows\)$/);
    const html = await readFile(page, 'utf8');
    const inlined = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    const folder = join(projectRoot, 'dist', pageScriptsFolder);
    const files = [...vegaBuilds.map((b) => b.file), pageBundleFile];
    const expected = await Promise.all(files.map((file) => readFile(join(folder, file), 'utf8')));
    expect(inlined.map((text, i) => ({ file: files[i], same: text === expected[i] }))).toEqual(
      files.map((file) => ({ file, same: true })),
    );
    // A browser script: no module syntax left for the page to choke on.
    expect(expected.at(-1)).not.toMatch(/^(?:import|export) /m);
  });
});
