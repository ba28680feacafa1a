/** What an export ends in: done (with what it did), a run it cannot show, or a folder that cannot be read. */
import type { Unreadable } from '../run-folder/unreadable.js';
import { printable } from '../shared/printable-text.js';

export type ExportOutcome =
  | { ok: true; hosts: number; events: number; clampedEntries: number; vectors: 'logged' | 'replayed' }
  | NotExportable
  | Unreadable;

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
