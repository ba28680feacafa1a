/** exportCommand's outputs: a standard output that fails. */
import { describe, expect, test } from '@jest/globals';
import { type ExportIo, exportCommand } from '../../export/export-run.js';
import { fixtureRun } from '../analysis/fixture-runs.js';

/** Runs the command with a standard output that takes `accepted` writes, then fails. */
async function command(options: { out?: string; accepted?: number }, run = 'vectors') {
  const messages: string[] = [];
  let writes = 0;
  const stdout: ExportIo['stdout'] = {
    write: () => {
      writes += 1;
      return writes <= (options.accepted ?? Number.POSITIVE_INFINITY);
    },
    flushed: async () => writes <= (options.accepted ?? Number.POSITIVE_INFINITY),
  };
  const io: ExportIo = { stdout, message: (line) => messages.push(line) };
  const flags = { format: 'shiviz', ...(options.out === undefined ? {} : { out: options.out }) };
  const code = await exportCommand(run.startsWith('/') ? run : fixtureRun(run), flags, io);
  return { code, messages, writes };
}

describe('exportCommand to standard output', () => {
  test('a write that fails stops the export: no success line (the output said why), exit 2', async () => {
    // The vectors fixture is three writes: the header, VM 0's lines, VM 1's.
    expect((await command({})).writes).toBe(3);
    expect(await command({ accepted: 1 })).toEqual({ code: 2, messages: [], writes: 2 });
  });
});
