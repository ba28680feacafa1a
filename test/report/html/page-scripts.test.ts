/**
 * The pages' scripts are found in dist/page-scripts/ from wherever the reading module runs: tsc's output
 * (dist/report/html/), a bundle's chunk (dist/chunks/), or the TypeScript source under jest (report/html/).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { pageBundleFile, pageScriptTags, readPageScripts, vegaBuilds } from '../../../report/html/page-scripts.js';
import { tempDir } from '../../integration/cli-harness.js';

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
  const folder = join(dir.path, 'dist', 'page-scripts');
  await mkdir(folder, { recursive: true });
  for (const { file } of vegaBuilds) await writeFile(join(folder, file), `/* ${file} */`);
  await writeFile(join(folder, pageBundleFile), '(() => { bootPage(); })();');
  for (const from of ['dist/chunks', 'dist/report/html', 'report/html'])
    await mkdir(join(dir.path, from), { recursive: true });
});
afterAll(() => dir.remove());

test.each(['dist/chunks', 'dist/report/html', 'report/html'])('found from %s', async (from) => {
  const scripts = await readPageScripts(join(dir.path, from));
  expect(scripts).toEqual({
    ok: true,
    vega: ['/* vega.min.js */', '/* vega-lite.min.js */', '/* vega-embed.min.js */'],
    page: '(() => { bootPage(); })();',
  });
});

test('the page inlines the vega builds, then its data, then its own script (which reads the data as it starts)', async () => {
  const scripts = await readPageScripts(join(dir.path, 'dist/chunks'));
  if (!scripts.ok) throw new Error(scripts.missing);
  const tags = pageScriptTags(scripts, ['<script type="application/json" id="chart-specs">[]</script>']).split('\n');
  expect(tags).toEqual([
    '<script>/* vega.min.js */</script>',
    '<script>/* vega-lite.min.js */</script>',
    '<script>/* vega-embed.min.js */</script>',
    '<script type="application/json" id="chart-specs">[]</script>',
    '<script>(() => { bootPage(); })();</script>',
  ]);
});

test('a missing file is named', async () => {
  await rm(join(dir.path, 'dist', 'page-scripts', pageBundleFile));
  expect(await readPageScripts(join(dir.path, 'dist/chunks'))).toEqual({
    ok: false,
    missing: 'dist/page-scripts/page.js',
  });
});
