/** The `run` command: every VM of a config, its options overriding the config's values (the work is run-command.ts). */
import type { Command } from 'commander';
import type { ConfigOverrides, OverrideFlags } from '../config/load-config.js';
import { maxMachines, maxSeed } from '../config/run-limits.js';
import { exitCodeHelp } from '../shared/exit-codes.js';
import { engineOption } from './engine-option.js';
import { integer, pathValue, positiveNumber, rateRange } from './option-values.js';

type RunFlags = {
  out?: string;
  machines?: number;
  duration?: number;
  seed?: number;
  clockRate?: { min: number; max: number };
  eventRange?: number;
  speed?: number;
  verbose?: boolean;
  engine?: 'processes' | 'sim';
};

/** The flag behind each override, so that a value the config refuses is blamed on the flag, not on the file. */
const overrideFlags: OverrideFlags = {
  machines: '--machines',
  durationSeconds: '--duration',
  seed: '--seed',
  clockRate: '--clock-rate',
  eventRange: '--event-range',
  speed: '--speed',
  engine: '--engine',
};

function overridesFrom(flags: RunFlags): ConfigOverrides {
  return {
    ...(flags.machines === undefined ? {} : { machines: flags.machines }),
    ...(flags.duration === undefined ? {} : { durationSeconds: flags.duration }),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(flags.clockRate === undefined ? {} : { clockRate: flags.clockRate }),
    ...(flags.eventRange === undefined ? {} : { eventRange: flags.eventRange }),
    ...(flags.speed === undefined ? {} : { speed: flags.speed }),
    ...(flags.engine === undefined ? {} : { engine: flags.engine }),
  };
}

export function defineRunCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command('run')
    .description('run every VM of CONFIG and collect their CSVs and a manifest into one run folder')
    .argument('<config>', 'run config (JSON; see config/schema.json)')
    .option(
      '--out <dir>',
      'write the run into DIR (created; must be empty) instead of logs/<run-id>/',
      pathValue('--out'),
    )
    .option('--machines <n>', 'number of VMs (overrides "machines")', integer('--machines', 2, maxMachines))
    .option('--duration <seconds>', 'length of the run (overrides "durationSeconds")', positiveNumber('--duration'))
    .option('--seed <n>', 'master seed, for a repeatable run (overrides "seed")', integer('--seed', 0, maxSeed))
    .option(
      '--clock-rate <min-max>',
      'range of clock rates in ticks per experiment second: MIN-MAX or N, e.g. 3-5 or 4 (overrides "clockRate")',
      rateRange('--clock-rate'),
    )
    .option(
      '--event-range <n>',
      'draw 1..N when the queue is empty (overrides "eventRange")',
      integer('--event-range', 3),
    )
    .option('--speed <s>', 'time compression: rates x S, duration / S (overrides "speed")', positiveNumber('--speed'))
    .option('--verbose', 'print every VM event as it happens, and when every VM listens')
    .addOption(engineOption())
    .addHelpText(
      'after',
      `\n${exitCodeHelp({
        ok: 'the run ended and checks valid',
        failed: 'the run failed (a VM died or misbehaved, a rule is broken, or a run file cannot be written)',
        usage: 'usage or config error, a host not ready or a port taken (nothing ran)',
        interrupted: 'interrupted (Ctrl-C: every VM stops at one instant; Ctrl-C again: killed at once)',
      })}`,
    )
    .action(async (config: string, flags: RunFlags) => {
      // Each command loads its code when it runs: `launcher --help` and start-up stay fast.
      const { runCommand } = await import('./run-command.js');
      setCode(
        await runCommand(config, {
          overrides: overridesFrom(flags),
          overrideFlags,
          verbose: flags.verbose === true,
          logsDir: 'logs',
          ...(flags.out === undefined ? {} : { out: flags.out }),
        }),
      );
    });
}
