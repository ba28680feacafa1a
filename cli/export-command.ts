/** The `export` command: a run folder as a log another tool loads (the work lives in export/). */
import { type Command, Option } from 'commander';
import { exportFormats } from '../export/export-formats.js';
import { exitCodeHelp } from '../shared/exit-codes.js';
import { pathValue } from './option-values.js';

export function defineExportCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command('export')
    .description('write a run as a ShiViz log (a space-time diagram of the VMs and their messages, in the browser)')
    .argument('<run-dir>', 'a run folder (with manifest.json and vm-<id>.csv)')
    .addOption(new Option('--format <name>', 'the log format').choices(exportFormats).makeOptionMandatory())
    .option('--out <file>', 'write to FILE instead of standard output', pathValue('--out'))
    .addHelpText(
      'after',
      '\nShiViz: open https://bestchai.bitbucket.io/shiviz/ and load the file (its first line is the parsing regex).\n' +
        exitCodeHelp({
          ok: 'done',
          failed: 'the run breaks a rule ShiViz needs (the row is named)',
          usage: 'unreadable folder or bad usage',
        }),
    )
    .action(async (runDir: string, flags: { format: string; out?: string }) => {
      // Loaded only when the command runs: `launcher --help` and the other commands need none of it.
      const { exportCommand } = await import('../export/export-run.js');
      setCode(
        await exportCommand(runDir, flags, {
          stdout: (text) => process.stdout.write(text),
          message: (line) => console.error(line),
        }),
      );
    });
}
