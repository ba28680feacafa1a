/**
 * The commands that turn finished runs into pages: `report` (one run) and `compare` (several side by side). The
 * work lives in report/, loaded only when one of them runs.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { exitCodeHelp } from '../shared/exit-codes.js';
import { consoleWriters as io } from '../shared/line-writers.js';
import { pathValue } from './option-values.js';
import { interruptedLine, removingTemporariesOnStop } from './stop-removes-temporaries.js';

export function defineReportCommands(program: Command, setCode: (code: number) => void): void {
  program
    .command('report')
    .description(
      'write RUN_DIR/report.html: one offline page with the summary, the checker verdict, time charts, jump ' +
        'histograms and a space-time diagram',
    )
    .argument('<run-dir>', 'a run folder (with manifest.json and vm-<id>.csv)')
    .option('--out <file>', 'write the page to FILE instead of RUN_DIR/report.html', pathValue('--out'))
    .addHelpText(
      'after',
      `\n${exitCodeHelp({
        ok: 'written',
        failed: 'nothing to report: no VM logged a row (no page written)',
        usage: 'the folder cannot be read as a run or the page cannot be written',
        outputUnwritable: 'standard output could not be written (a full disk)',
        failsCheck:
          'written, but the run folder fails check: one line says how many violations and the first (the page lists them)',
        interrupted: 'stopped by Ctrl-C (no page written, nothing in the run folder lost)',
      })}`,
    )
    .action(async (runDir: string, flags: { out?: string }) => {
      const { reportCommand } = await import('../report/commands.js');
      const { reportFileName } = await import('../report/write-report.js');
      const options = flags.out === undefined ? {} : { out: flags.out };
      const page = flags.out ?? join(runDir, reportFileName);
      const line = interruptedLine('report', `no page written to ${page}`, runDir);
      setCode(await removingTemporariesOnStop(() => reportCommand(runDir, options, io), line));
    });

  program
    .command('compare')
    .description("print several runs' key figures side by side; --html also writes their charts overlaid")
    .argument('<run-dirs...>', 'two or more run folders')
    .option('--html <file>', 'write a comparison page with the charts overlaid to FILE', pathValue('--html'))
    .addHelpText(
      'after',
      `\n${exitCodeHelp({
        ok: 'done',
        failed: 'no VM logged a row in one of the runs (named; no table or page: leave it out)',
        usage: 'a folder cannot be read as a run, a page cannot be written, or fewer than 2 runs',
        outputUnwritable: 'standard output could not be written (a full disk)',
        failsCheck:
          "done, but a run's folder fails check: one line per such run before the table says how many violations and the first",
        interrupted: 'stopped by Ctrl-C (no page written, nothing in the runs lost)',
      })}`,
    )
    .action(async (runDirs: string[], flags: { html?: string }) => {
      const { compareCommand } = await import('../report/commands.js');
      const { terminalWidth } = await import('./terminal-width.js');
      const options = { width: terminalWidth(), ...(flags.html === undefined ? {} : { html: flags.html }) };
      const unwritten = flags.html === undefined ? null : `no page written to ${flags.html}`;
      const line = interruptedLine('compare', unwritten, runDirs.join(', '));
      setCode(await removingTemporariesOnStop(() => compareCommand(runDirs, options, io), line));
    });
}
