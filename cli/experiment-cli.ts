/**
 * The `launcher experiment` subcommand's options and help; cli-program.ts hands it a command to fill in.
 * The experiment code itself loads only when the subcommand runs.
 */
import type { Command } from 'commander';
import { maxSeed } from '../config/run-limits.js';
import type { ExperimentOverrides } from '../experiment/load-experiment.js';
import { exitCodeHelp } from '../shared/exit-codes.js';
import { engineOption } from './engine-option.js';
import { integer, pathValue, positiveNumber } from './option-values.js';

type ExperimentFlags = {
  out?: string;
  speed?: number;
  seed?: number;
  trials?: number;
  duration?: number;
  parallel?: number;
  engine?: 'processes' | 'sim';
};

export function defineExperimentCommand(command: Command, done: (exitCode: number) => void): Command {
  return command
    .summary('run every trial of every variant of an experiment, then summarize them (resumable)')
    .description(
      'run every trial of every variant of an experiment (each a run folder; a "sweep" adds one per grid point), ' +
        "then summarize: a verdict with a 95% interval on each claim it names, and each variant's figures, mean and " +
        'spread (terminal, summary.md, summary.json, summary.html); run again with the same --out to run only what ' +
        'is missing',
    )
    .argument('<experiment>', 'experiment file (JSON), e.g. config/experiment.json')
    .option(
      '--out <dir>',
      'experiment folder (new, or an earlier run of it to resume) instead of logs/<name>-<time>/',
      pathValue('--out'),
    )
    .option(
      '--speed <s>',
      'time compression for every trial: rates x S, duration / S (overrides "speed")',
      positiveNumber('--speed'),
    )
    .option('--trials <n>', 'trials of every variant (overrides "trials")', integer('--trials', 1, 1000))
    .option('--seed <n>', 'base seed: trial k runs with seed + k - 1 (overrides "seed")', integer('--seed', 0, maxSeed))
    .option(
      '--duration <seconds>',
      'length of every trial in experiment seconds (overrides "durationSeconds")',
      positiveNumber('--duration'),
    )
    .option(
      '--parallel <n>',
      'trials run at once (overrides "parallel"; 1: one after another)',
      integer('--parallel', 1, 8),
    )
    .addOption(engineOption())
    .addHelpText(
      'after',
      '\nExample: launcher experiment config/experiment.json --speed 20 --parallel 5 --out logs/study\n' +
        exitCodeHelp({
          ok: 'every trial ok',
          failed: 'a trial failed',
          failsCheck:
            "every trial ran, but a trial's folder fails check (its figures are in the summary; a line names it)",
          usage:
            'usage or experiment file error, --out holds another experiment, or its plan or summary cannot be written',
          interrupted: 'interrupted (Ctrl-C: the running trials stop at one instant; again: killed at once)',
        }),
    )
    .action(async (file: string, flags: ExperimentFlags) => {
      const { experimentCommand } = await import('./experiment-command.js');
      const overrides: ExperimentOverrides = {
        ...(flags.speed === undefined ? {} : { speed: flags.speed }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        ...(flags.trials === undefined ? {} : { trials: flags.trials }),
        ...(flags.duration === undefined ? {} : { durationSeconds: flags.duration }),
        ...(flags.parallel === undefined ? {} : { parallel: flags.parallel }),
        ...(flags.engine === undefined ? {} : { engine: flags.engine }),
      };
      done(
        await experimentCommand(file, {
          overrides,
          logsDir: 'logs',
          ...(flags.out === undefined ? {} : { out: flags.out }),
        }),
      );
    });
}
