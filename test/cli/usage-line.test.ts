/** Commander's usage errors, each said in one line that starts with the flag or the command. */
import { describe, expect, test } from '@jest/globals';
import { CommanderError } from 'commander';
import { usageLine } from '../../cli/usage-line.js';

const commands = ['run', 'vm', 'analyze'];
const line = (code: string, message: string, path = 'launcher run') =>
  usageLine(new CommanderError(1, code, message), { path, commands });

describe('usageLine', () => {
  test("a value our parsers refuse is their line as it is; commander's choices in the same shape", () => {
    expect(
      line(
        'commander.invalidArgument',
        `error: option '--seed <n>' argument 'x' is invalid. --seed: found "x"; allowed: an integer >= 0`,
      ),
    ).toBe('--seed: found "x"; allowed: an integer >= 0');
    expect(
      line(
        'commander.invalidArgument',
        "error: option '--engine <name>' argument 'x' is invalid. Allowed choices are processes, sim.",
      ),
    ).toBe('--engine: found "x"; allowed: processes, sim');
  });

  test('an unknown option or command with its suggestion on the same line; RUN suggests run', () => {
    expect(line('commander.unknownOption', "error: unknown option '--sed'\n(Did you mean --seed?)")).toBe(
      '--sed: unknown option (did you mean --seed?); see launcher run --help',
    );
    expect(line('commander.unknownCommand', "error: unknown command 'RUN'", 'launcher')).toBe(
      "launcher: unknown command 'RUN' (did you mean run?); see launcher --help",
    );
    expect(line('commander.unknownCommand', "error: unknown command 'rnu'\n(Did you mean run?)", 'launcher')).toBe(
      "launcher: unknown command 'rnu' (did you mean run?); see launcher --help",
    );
    expect(line('commander.unknownCommand', "error: unknown command 'fly'", 'launcher')).toBe(
      "launcher: unknown command 'fly'; see launcher --help",
    );
  });

  test('missing and excess arguments and values name the command or the flag', () => {
    expect(line('commander.missingArgument', "error: missing required argument 'config'")).toBe(
      'launcher run: missing <config>; see launcher run --help',
    );
    expect(
      line('commander.excessArguments', "error: too many arguments for 'run'. Expected 1 argument but got 2."),
    ).toBe('launcher run: found 2 arguments; allowed: 1; see launcher run --help');
    expect(line('commander.optionMissingArgument', "error: option '--out <dir>' argument missing")).toBe(
      '--out: found no value after it; allowed: --out <dir>',
    );
    expect(
      line(
        'commander.missingMandatoryOptionValue',
        "error: required option '--format <name>' not specified",
        'launcher export',
      ),
    ).toBe('--format: not given; it is required (--format <name>; see launcher export --help)');
  });

  test('a message of another form is kept, on one line, without `error: `', () => {
    expect(line('commander.other', 'error: something new\n(a hint)')).toBe('something new (a hint)');
  });
});
