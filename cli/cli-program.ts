/**
 * The `launcher` command line: subcommands, options and help text. Parses, calls one function per subcommand, and
 * returns the exit code; usage errors exit 2 with commander's one-line message.
 */
import { Command, CommanderError, Option } from 'commander';
import type { ConfigOverrides, OverrideFlags } from '../config/load-config.js';
import { maxMachines, maxSeed } from '../config/run-limits.js';
import { ioFailureLine } from '../run-folder/io-failure.js';
import { exitCodeHelp, exitCodes } from '../shared/exit-codes.js';
import { engineOption } from './engine-option.js';
import { defineExperimentCommand } from './experiment-cli.js';
import { defineExportCommand } from './export-command.js';
import { defineInspectCommands } from './inspect-commands.js';
import { outputFailed, surviveLostOutput } from './lost-output.js';
import { integer, pathValue, positiveNumber, rateRange } from './option-values.js';
import { defineReportCommands } from './report-commands.js';
import { writeFilesWhole } from './whole-file-writes.js';

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

export async function main(argv: readonly string[]): Promise<number> {
  surviveLostOutput();
  writeFilesWhole();
  const code = await runProgram(argv);
  return code === exitCodes.ok && outputFailed() ? exitCodes.outputUnwritable : code;
}

/** `-V` and `--version` print clocklab's version (package.json's), exit 0, as commander has it. */
const versionFlags = '-V, --version';

/** package.json is read only when the version is asked for: other commands start without it. */
async function versionFor(argv: readonly string[]): Promise<string> {
  if (!argv.some((arg) => arg === '-V' || arg === '--version')) return '';
  const { clocklabVersion } = await import('../run-folder/folder-writer.js');
  return clocklabVersion();
}

async function runProgram(argv: readonly string[]): Promise<number> {
  let code: number = exitCodes.ok;
  const program = new Command('launcher')
    .description('clocklab: run virtual machines as OS processes with Lamport clocks, and log every tick.')
    .version(await versionFor(argv), versionFlags, 'print the version of clocklab')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `\n${exitCodeHelp({
        ok: 'ok',
        failed: 'the run failed (a VM died or misbehaved)',
        usage: 'usage or config error',
        sessionStarted: 'a VM by hand started into a session already running without it (vm)',
        outputUnwritable: 'standard output or error could not be written (a full disk; one line says so)',
        interrupted: 'interrupted (Ctrl-C: every VM stops at one instant; Ctrl-C again: killed at once)',
      })}\nExample: launcher run config/default.json --duration 10 --seed 7`,
    );

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
      'range of clock rates in ticks/s, e.g. 3-5 (overrides "clockRate")',
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
      code = await runCommand(config, {
        overrides: overridesFrom(flags),
        overrideFlags,
        verbose: flags.verbose === true,
        logsDir: 'logs',
        ...(flags.out === undefined ? {} : { out: flags.out }),
      });
    });

  program
    .command('vm')
    .description('run ONE VM by hand, for debugging: start one per terminal with the same config (fixed basePort)')
    .requiredOption('--id <k>', 'this VM id, 0..machines-1', integer('--id', 0))
    .argument('<config>', 'run config with a fixed network.basePort')
    .addOption(
      new Option('--out <dir>', 'folder for vm-K.csv and vm-K.json').default('logs').argParser(pathValue('--out')),
    )
    .option('--verbose', 'print every event as it happens')
    .addHelpText(
      'after',
      `\n${exitCodeHelp({
        ok: 'ran to its end',
        failed: 'a peer refused it or the session failed (the line names the peer and why)',
        usage: 'usage or config error, or its port taken (nothing in the out folder changed)',
        sessionStarted: 'its session had started without it (a VM restarted into it cannot join; it wrote nothing)',
        interrupted:
          'interrupted (Ctrl-C here or in another VM of the session: every VM stops at one instant, its rows complete; ' +
          'Ctrl-C again: quits at once)',
      })}`,
    )
    .action(async (config: string, flags: { id: number; out: string; verbose?: boolean }) => {
      const { runByHand } = await import('../vm/manual-mode.js');
      code = await runByHand({ id: flags.id, out: flags.out, verbose: flags.verbose === true }, config);
    });

  defineExperimentCommand(program.command('experiment'), (exitCode) => {
    code = exitCode;
  });
  defineInspectCommands(program, (exitCode) => {
    code = exitCode;
  });
  defineExportCommand(program, (exitCode) => {
    code = exitCode;
  });
  defineReportCommands(program, (exitCode) => {
    code = exitCode;
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      // A full disk or a vanished folder is one line; anything else is a bug and keeps its stack.
      const line = ioFailureLine(error);
      if (line === undefined) throw error;
      console.error(`launcher: ${line}`);
      return exitCodes.failed;
    }
    const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    return helpShown || error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  return code;
}
