/**
 * Writes RUN_DIR/report.html (report-html.ts), to a temporary name then renamed: a reader never sees half a page. A
 * page written elsewhere (`--out`, `compare --html`) goes where the user's name leads (run-folder/output-file.ts).
 */
import { join } from 'node:path';
import { type FailsCheck, failsCheckOf } from '../analysis/fails-check.js';
import type { NoRowLogged } from '../run-folder/no-row-logged.js';
import {
  type OutputTarget,
  openOutput,
  outputErrorDetail,
  replacedRun,
  replacedRunDetail,
  resolveOutput,
} from '../run-folder/output-file.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { buildReport, type KnownResults } from './build-report.js';

export const reportFileName = 'report.html';

/** `fails`: the page's run breaks a rule of check (its verdict on the page says which), for the run's page. */
export type WriteReportResult =
  | { ok: true; file: string; bytes: number; rows: number; fails: FailsCheck | null }
  | { ok: false; reason: 'unwritable'; file: string; detail: string }
  | NoRowLogged
  | Unreadable;

/** What `report` (and `launcher run`) say of a run no VM logged a row in: no page of zeros was made. */
export function nothingToReportLine(result: NoRowLogged): string {
  return `nothing to report: ${result.said}; no page written`;
}

export async function writeReport(runDir: string, known: KnownResults = {}): Promise<WriteReportResult> {
  const built = await buildReport(runDir, known);
  if (!built.ok) return built;
  // The run's own page: a link planted in the folder under its name is replaced, never written through.
  const written = await writeAtomically(join(runDir, reportFileName), built.html, built.rows, [runDir], 'run-file');
  return written.ok ? { ...written, fails: failsCheckOf(built.check) } : written;
}

/** The report at `file`, a name the user gave (`--out`). */
export async function writeReportTo(
  runDir: string,
  file: string,
  known: KnownResults = {},
): Promise<WriteReportResult> {
  const built = await buildReport(runDir, known);
  if (!built.ok) return built;
  const written = await writeAtomically(file, built.html, built.rows, [runDir], 'run-page');
  return written.ok ? { ...written, fails: failsCheckOf(built.check) } : written;
}

/**
 * `runDirs`: the runs the page shows, none of whose own files it may replace (own-files.ts), nor any file of another
 * run folder. `file` is the user's name unless `kind` says it is the run's own page (`run-file`); `run-page`: a name
 * the user gave for the run's page, which may be RUN/report.html.
 */
export async function writeAtomically(
  file: string,
  html: string,
  rows: number,
  runDirs: readonly string[],
  kind: 'user-named' | 'run-page' | 'run-file' = 'user-named',
): Promise<WriteReportResult> {
  const unwritable = (detail: string) => ({ ok: false, reason: 'unwritable', file, detail }) as const;
  try {
    const target: OutputTarget = kind === 'run-file' ? { path: file, into: 'whole-file' } : await resolveOutput(file);
    const replaced =
      kind === 'run-file' ? null : await replacedRun(runDirs, file, target, kind === 'run-page' ? runDirs : []);
    if (replaced !== null) return unwritable(replacedRunDetail(replaced));
    // A new name or a file: an exclusive temporary name, then rename (never written through a link planted there);
    // a device or pipe (/dev/stdout): written straight into.
    const out = await openOutput(target);
    out.write(html);
    await out.commit();
  } catch (error) {
    return unwritable(`cannot write (${outputErrorDetail(error)})`);
  }
  return { ok: true, file, bytes: Buffer.byteLength(html), rows, fails: null };
}
