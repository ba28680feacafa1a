/** The `vm` command: one VM run by hand, for debugging (the work is vm/manual-mode.ts). */
import { type Command, Option } from 'commander';
import { exitCodeHelp } from '../shared/exit-codes.js';
import { integer, pathValue } from './option-values.js';

export function defineVmCommand(program: Command, setCode: (code: number) => void): void {
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
      setCode(await runByHand({ id: flags.id, out: flags.out, verbose: flags.verbose === true }, config));
    });
}
