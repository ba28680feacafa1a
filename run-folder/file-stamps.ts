/**
 * What a saved result (check.json, summary.json) was computed from, and whether that is still so. Size and mtime
 * alone would pass a file replaced by another with the same size and a copied mtime (`cp -p`, `touch -r`); its
 * inode and change time differ (nothing can set a change time back).
 */

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { csvFileName } from './csv-columns.js';
import { faultLogFileName } from './faults-csv.js';
import { manifestFileName } from './manifest.js';
import { runStartFileName } from './run-start.js';
import { vmEndRecordName } from './vm-end-record-name.js';

/** A file as it was: null fields for one that did not exist. */
export type FileStamp = {
  file: string;
  size: number | null;
  mtimeMs: number | null;
  ctimeMs: number | null;
  ino: number | null;
};

/**
 * The files every saved result about a run is computed from: the manifest, every VM's CSV, and the start record and
 * the fault log a run whose launcher died is read from (run-start.ts, logged-kills.ts; the record is removed once the
 * manifest is written: a null stamp then).
 */
export const runInputNames = (machines: number): string[] => [
  manifestFileName,
  ...Array.from({ length: machines }, (_, vm) => csvFileName(vm)),
  runStartFileName,
  faultLogFileName,
  ...Array.from({ length: machines }, (_, vm) => vmEndRecordName(vm)),
];

export function stampFiles(runDir: string, names: readonly string[]): Promise<FileStamp[]> {
  return Promise.all(
    names.map((file) =>
      stat(join(runDir, file)).then(
        (s) => ({ file, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino }),
        () => ({ file, size: null, mtimeMs: null, ctimeMs: null, ino: null }),
      ),
    ),
  );
}

/** Same files, each unchanged. `saved` is untrusted (read back from disk): anything but a stamp list differs. */
export function sameStamps(saved: unknown, now: readonly FileStamp[]): boolean {
  if (!Array.isArray(saved) || saved.length !== now.length) return false;
  return now.every((y, i) => {
    const x = saved[i] as Partial<FileStamp> | null | undefined;
    return (
      typeof x === 'object' &&
      x !== null &&
      x.file === y.file &&
      x.size === y.size &&
      x.mtimeMs === y.mtimeMs &&
      x.ctimeMs === y.ctimeMs &&
      x.ino === y.ino
    );
  });
}
