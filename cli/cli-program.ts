/**
 * The `launcher` command line: the program, its help and its exit code. Each subcommand's options and help are in a
 * file of their own (run-cli.ts, vm-cli.ts, experiment-cli.ts, ...), which calls one function when it runs. Parses,
 * and returns the exit code; usage errors exit 2 with one line (usage-line.ts).
 */
import { Command, CommanderError } from 'commander';
import { ioFailureLine } from '../run-folder/io-failure.js';
import { everyExitCodeHelp, exitCodes } from '../shared/exit-codes.js';
import { defineExperimentCommand } from './experiment-cli.js';
import { defineExportCommand } from './export-command.js';
import { keepFlagRules } from './flag-rules.js';
import { defineInspectCommands } from './inspect-commands.js';
import { outputFailed, surviveLostOutput } from './lost-output.js';
import { defineReportCommands } from './report-commands.js';
import { defineRunCommand } from './run-cli.js';
import { usageLine } from './usage-line.js';
import { defineVmCommand } from './vm-cli.js';
import { writeFilesWhole } from './whole-file-writes.js';

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
    // Said in one line by usageLine once commander gives up (the catch below), not in its two or three.
    .configureOutput({ outputError: () => {} })
    .addHelpText(
      'after',
      `\n${everyExitCodeHelp({
        ok: 'ok',
        failed: 'the run failed (a VM died or misbehaved)',
        usage: 'usage or config error',
        sessionStarted: 'a VM by hand started into a session already running without it (vm)',
        outputUnwritable: 'standard output or error could not be written (a full disk; one line says so)',
        failsCheck:
          'done, but from a run folder check rejects (analyze, report, compare, export; experiment: a trial folder)',
        interrupted: 'interrupted (Ctrl-C: every VM stops at one instant; Ctrl-C again: killed at once)',
      })}\nExample: launcher run config/default.json --duration 10 --seed 7`,
    );

  defineRunCommand(program, (exitCode) => {
    code = exitCode;
  });
  defineVmCommand(program, (exitCode) => {
    code = exitCode;
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

  for (const command of program.commands) keepFlagRules(command);
  let path = 'launcher';
  program.hook('preSubcommand', (_program, command) => {
    path = `launcher ${command.name()}`;
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
    if (helpShown || error.exitCode === 0) return exitCodes.ok;
    // `launcher` alone: its help went to stderr, which is the message.
    if (error.code !== 'commander.help') {
      console.error(usageLine(error, { path, commands: program.commands.map((command) => command.name()) }));
    }
    return exitCodes.usage;
  }
  return code;
}
