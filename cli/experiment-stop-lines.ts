/**
 * What `launcher experiment` says on Ctrl-C: no new trial starts, and what becomes of the running ones, as they
 * answered: each stops in order (rerun on resume), or its ticks were complete and it finishes as it is.
 */
import { counted } from '../shared/counted.js';
import type { InterruptAnswer, StopLines } from '../shared/stop-signals.js';

const trials = (n: number) => counted(n, 'running trial');

function runningTrials(answers: readonly InterruptAnswer[]): string {
  const complete = answers.filter((answer) => answer === 'ticks-complete').length;
  const stopping = answers.length - complete;
  if (complete === 0) return 'the running ones stop and are rerun on resume';
  const finish =
    complete === 1
      ? 'has its ticks complete and finishes as it is'
      : 'have their ticks complete and finish as they are';
  if (stopping === 0) return `${complete === 1 ? 'the running trial' : `the ${complete} running trials`} ${finish}`;
  return `${trials(stopping)} ${stopping === 1 ? 'stops and is' : 'stop and are'} rerun on resume, ${complete} ${finish}`;
}

export const experimentStopLines: StopLines = {
  interrupt: (answers) =>
    `Ctrl-C: no new trials start; ${runningTrials(answers)} (press it again to kill the running VMs at once)`,
  kill: 'killing every VM now',
};
