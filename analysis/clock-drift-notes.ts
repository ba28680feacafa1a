/**
 * The checker's note on a host whose clock drifted past the bound during a run on several hosts
 * (run-folder/host-clock-drift.ts): the rows are valid, but the latency figures across that host are not what they
 * read as. Placed with the host's first VM.
 */
import { driftLine } from '../run-folder/host-clock-drift.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import type { CheckNote } from './violation.js';

export function clockDriftNotes(facts: Pick<RunFacts, 'clockDrifts'>): CheckNote[] {
  return facts.clockDrifts
    .filter((drift) => drift.beyondBound)
    .map((drift) => ({ vm: Math.min(...drift.vms), text: driftLine(drift) }));
}
