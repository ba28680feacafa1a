/**
 * A usage error as one line, in the shape of the config's (`--speed: found 5000; allowed: a value <= 1000`): the flag
 * or command first, then what was found and what is allowed. Commander's own messages (`error: ...`, a second line
 * `(Did you mean run?)`) are rewritten by their error code; a message of a form not known here is kept, on one line.
 */
import type { CommanderError } from 'commander';

export type UsageContext = {
  /** The command that refused: `launcher run`, or `launcher` before any. */
  path: string;
  /** Every command's name, for a suggestion commander does not make (`RUN`: `run`, case aside). */
  commands: readonly string[];
};

export function usageLine(error: CommanderError, context: UsageContext): string {
  const [first = '', ...rest] = error.message.replace(/^error: /, '').split('\n');
  const see = `see ${context.path} --help`;
  switch (error.code) {
    case 'commander.invalidArgument': {
      const found = /^option '(-[^ ',]+)[^']*' argument '(.*)' is invalid\. (.*)$/s.exec(first);
      if (found === null) break;
      const [, flag = '', value = '', why = ''] = found;
      // Our parsers (option-values.ts) say the whole line; commander's choices say only what is allowed.
      if (why.startsWith(`${flag}:`)) return why;
      const choices = /^Allowed choices are (.*)\.$/.exec(why)?.[1];
      return `${flag}: found "${value}"; allowed: ${choices ?? why}`;
    }
    case 'commander.optionMissingArgument': {
      const found = /^option '((-[^ ',]+)[^']*)' argument missing$/.exec(first);
      if (found === null) break;
      return `${found[2]}: found no value after it; allowed: ${found[1]}`;
    }
    case 'commander.missingMandatoryOptionValue': {
      const found = /^required option '((-[^ ',]+)[^']*)' not specified$/.exec(first);
      if (found === null) break;
      return `${found[2]}: not given; it is required (${found[1]}; ${see})`;
    }
    case 'commander.unknownOption': {
      const found = /^unknown option '(.*)'$/.exec(first);
      if (found === null) break;
      return `${found[1]}: unknown option${suggestion(rest)}; ${see}`;
    }
    case 'commander.missingArgument': {
      const found = /^missing required argument '(.*)'$/.exec(first);
      if (found === null) break;
      return `${context.path}: missing <${found[1]}>; ${see}`;
    }
    case 'commander.excessArguments': {
      const found = /Expected (\d+) arguments? but got (\d+)\.$/.exec(first);
      if (found === null) break;
      return `${context.path}: found ${found[2]} arguments; allowed: ${found[1]}; ${see}`;
    }
    case 'commander.unknownCommand': {
      const found = /^unknown command '(.*)'$/.exec(first);
      if (found === null) break;
      const name = found[1] ?? '';
      const sameLetters = context.commands.find((command) => command === name.toLowerCase());
      const hint = sameLetters === undefined ? suggestion(rest) : ` (did you mean ${sameLetters}?)`;
      return `launcher: unknown command '${name}'${hint}; see launcher --help`;
    }
  }
  return [first, ...rest].join(' ');
}

/** Commander's `(Did you mean run?)` line, folded into ours. */
function suggestion(lines: readonly string[]): string {
  const found = lines.map((line) => /^\(Did you mean (.*)\?\)$/.exec(line)?.[1]).find((name) => name !== undefined);
  return found === undefined ? '' : ` (did you mean ${found}?)`;
}
