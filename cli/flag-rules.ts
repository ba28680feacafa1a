/**
 * Two rules on every command's flags that commander does not keep:
 * - a flag is given once. Commander takes the last of `--duration 5 --duration 6` silently; a key given twice
 *   in a config is refused (config/duplicate-keys.ts), and so is a flag, a switch (`--json`) too.
 * - a missing required flag (`export`'s --format) is said after a missing argument: commander checks required flags
 *   first, and `launcher export` alone asked for --format before the folder it is to read.
 */
import type { Command } from 'commander';
import { exitCodes } from '../shared/exit-codes.js';

export function keepFlagRules(command: Command): void {
  const required = command.options.filter((option) => option.mandatory);
  for (const option of required) option.makeOptionMandatory(false);
  // preAction runs once the arguments are checked; commander's message and code, so it reads as its own did.
  command.hook('preAction', () => {
    for (const option of required) {
      if (command.getOptionValue(option.attributeName()) !== undefined) continue;
      command.error(`error: required option '${option.flags}' not specified`, {
        exitCode: exitCodes.usage,
        code: 'commander.missingMandatoryOptionValue',
      });
    }
  });
  for (const option of command.options) {
    const flag = option.long ?? option.flags;
    const takesValue = option.required || option.optional;
    let given: string | undefined;
    let seen = false;
    // A switch (commander emits it with no value) is refused twice as a value flag is: `--json --json` ran, and
    // `--seed 1 --seed 2` was refused, two answers to one slip.
    command.on(`option:${option.name()}`, (value: string | undefined) => {
      if (seen) {
        const said = takesValue ? ` ("${given}", then "${value}")` : '';
        command.error(`${flag}: given twice${said}; allowed: once`, {
          exitCode: exitCodes.usage,
          code: 'clocklab.repeatedOption',
        });
      }
      seen = true;
      given = value;
    });
  }
}
