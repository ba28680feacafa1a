/**
 * faults.csv read back as rows by column name, for every reader of it (late-faults.ts, logged-kills.ts): only a
 * regular file, at most a bound far above any run's log; a file that does not parse as CSV throws from parseFaultLog.
 */
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { faultLogFileName } from './faults-csv.js';
import { readRegularText } from './regular-file.js';

export type FaultLogRow = Record<string, string>;

/** RUN_DIR/faults.csv's text, as readRegularText gives it. */
export function readFaultLogText(runDir: string): ReturnType<typeof readRegularText> {
  return readRegularText(join(runDir, faultLogFileName), 64 * 1024 * 1024);
}

/** The rows of a faults.csv text; throws on text that is not CSV. Rows of an older log lack its later columns. */
export function parseFaultLog(text: string): FaultLogRow[] {
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true });
}
