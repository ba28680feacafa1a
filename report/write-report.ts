/** Writes RUN_DIR/report.html (report-html.ts), to a temporary name then renamed: a reader never sees half a page. */
import { join } from 'node:path';
import { writeFileAtomically } from '../run-folder/exclusive-file.js';
import { isRunOwnFile } from '../run-folder/own-files.js';
import { errorCode, type Unreadable } from '../run-folder/unreadable.js';
import { buildReport, type KnownResults } from './build-report.js';

export const reportFileName = 'report.html';

export type WriteReportResult =
  | { ok: true; file: string; bytes: number; rows: number }
  | { ok: false; reason: 'unwritable'; file: string; detail: string }
  | Unreadable;

export async function writeReport(runDir: string, known: KnownResults = {}): Promise<WriteReportResult> {
  return writeReportTo(runDir, join(runDir, reportFileName), known);
}

export async function writeReportTo(
  runDir: string,
  file: string,
  known: KnownResults = {},
): Promise<WriteReportResult> {
  const built = await buildReport(runDir, known);
  if (!built.ok) return built;
  return writeAtomically(file, built.html, built.rows, [runDir]);
}

/** `runDirs`: the runs the page shows, none of whose own files it may replace (own-files.ts). */
export async function writeAtomically(
  file: string,
  html: string,
  rows: number,
  runDirs: readonly string[],
): Promise<WriteReportResult> {
  for (const runDir of runDirs) {
    if (await isRunOwnFile(runDir, file)) {
      const detail = `one of the own files of the run ${runDir}; give another file`;
      return { ok: false, reason: 'unwritable', file, detail };
    }
  }
  try {
    // Exclusive temporary name, then rename: never written through a link planted there.
    await writeFileAtomically(file, html);
  } catch (error) {
    return { ok: false, reason: 'unwritable', file, detail: `cannot write (${errorCode(error)})` };
  }
  return { ok: true, file, bytes: Buffer.byteLength(html), rows };
}
