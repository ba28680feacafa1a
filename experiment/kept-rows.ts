/**
 * Rows a trial on remote hosts could not fetch from a lost host stay there (launcher/remote-vm-rows.ts says where):
 * an experiment passes those lines on and names them in the trial's outcome.
 */
import type { TrialOutcome } from './trial-outcome.js';

/**
 * Of what a run says as it goes, the lines an experiment must not drop: where a lost host's rows stay (`vm1: its rows
 * after byte 0 stay on host h2 ... in DIR`). A trial has no progress lines of its own, and these said only by `run`
 * left a resumed trial's user no way to know rows were left on a host.
 */
export function keptRowsLines(say: (line: string) => void): { write(text: string): void } {
  return {
    write(text) {
      for (const line of text.split('\n')) if (/ stay on /.test(line)) say(line);
    },
  };
}

/** A trial not ok names, after why, where rows it could not fetch stay (summary.md lists it). */
export function withKeptRows(outcome: TrialOutcome, kept: readonly string[]): TrialOutcome {
  if (outcome.status === 'ok' || kept.length === 0) return outcome;
  return { ...outcome, detail: `${outcome.detail}; ${kept.join('; ')}` };
}
