/**
 * The parsers of every command's value options (commander's argParser), in one place so that each command refuses
 * the same way: one line that starts with the option (usage-line.ts prints it as it is), exit 2. A value that looks like an option is refused first: in
 * `launcher run config/default.json --out --help` the user forgot the folder, and the run must not land in a folder
 * named `--help`.
 */
import { InvalidArgumentError } from 'commander';

/** `--help`, `-v`, `--out=x`: an option, not a value. Negative numbers pass (the number parsers judge them). */
const looksLikeAnOption = (value: string) => /^--?[A-Za-z]/.test(value);

function notAnOption(name: string, value: string): void {
  if (looksLikeAnOption(value)) {
    throw new InvalidArgumentError(`${name}: found "${value}", which is an option; ${name} needs a value before it`);
  }
}

/** A file or folder name; never empty (`--out ""`: a variable left unset, which names no file). */
export const pathValue = (name: string) => (value: string) => {
  notAnOption(name, value);
  if (value === '') throw new InvalidArgumentError(`${name}: found ""; allowed: a file or folder name`);
  return value;
};

/** Digits only: no hexadecimal (`0x10`), exponent or sign that Number() would also take. */
const decimal = /^(\d+(\.\d+)?|\.\d+)$/;

/** Without `max`, an integer as large as a double holds exactly; a larger one would be taken as another number. */
export const integer =
  (name: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string) => {
    notAnOption(name, value);
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER && !(n > max) ? `>= ${min}` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`${name}: found "${value}"; allowed: an integer ${range}`);
    }
    return n;
  };

export const positiveNumber = (name: string) => (value: string) => {
  notAnOption(name, value);
  const n = Number(value);
  if (!decimal.test(value) || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`${name}: found "${value}"; allowed: a decimal number > 0`);
  }
  return n;
};

/** `3-5` or `4` (the same as 4-4): a range of clock rates in ticks per experiment second. */
export const rateRange = (name: string) => (value: string) => {
  notAnOption(name, value);
  const match = /^(\d+)-(\d+)$/.exec(value) ?? /^(\d+)$/.exec(value);
  const min = Number(match?.[1]);
  const max = Number(match?.[2] ?? match?.[1]);
  if (match === null || min < 1 || max < min) {
    throw new InvalidArgumentError(
      `${name}: found "${value}"; allowed: MIN-MAX or N ticks per experiment second, 1 <= MIN <= MAX (e.g. 3-5 or 4)`,
    );
  }
  return { min, max };
};
