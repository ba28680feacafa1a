/**
 * A pause of a VM that an earlier pause still holds. Both engines continue the VM at the first resume due, so the
 * longer pause ends early, and the report drew one band, from the second pause to the first resume: refused, like a
 * kill of a VM that is down (fault-config.ts). Checked on a config about to run, not on one a folder recorded.
 */
import type { Pause } from './fault-config.js';
import { heldPairs } from './held-pairs.js';

export function pauseProblems(pauses: readonly Pause[]): { path: (string | number)[]; message: string }[] {
  const holds = pauses.map(({ vm, atSecond, forSeconds }) => ({ vm, atSecond, untilSecond: atSecond + forSeconds }));
  return heldPairs(holds).flatMap(([i, j]) => {
    const held = pauses[i];
    const pause = pauses[j];
    if (held === undefined || pause === undefined) return [];
    // 12 digits: a resume at 0.1 + 0.2 is said as 0.3 s.
    const resumed = Number((held.atSecond + held.forSeconds).toPrecision(12));
    return [
      {
        path: ['faults', 'pauses', j],
        message:
          `found a pause of VM ${pause.vm} at ${pause.atSecond} s while it is paused from faults.pauses[${i}] ` +
          `(paused at ${held.atSecond} s, resumed at ${resumed} s); allowed: a pause of a running VM`,
      },
    ];
  });
}
