/**
 * What a run's config says of its injected kills and pauses, as the analysis and the checker read them (RunFacts'
 * `kills` and `pausedVms`): the same from a manifest's config and from a start record's (launcher-died-run.ts).
 */
import type { RunConfig } from '../config/run-config.js';
import type { KillFacts, RestartClock } from './run-facts.js';

/** Per VM id: how many injected kills, and what each restart did to its clock, in the order the restarts happen. */
export function killFactsOf(config: Pick<RunConfig, 'machines' | 'faults'>): KillFacts[] {
  return Array.from({ length: config.machines }, (_, id) => {
    const kills = (config.faults?.kills ?? []).filter((kill) => kill.vm === id);
    const restarts = kills
      .flatMap((kill) =>
        kill.restartAfterSeconds === undefined ? [] : [{ at: kill.atSecond + kill.restartAfterSeconds, kill }],
      )
      .sort((a, b) => a.at - b.at)
      .map(({ kill }): RestartClock => kill.clock);
    return { kills: kills.length, restarts };
  });
}

/** The VMs an injected pause stops for a while, in id order, each once. */
export function pausedVmsOf(config: Pick<RunConfig, 'faults'>): number[] {
  return [...new Set((config.faults?.pauses ?? []).map((pause) => pause.vm))].sort((a, b) => a - b);
}
