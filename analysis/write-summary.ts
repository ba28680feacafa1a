/**
 * `summary.json` in the run folder: the analysis, saved beside the data it describes so reports and experiments
 * need not re-read millions of rows. Written to a temporary name and renamed, so a reader never sees half a file.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from '../run-folder/unreadable.js';
import type { RunAnalysis } from './run-analysis.js';

export const summaryFileName = 'summary.json';

export type WriteSummaryResult =
  | { ok: true; file: string }
  | { ok: false; reason: 'unwritable'; file: string; detail: string };

export async function writeSummary(runDir: string, analysis: RunAnalysis): Promise<WriteSummaryResult> {
  const file = join(runDir, summaryFileName);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(analysis, null, 2)}\n`);
    await rename(temporary, file);
    return { ok: true, file };
  } catch (error) {
    return { ok: false, reason: 'unwritable', file, detail: `cannot write ${summaryFileName} (${errorCode(error)})` };
  }
}
