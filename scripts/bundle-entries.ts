/**
 * The last step of `npm run build`: bundles each process entry point with esbuild, in place over tsc's output, so a
 * process loads a handful of files instead of ~165 modules (zod, execa and commander are ESM module graphs; start-up
 * was mostly module loading). Lazy `import()`s of our command modules stay lazy: they become chunks of their own,
 * shared by the entries, in dist/chunks/, one level under dist/ like bin/ and launcher/, so that paths computed
 * from import.meta.url (`'../vm/main.js'`, `'../analysis/digest-worker.js'`, `'../../package.json'`) resolve the
 * same from a chunk as from tsc's module. Every other file of dist/ stays tsc's (the bench, the soak, the tests).
 * Then the pages' scripts (browser-assets.ts).
 */
import { chmod, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildBrowserAssets } from './browser-assets.js';

/** The files Node starts a process or a worker thread with: source and bundle, relative to the project root. */
export const bundledEntries = [
  { source: 'bin/launcher.ts', output: 'dist/bin/launcher.js' },
  { source: 'vm/main.ts', output: 'dist/vm/main.js' },
  { source: 'analysis/digest-worker.ts', output: 'dist/analysis/digest-worker.js' },
  { source: 'report/check-worker.ts', output: 'dist/report/check-worker.js' },
] as const;

/** Code shared by the entries, and each lazily imported module, as `chunks/<name>-<hash>.js` under dist/. */
export const chunksFolder = 'dist/chunks';

/**
 * CommonJS packages inside the bundle (commander, cross-spawn under execa) call require(); in an ES module there is
 * none, and esbuild's stand-in would throw "Dynamic require of ... is not supported".
 */
const requireShim = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  'const require = __bundleCreateRequire(import.meta.url);',
].join('\n');

/**
 * zod exports its error messages in ~50 languages (`z.locales`); clocklab writes its own messages and sets none of
 * them, and zod's English messages come from en.js directly. Bundled, the set was half of zod's chunk: the launcher
 * loaded it before spawning a VM (zod's chunk 29 -> 21 ms to load, measured alone). Its index resolves to English.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, '../locales/index.js'), namespace: 'zod-english' }
        : undefined,
    );
    // The English file next to the index it stands for: the same module zod's own schemas import.
    build.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

export async function bundleEntries(root: string): Promise<void> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: bundledEntries.map((entry) => ({ in: entry.source, out: entry.output.replace(/^dist\/|\.js$/g, '') })),
    outdir: 'dist',
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: 'tsconfig.json',
    banner: { js: requireShim },
    // Not minified: a stack trace from the bundle names our functions and points at readable lines. The maps lead
    // to the TypeScript sources under `node --enable-source-maps`.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
    plugins: [zodEnglishOnly],
  });
  // Chunk names carry a content hash, so each build would leave the previous build's chunks behind. Only those this
  // build did not write go, and only afterwards: a run still going from this dist/ keeps the chunks of unchanged code.
  const written = new Set(Object.keys(result.metafile.outputs).map((file) => join(root, file)));
  const folder = join(root, chunksFolder);
  for (const name of await readdir(folder)) {
    if (!written.has(join(folder, name))) await rm(join(folder, name), { force: true });
  }
  // `npx launcher` runs the bin file itself (its `#!/usr/bin/env node` line): npm marks it executable only when it
  // links a package's bins, which it does not for the project's own, and the build writes it anew (mode 0644).
  for (const entry of bundledEntries) {
    if (entry.output.startsWith('dist/bin/')) await chmod(join(root, entry.output), 0o755);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  await bundleEntries(root);
  await buildBrowserAssets(root);
}
