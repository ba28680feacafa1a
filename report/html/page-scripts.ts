/**
 * The scripts every page inlines, in order: the browser builds of vega, vega-lite and vega-embed, then the page's own
 * script (report/browser/, bundled by esbuild). `npm run build` puts all four into dist/page-scripts/
 * (scripts/browser-assets.ts), so an installed copy needs neither the vega packages nor a network: the pages work
 * offline. The folder is found by walking up from this module, which runs from dist/report/html/, from a bundle's
 * chunk in dist/chunks/, or from the TypeScript source under jest (then it is <root>/dist/page-scripts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml, scriptTag } from './html-text.js';

export const pageScriptsFolder = 'page-scripts';

/** Where each inlined file comes from at build time: a vega package's build, or the page's bundle. */
export const vegaBuilds = [
  { pkg: 'vega', file: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'vega-embed.min.js' },
] as const;
export const pageBundleFile = 'page.js';

export type PageScripts = { ok: true; vega: string[]; page: string } | { ok: false; missing: string };

export async function readPageScripts(from: string = dirname(fileURLToPath(import.meta.url))): Promise<PageScripts> {
  const folder = findFolder(from);
  if (folder === undefined) return { ok: false, missing: `dist/${pageScriptsFolder}/` };
  const texts: string[] = [];
  for (const file of [pageBundleFile, ...vegaBuilds.map((b) => b.file)]) {
    if (!existsSync(join(folder, file))) return { ok: false, missing: `dist/${pageScriptsFolder}/${file}` };
    texts.push(await readFile(join(folder, file), 'utf8'));
  }
  const [page = '', ...vega] = texts;
  return { ok: true, vega, page };
}

/** The vega builds, the page's data (JSON script elements, read by the page's script as it starts), its script. */
export function pageScriptTags(scripts: Extract<PageScripts, { ok: true }>, data: readonly string[]): string {
  return [...scripts.vega.map(scriptTag), ...data, scriptTag(scripts.page)].join('\n');
}

/** What a page says in place of its charts when the scripts were not built. */
export function missingScripts(missing: string): string {
  return `<p class="note">Charts need the page scripts (missing ${escapeHtml(missing)}): run npm run build.</p>`;
}

function findFolder(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, pageScriptsFolder), join(dir, 'dist', pageScriptsFolder)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
