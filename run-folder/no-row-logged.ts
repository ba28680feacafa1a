/**
 * A run no VM logged a row in (it ended before any VM ticked: a port taken, a Ctrl-C before the start). `report`,
 * `export` and `compare` make nothing of it, `check` says `nothing to check` (never `valid`) and `analyze` `no
 * figures`: a page, a log or a column of zeros would read as a run that happened. `report`, `export`, `compare` and
 * `check` each say so in one line around `said`, one wording.
 */

import { printable } from '../shared/printable-text.js';
import type { RunStatus } from './manifest.js';

export type NoRowLogged = { ok: false; reason: 'no-rows'; said: string };

/** `said`: `no VM logged a row in DIR (run failed: VM 1 could not start (...))`, the folder as given. */
export function noRowLogged(runDir: string, run: { status: RunStatus; reason: string | null }): NoRowLogged {
  const ended = `run ${run.status}${run.reason === null ? '' : `: ${run.reason}`}`;
  return { ok: false, reason: 'no-rows', said: `no VM logged a row in ${printable(runDir)} (${ended})` };
}
