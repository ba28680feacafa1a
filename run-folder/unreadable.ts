/**
 * The one failure a reader can meet that is nobody's logic error: the run folder cannot be read as a run.
 * A value, not a throw, so that the CLI can print it and exit 2.
 */
import { printable } from '../shared/printable-text.js';

export type UnreadableProblem =
  | 'no-run-folder'
  | 'manifest-missing'
  | 'manifest-not-json'
  | 'manifest-invalid'
  /** run-start.json, the start record a run whose launcher died is read from, is not one a launcher wrote. */
  | 'run-start-invalid'
  | 'fault-log-invalid'
  /** vm-K.end.json, a launched VM's own end record read beside a start record, is not this run's VM's. */
  | 'vm-end-record-invalid'
  | 'not-a-file'
  | 'csv-unreadable'
  | 'csv-header'
  | 'csv-parse';

export type Unreadable = {
  ok: false;
  reason: 'unreadable';
  problem: UnreadableProblem;
  /** The file (or folder) at fault. */
  file: string;
  detail: string;
};

/**
 * Every such message is built here: `detail` often quotes the file (a header, a parser's or JSON's own message), so it
 * is made printable (one line, no raw control or bidi character), whatever the caller quoted.
 */
export function unreadable(problem: UnreadableProblem, file: string, detail: string): Unreadable {
  return { ok: false, reason: 'unreadable', problem, file, detail: printable(detail) };
}

/** An fs error's code (ENOENT, EACCES...), which says more to a user than the full message. */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
