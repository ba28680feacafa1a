/**
 * The checker's note on each injected fault that acted later than due (run-folder/late-faults.ts): the rows are
 * valid, but the fault did not act when the config said, so what it shows is shifted. `launcher run` prints it with
 * the check. Placed with the fault's VM (a partition's with VM 0).
 */
import { lateBoundMs, lateFaultLine, readLateFaults } from '../run-folder/late-faults.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import type { CheckNote } from './violation.js';

export async function lateFaultNotes(
  facts: Pick<RunFacts, 'runDir' | 'speed' | 'clockRates' | 'durationSeconds'>,
): Promise<CheckNote[]> {
  const bound = lateBoundMs(facts.speed, facts.clockRates);
  const late = await readLateFaults(facts.runDir, bound);
  return late.map((fault) => ({
    vm: fault.vm === '' ? 0 : fault.vm,
    text: lateFaultLine(fault, facts.speed, bound, facts.durationSeconds),
  }));
}
