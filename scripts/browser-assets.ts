/**
 * Part of `npm run build` (called by bundle-entries.ts): the files every HTML page inlines, into dist/page-scripts/.
 * The vega, vega-lite and vega-embed browser builds are copied from the devDependencies (so an installed copy does
 * not depend on them), and the pages' own script is bundled by esbuild from report/browser/page.ts into one
 * browser file (an IIFE: the page inlines it in a plain <script>).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { pageBundleFile, pageScriptsFolder, vegaBuilds } from '../report/html/page-scripts.js';

export const pageEntry = 'report/browser/page.ts';

export async function buildBrowserAssets(root: string): Promise<void> {
  const folder = join(root, 'dist', pageScriptsFolder);
  await mkdir(folder, { recursive: true });
  for (const { pkg, file } of vegaBuilds)
    await copyFile(join(root, 'node_modules', pkg, 'build', file), join(folder, file));
  await build({
    absWorkingDir: root,
    entryPoints: [pageEntry],
    outfile: join(folder, pageBundleFile),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome100',
    tsconfig: 'tsconfig.json',
    // Not minified: a few tens of kB beside 1 MB of vega, and a page's error then names our functions.
    logLevel: 'warning',
  });
}
