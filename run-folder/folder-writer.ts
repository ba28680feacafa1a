/** The run folder on disk: created fresh (never over an earlier run), the manifest, and `logs/latest`. */
import { mkdir, readdir, readFile, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Manifest, manifestFileName } from './manifest.js';

export type FolderResult = { ok: true } | { ok: false; reason: 'not-empty' | 'unwritable'; detail: string };

export async function createRunFolder(dir: string): Promise<FolderResult> {
  try {
    await mkdir(dir, { recursive: true });
    const entries = await readdir(dir);
    if (entries.length > 0) {
      return { ok: false, reason: 'not-empty', detail: `${dir} already holds files; give an empty or new folder` };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: 'unwritable', detail: `${dir}: ${(error as NodeJS.ErrnoException).code ?? error}` };
  }
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  // Write then rename, so a reader never sees half a manifest.
  const file = join(dir, manifestFileName);
  await writeFile(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Points `<logs>/latest` at the newest run (relative, so the logs folder can move). */
export async function pointLatest(runDir: string): Promise<void> {
  const link = join(dirname(runDir), 'latest');
  await unlink(link).catch(() => {});
  await symlink(relative(dirname(link), runDir) || basename(runDir), link).catch(() => {});
}

export async function clocklabVersion(): Promise<string> {
  const file = fileURLToPath(new URL('../../package.json', import.meta.url));
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
