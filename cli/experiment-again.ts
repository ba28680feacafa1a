/**
 * The command line that runs what an experiment left missing: the same file, folder and command-line options. The
 * options matter: without them the same folder is another experiment (other speed, duration, seed...), refused
 * before anything in it is written (experiment/plan-identity.ts).
 */
import type { ExperimentOverrides } from '../experiment/load-experiment.js';
import { shellWords } from './shell-words.js';

export function experimentAgain(file: string, dir: string, overrides: ExperimentOverrides): string {
  const flags: [string, number | string | undefined][] = [
    ['--speed', overrides.speed],
    ['--trials', overrides.trials],
    ['--seed', overrides.seed],
    ['--duration', overrides.durationSeconds],
    ['--parallel', overrides.parallel],
    ['--engine', overrides.engine],
  ];
  const given = flags.flatMap(([flag, value]) => (value === undefined ? [] : [flag, String(value)]));
  return shellWords(['launcher', 'experiment', file, ...given, '--out', dir]);
}
