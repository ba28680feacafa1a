/**
 * What `export` and `compare` say of a real run folder no VM logged a row in, as `report` does: one line naming the
 * folder and how its run ended, exit 1, nothing on stdout, and no file written (one already at the output path is
 * left as it was, and no temporary file is left beside it).
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { exportFormats } from '../../export/export-formats.js';
import { launcher, projectRoot } from './cli-harness.js';

/** A run that logged rows, to set beside the empty one. */
const withRows = join(projectRoot, 'test/fixtures/runs/basic');
const earlier = 'an earlier file, to be left as it was\n';

export async function expectNoExportOrCompare(out: string, cwd: string): Promise<void> {
  const outputs = await mkdtemp(join(cwd, 'outputs-'));
  const kept = join(outputs, 'kept');
  await writeFile(kept, earlier);
  const noRows = `no VM logged a row in ${literal(out)} \\(run \\w+: .+\\)`;
  const said = (pattern: string) => [expect.stringMatching(new RegExp(`^${pattern}$`))];
  const calls: { args: string[]; err: ReturnType<typeof said> }[] = [];
  for (const format of exportFormats) {
    const fresh = join(outputs, `fresh.${format}`);
    calls.push(
      {
        args: ['export', out, '--format', format],
        err: said(`nothing to export: ${noRows}; nothing written to standard output`),
      },
      {
        args: ['export', out, '--format', format, '--out', fresh],
        err: said(`nothing to export: ${noRows}; nothing written to ${literal(fresh)}`),
      },
      {
        args: ['export', out, '--format', format, '--out', kept],
        err: said(`nothing to export: ${noRows}; nothing written to ${literal(kept)}`),
      },
      // The run is looked at before the output: a folder that does not exist does not hide it.
      {
        args: ['export', out, '--format', format, '--out', join(outputs, 'missing-dir', 'x.log')],
        err: said(`nothing to export: ${noRows}; nothing written to ${literal(join(outputs, 'missing-dir', 'x.log'))}`),
      },
    );
  }
  calls.push(
    { args: ['compare', withRows, out], err: said(`cannot compare: ${noRows}; leave that run out`) },
    {
      args: ['compare', out, withRows, '--html', join(outputs, 'fresh.html')],
      err: said(`cannot compare: ${noRows}; no page written; leave that run out`),
    },
    {
      args: ['compare', withRows, out, '--html', kept],
      err: said(`cannot compare: ${noRows}; no page written; leave that run out`),
    },
  );
  const results = await Promise.all(calls.map((call) => launcher(call.args, cwd)));
  expect(
    results.map((r, i) => ({ args: calls[i]?.args, exit: r.exitCode, out: r.stdout, err: r.stderr.split('\n') })),
  ).toEqual(calls.map((call) => ({ args: call.args, exit: 1, out: '', err: call.err })));
  expect(await readdir(outputs)).toEqual(['kept']);
  expect(await readFile(kept, 'utf8')).toBe(earlier);
}

/** `text` as a regular expression that matches it literally. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
