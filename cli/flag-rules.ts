/**
 * Two rules on every command's flags that commander does not keep:
 * - a value flag is given once. Commander takes the last of `--duration 5 --duration 6` silently; a key given twice
 *   in a config is refused (config/duplicate-keys.ts), and so is a flag.
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
    // A switch given twice says the same thing twice; only a value can be overridden unseen.
    if (!option.required && !option.optional) continue;
    let given: string | undefined;
    command.on(`option:${option.name()}`, (value: string) => {
      if (given !== undefined) {
        command.error(`${option.long ?? option.flags}: given twice ("${given}", then "${value}"); allowed: once`, {
          exitCode: exitCodes.usage,
          code: 'clocklab.repeatedOption',
        });
      }
      given = value;
    });
  }
}
