/** Every command's flags: a value flag given once, and a missing required flag said after a missing argument. */
import { describe, expect, test } from '@jest/globals';
import { Command, CommanderError } from 'commander';
import { keepFlagRules } from '../../cli/flag-rules.js';

/** A command like `export`: one argument, a required --format, a value --out and a switch. */
function exportLike(): { command: Command; ran: string[] } {
  const ran: string[] = [];
  const program = new Command('launcher').exitOverride().configureOutput({ outputError: () => {} });
  program
    .command('export')
    .argument('<run-dir>')
    .requiredOption('--format <name>')
    .option('--out <file>')
    .option('--verbose')
    .action((dir: string) => {
      ran.push(dir);
    });
  for (const command of program.commands) keepFlagRules(command);
  return { command: program, ran };
}

async function refusal(args: string[]): Promise<{ code: string; message: string } | 'ran'> {
  const { command } = exportLike();
  try {
    await command.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.code, message: error.message };
    throw error;
  }
  return 'ran';
}

describe('keepFlagRules', () => {
  test('a value flag given twice is refused, naming it and both values; a switch twice alike, with no value', async () => {
    expect(await refusal(['export', 'r', '--format', 'a', '--out', 'x', '--out', 'y'])).toEqual({
      code: 'clocklab.repeatedOption',
      message: '--out: given twice ("x", then "y"); allowed: once',
    });
    expect(await refusal(['export', 'r', '--format', 'a', '--verbose', '--verbose'])).toEqual({
      code: 'clocklab.repeatedOption',
      message: '--verbose: given twice; allowed: once',
    });
    expect(await refusal(['export', 'r', '--format', 'a', '--verbose'])).toBe('ran');
  });

  test('the missing folder is said before the missing required flag; the flag once the folder is there', async () => {
    expect(await refusal(['export'])).toMatchObject({ code: 'commander.missingArgument' });
    expect(await refusal(['export', 'r'])).toEqual({
      code: 'commander.missingMandatoryOptionValue',
      message: "error: required option '--format <name>' not specified",
    });
    const { command, ran } = exportLike();
    await command.parseAsync(['export', 'r', '--format', 'shiviz'], { from: 'user' });
    expect(ran).toEqual(['r']);
  });
});
