/**
 * What a user installs: the project packed (`npm pack`, from the dist/ that `npm test` has just built), installed
 * into an empty folder OFFLINE (nothing may come from the registry: the bundles carry their dependencies, and the
 * pages' vega builds are files in dist/), with no install script and no warning; then `npx launcher run` and
 * `npx launcher report` work from there and the page inlines its scripts.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { projectRoot, tempDir } from './cli-harness.js';

/** npm's settings from the `npm test` around us (npm_config_*) must not leak into the npm we start. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
const run = (file: string, args: string[], cwd: string) =>
  execa(file, args, { cwd, env, extendEnv: false, reject: false, all: true });

let dir: { path: string; remove(): Promise<void> };
let app: string;
let installed: { exitCode: number | undefined; all: string };

beforeAll(async () => {
  dir = await tempDir();
  app = join(dir.path, 'app');
  // --ignore-scripts: `prepack` would build again; `npm test` built dist/ just before the tests.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir.path], projectRoot);
  expect(packed.exitCode).toBe(0);
  const tarball = join(dir.path, (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename ?? 'missing');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'try-clocklab', version: '1.0.0', private: true }));
  const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
  installed = { exitCode: install.exitCode, all: install.all ?? '' };
}, 180_000);
afterAll(() => dir?.remove());

describe('the packed package, installed offline', () => {
  test('installs alone: no dependency, no install script, no warning', async () => {
    expect(installed).toEqual({ exitCode: 0, all: expect.not.stringMatching(/warn|install script/i) });
    const packages = (await readdir(join(app, 'node_modules'))).filter((name) => !name.startsWith('.'));
    expect(packages).toEqual(['clocklab']);
    expect(await readdir(join(app, 'node_modules', '.bin'))).toEqual(['launcher']);
  });

  test('npx launcher runs a short run and writes its report with the pages scripts inlined', async () => {
    await writeFile(
      join(app, 'short.json'),
      JSON.stringify({ machines: 3, clockRate: { min: 2, max: 4 }, durationSeconds: 2, seed: 3 }),
    );
    const ran = await run('npx', ['--no', 'launcher', 'run', 'short.json', '--out', 'r1'], app);
    expect({ exitCode: ran.exitCode, output: ran.all }).toEqual({ exitCode: 0, output: expect.stringContaining('r1') });
    const rows = (await readFile(join(app, 'r1', 'vm-0.csv'), 'utf8')).trim().split('\n').length - 1;
    expect(rows).toBeGreaterThan(1);
    const reported = await run('npx', ['--no', 'launcher', 'report', 'r1', '--out', 'again.html'], app);
    expect({ exitCode: reported.exitCode, output: reported.all }).toEqual({
      exitCode: 0,
      output: expect.stringMatching(/^report: again\.html/),
    });
    const html = await readFile(join(app, 'again.html'), 'utf8');
    expect(html).not.toContain('Charts need the page scripts');
    // The three vega builds and the page's bundle.
    expect(html.match(/<script>/g)?.length).toBe(4);
    expect(html).toContain('vegaEmbed');
  }, 120_000);
});
