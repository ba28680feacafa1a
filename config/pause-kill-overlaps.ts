/**
 * A pause and a kill of one VM that overlap so that the pause would not hold what the config says. Both engines agree
 * on such a config but lose its intent, and the report draws the whole pause band over it:
 * - a pause of a VM that a kill left down (to its restart, that instant included: at one instant pauses act before
 *   kills' restarts) stops nothing, and the restarted VM runs through the rest of the pause;
 * - a kill of a paused VM whose restart comes before the pause's end brings back a VM that runs during the pause.
 * A kill of a paused VM that stays down, or whose restart comes at or after the resume, is what it says: allowed.
 * Refused like a pause of a paused VM (pause-overlaps.ts), on a config about to run only (RunnableConfig).
 */
import type { FaultConfig } from './fault-config.js';

type Problem = { path: (string | number)[]; message: string };

/** 12 digits: 0.1 + 0.2 is said as 0.3 s. */
const said = (seconds: number) => Number(seconds.toPrecision(12));

export function pauseKillProblems(faults: FaultConfig): Problem[] {
  const problems: Problem[] = [];
  faults.pauses.forEach((pause, p) => {
    const resumeAt = pause.atSecond + pause.forSeconds;
    faults.kills.forEach((kill, k) => {
      if (kill.vm !== pause.vm) return;
      const restartAt = kill.restartAfterSeconds === undefined ? undefined : kill.atSecond + kill.restartAfterSeconds;
      const until = restartAt === undefined ? 'not restarted' : `restarted at ${said(restartAt)} s`;
      if (kill.atSecond < pause.atSecond && (restartAt === undefined || pause.atSecond <= restartAt)) {
        problems.push({
          path: ['faults', 'pauses', p],
          message:
            `found a pause of VM ${pause.vm} at ${pause.atSecond} s while it is down from faults.kills[${k}] ` +
            `(killed at ${kill.atSecond} s, ${until}); allowed: a pause of a running VM`,
        });
      } else if (pause.atSecond <= kill.atSecond && kill.atSecond < resumeAt && restartAt !== undefined) {
        if (restartAt >= resumeAt) return;
        problems.push({
          path: ['faults', 'kills', k],
          message:
            `found a restart of VM ${kill.vm} at ${said(restartAt)} s while faults.pauses[${p}] holds it (paused at ` +
            `${pause.atSecond} s, resumed at ${said(resumeAt)} s): the new VM would run during the pause; allowed: a ` +
            'restart at or after the resume, or no restart',
        });
      }
    });
  });
  return problems;
}
