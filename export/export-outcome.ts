/**
 * What an export ends in: done (with what it did), a run it cannot show, a run no VM logged a row in, a folder that
 * cannot be read, or an output that took no more.
 */
import type { FailsCheck } from '../analysis/fails-check.js';
import type { NoRowLogged } from '../run-folder/no-row-logged.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { printable } from '../shared/printable-text.js';

/** `fails`: the run breaks a rule of check (analysis/fails-check.ts): the log is written, and the export says so. */
export type ExportOutcome =
  | {
      ok: true;
      hosts: number;
      events: number;
      clampedEntries: number;
      /** Per VM whose events were named but not logged: how many entries, and the host its missing rows stay on. */
      clampedOf: ClampedOf[];
      vectors: 'logged' | 'replayed';
      fails: FailsCheck | null;
    }
  | NotExportable
  | NoRowLogged
  | Unreadable
  | OutputClosed;

/** `onHost`: the host keeping the VM's missing rows, and the manifest field that says so; null: lost with a kill. */
export type ClampedOf = {
  vm: number;
  entries: number;
  onHost: { host: string; field: 'rowsOnHost' | 'earlierRowsOnHost' } | null;
};

/** A run the ShiViz format cannot show as it is: a malformed row, or vectors that break ShiViz's rules. */
export type NotExportable = { ok: false; reason: 'not-exportable'; file: string; line: number | null; detail: string };

/** Every such message is built here: made printable, so no raw byte of a run's files reaches a terminal. */
export const notExportable = (file: string, line: number | null, detail: string): NotExportable => ({
  ok: false,
  reason: 'not-exportable',
  file,
  line,
  detail: printable(detail),
});

/** Takes a chunk of whole lines; false when the output takes no more (the export then stops: output-closed). */
export type WriteChunk = (text: string) => boolean;

/**
 * Resolves once the output has taken the chunks handed to it (a pipe whose reader is slower, a file being written).
 * The export waits on it before reading on, so that it holds about a MiB of the log, never the whole of it.
 */
export type Drained = () => Promise<void>;

export const alwaysDrained: Drained = () => Promise.resolve();

/** The output refused a piece (a failed write, a stop signal): the export stopped there; the output says why. */
export type OutputClosed = { ok: false; reason: 'output-closed' };

export const outputClosed: OutputClosed = { ok: false, reason: 'output-closed' };
