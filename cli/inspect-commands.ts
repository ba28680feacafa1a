/** The commands that read a finished run folder: `analyze` and `check` (the work lives in analysis/). */
import type { Command } from 'commander';
import { exitCodeHelp } from '../shared/exit-codes.js';
import { consoleWriters } from '../shared/line-writers.js';
import { interruptedLine, removingTemporariesOnStop } from './stop-removes-temporaries.js';

export function defineInspectCommands(program: Command, setCode: (code: number) => void): void {
  program
    .command('analyze')
    .description('per-VM figures of a run: rates, events, jumps, drift, queues, gaps (also written to summary.json)')
    .argument('<run-dir>', 'a run folder (with manifest.json and vm-<id>.csv)')
    .option('--json', 'print the figures as JSON, for scripts')
    .option('--no-summary', 'do not write summary.json into the run folder')
    .addHelpText(
      'after',
      `\nFigures from a folder check rejects are printed after one line on stderr: "figures from a folder that fails check: N violations, first: ... (launcher check DIR for all)". The verdict is check.json while it still matches the folder's files, else the check's rules on each VM's own rows, run in the same read (the rules matching messages across VMs are left to launcher check).\n\n${exitCodeHelp(
        {
          ok: 'done',
          usage: 'the folder cannot be read as a run',
          outputUnwritable: 'standard output could not be written (a full disk)',
          failsCheck: 'done, but the folder fails check (the line above the figures says how)',
          interrupted: 'stopped by Ctrl-C (summary.json not written, nothing in the run folder lost)',
        },
      )}`,
    )
    .action(async (runDir: string, flags: { json?: boolean; summary: boolean }) => {
      const { analyzeCommand } = await import('../analysis/commands.js');
      const { terminalWidth } = await import('./terminal-width.js');
      const options = { json: flags.json === true, summary: flags.summary, width: terminalWidth() };
      const line = interruptedLine('analyze', flags.summary ? 'summary.json not written' : null, runDir);
      setCode(await removingTemporariesOnStop(() => analyzeCommand(runDir, options, consoleWriters), line));
    });

  program
    .command('check')
    .description('check a run against the Lamport rules and its own accounting, naming every offending row')
    .argument(
      '<run-dir>',
      'a run folder (with manifest.json and vm-<id>.csv), or a folder of VMs run by hand (vm-<id>.csv and vm-<id>.json)',
    )
    .addHelpText(
      'after',
      `\n${exitCodeHelp({
        ok: 'valid (or nothing to check: no VM logged a row; by hand, a line under it says what the vm-<id>.json files could not tell)',
        failed: 'a rule is broken',
        usage: 'the folder cannot be read as a run (by hand: a vm-<id>.json unreadable, or of another session)',
        outputUnwritable: 'standard output could not be written (a full disk)',
        interrupted: 'stopped by Ctrl-C (nothing in the run folder lost)',
      })}`,
    )
    .action(async (runDir: string) => {
      const { checkCommand } = await import('../analysis/commands.js');
      const line = interruptedLine('check', 'no verdict', runDir);
      setCode(await removingTemporariesOnStop(() => checkCommand(runDir, consoleWriters), line));
    });
}
