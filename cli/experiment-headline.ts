/** The line an experiment starts with: its variants, trials, speed and base seed, what is left to run and how long. */

import type { ExperimentPlan, Trial } from '../experiment/experiment-plan.js';
import { formatDuration } from '../experiment/experiment-progress.js';
import { counted } from '../shared/counted.js';

export function experimentHeadline(plan: ExperimentPlan, trials: readonly Trial[], toRun: readonly Trial[]): string {
  const realMs =
    toRun.reduce((sum, t) => sum + t.realDurationMs, 0) / Math.max(1, Math.min(plan.parallel, toRun.length));
  const done = trials.length - toRun.length;
  const speed = plan.speed === null ? '' : ` at speed ${plan.speed}`;
  return (
    `clocklab experiment ${plan.name}: ${counted(plan.variants.length, 'variant')}, ${counted(trials.length, 'trial')}${speed}, base seed ${plan.seed}` +
    (done > 0 ? `; ${done} complete already, ${toRun.length} to run` : '') +
    (toRun.length === 0
      ? ''
      : toRun.every((t) => t.config.engine === 'sim')
        ? '; sim engine (virtual time)'
        : `; at least ${formatDuration(realMs)} of running (${plan.parallel} at a time)`)
  );
}
