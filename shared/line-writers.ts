/**
 * Where a command's lines go: `out` its result (stdout in the CLI, so that `--json` and pipes get the result alone),
 * `err` errors and warnings (stderr). Tests pass arrays.
 */
export type Writers = { out: (line: string) => void; err: (line: string) => void };

export const consoleWriters: Writers = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};
