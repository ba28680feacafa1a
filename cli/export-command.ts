/** The `export` command: a run folder as a log another tool loads (the work lives in export/). */
import { type Command, Option } from 'commander';
import { exportFormats } from '../export/export-formats.js';
import type { ExportIo, StdoutEnd } from '../export/export-run.js';
import { exitCodeHelp } from '../shared/exit-codes.js';
import { handOverStartupStop } from '../shared/startup-stop.js';
import { listenForStop } from '../shared/stop-signals.js';
import { epochTimer } from '../shared/timer-port.js';
import { pathValue } from './option-values.js';

export function defineExportCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command('export')
    .description('write a run as a ShiViz log (a space-time diagram of the VMs and their messages, in the browser)')
    .argument('<run-dir>', 'a run folder (with manifest.json and vm-<id>.csv)')
    .addOption(new Option('--format <name>', 'the log format').choices(exportFormats).makeOptionMandatory())
    .option('--out <file>', 'write to FILE instead of standard output (- is standard output too)', pathValue('--out'))
    .addHelpText(
      'after',
      '\nShiViz: open https://bestchai.bitbucket.io/shiviz/ and load the file (its first line is the parsing regex).\n' +
        exitCodeHelp({
          ok: 'done',
          failed:
            'the run breaks a rule ShiViz needs (the row is named), or no VM logged a row in it (nothing written)',
          usage: 'unreadable folder, an --out that cannot be written, or bad usage',
          outputUnwritable: 'standard output could not be written (a full disk)',
          failsCheck:
            "done, but the run folder fails check: one line says how many violations and the first (check.json while it matches the files, else the rules on each VM's own rows, read with the log)",
          interrupted: 'stopped by Ctrl-C (the --out file is left as it was)',
        }),
    )
    .action(async (runDir: string, flags: { format: string; out?: string }) => {
      // Loaded only when the command runs: `launcher --help` and the other commands need none of it.
      const { exportCommand } = await import('../export/export-run.js');
      const io = { stdout: standardOutput(), message: (line: string) => console.error(line) };
      // `--out -` is standard output, as for most tools (a file named - is `--out ./-`).
      if (flags.out === undefined || flags.out === '-') {
        // Standard output has no temporary file to remove: a signal ends the command at once, as by default (not
        // the start's line: some of the log may be out already).
        handOverStartupStop();
        setCode(await exportCommand(runDir, { format: flags.format }, io));
        return;
      }
      // Ctrl-C stops the export so that it removes its temporary file; it says how it ended itself (one line). A
      // device or pipe has none: a signal then ends the command at once, as by default.
      const stop = listenForStop(process, epochTimer, () => {});
      try {
        const streaming = () => stop.dispose();
        setCode(await exportCommand(runDir, flags, { ...io, interrupt: stop.interrupt, streaming }));
      } finally {
        stop.dispose();
      }
    });
}

/**
 * The process's standard output for the export: a failed write (a full disk, a closed pipe) is said by the
 * CLI's output guard (cli-program.ts); here it only stops the export, so that no success line follows it.
 */
function standardOutput(): ExportIo['stdout'] {
  let end: StdoutEnd = 'flushed';
  const noted = (error: NodeJS.ErrnoException | null | undefined) => {
    if (!error || end !== 'flushed') return;
    end = error.code === 'EPIPE' ? 'reader-gone' : 'failed';
  };
  return {
    write: (text) => {
      if (end !== 'flushed') return false;
      process.stdout.write(text, noted);
      return true;
    },
    // A pipe whose reader is slower than the export: wait for it (once it failed, or closed, there is nothing to wait for).
    drained: () =>
      end !== 'flushed' || !process.stdout.writableNeedDrain
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const done = () => {
              for (const event of ['drain', 'close', 'error']) process.stdout.off(event, done);
              resolve();
            };
            for (const event of ['drain', 'close', 'error']) process.stdout.on(event, done);
          }),
    flushed: () =>
      new Promise((resolve) =>
        process.stdout.write('', (error) => {
          noted(error);
          resolve(end);
        }),
      ),
  };
}
