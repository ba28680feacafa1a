/**
 * `launcher check` on a folder three VMs run by hand wrote (vm-K.csv and vm-K.json, no manifest.json): it judges the
 * rows with every rule, each VM's accounting against its vm-K.json, the rows' times against the agreed start and the
 * latest end, and says in one line what the files could not tell. It refused such a folder (exit 2). analyze and
 * report still refuse it, naming check.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcher, readCsv, tempDir, track, vmBin } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';

type Json = Record<string, unknown>;

describe('check on a folder of VMs run by hand', () => {
  let dir: { path: string; remove(): Promise<void> };
  let out: string;

  /** One session of the three VMs by hand into `folder`, each ending in order. */
  async function session(folder: string): Promise<void> {
    const config = join(dir.path, 'by-hand.json');
    const vms = [0, 1, 2].map((id) =>
      track(execaNode(vmBin, ['--id', String(id), '--config', config, '--out', folder], { reject: false })),
    );
    expect((await Promise.all(vms)).map((vm) => vm.exitCode)).toEqual([0, 0, 0]);
  }

  beforeAll(async () => {
    dir = await tempDir();
    const config = join(dir.path, 'by-hand.json');
    const network = { host: '127.0.0.1', basePort: await freeBasePort() };
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRates: [10, 20, 25], durationSeconds: 2, seed: 4, network }),
    );
    out = join(dir.path, 'logs');
    await session(out);
  });
  afterAll(() => dir.remove());

  /** A copy of the session's folder, `edit`ed. */
  async function copy(name: string, edit: (folder: string) => Promise<void>): Promise<string> {
    const folder = join(dir.path, name);
    await cp(out, folder, { recursive: true });
    await edit(folder);
    return folder;
  }

  const byHandLine = 'by hand: no manifest.json, so each VM is held to its vm-K.json; ';

  test('as the VMs wrote it: valid, every rule judged; exit 0', async () => {
    const check = await launcher(['check', out], dir.path);
    const rows = (await Promise.all([0, 1, 2].map(async (id) => (await readCsv(join(out, `vm-${id}.csv`))).rows)))
      .map((vmRows) => vmRows.length)
      .reduce((a, b) => a + b, 0);
    expect({ exit: check.exitCode, lines: check.stdout.split('\n').slice(0, 2) }).toEqual({
      exit: 0,
      lines: [
        expect.stringMatching(new RegExp(`^valid: ${out} \\(${rows} rows, \\d+ messages\\)$`)),
        `${byHandLine}every rule judged`,
      ],
    });
  });

  test("the last row of a VM stamped 999999999 ms: tick-time, against the latest vm-K.json's end; exit 1", async () => {
    // Preferably a VM whose last row is not a send: the receives of a send would then come before it (receive-time).
    const lastRows = await Promise.all(
      [0, 1, 2].map(async (id) => (await readCsv(join(out, `vm-${id}.csv`))).rows.at(-1)),
    );
    const vm = Math.max(
      0,
      lastRows.findIndex((row) => row?.event !== 'send'),
    );
    const folder = await copy('late-row', async (f) => {
      const file = join(f, `vm-${vm}.csv`);
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      const cells = lines.at(-1)?.split(',') ?? [];
      cells[4] = '999999999.000';
      lines[lines.length - 1] = cells.join(',');
      await writeFile(file, `${lines.join('\n')}\n`);
    });
    const check = await launcher(['check', folder], dir.path);
    const lines = check.stdout.split('\n');
    expect({
      exit: check.exitCode,
      byHand: lines[1],
      tickTime: lines.filter((line) => line.startsWith('tick-time:')),
    }).toEqual({
      exit: 1,
      byHand: `${byHandLine}every rule judged`,
      tickTime: [
        expect.stringMatching(
          new RegExp(
            `^tick-time: vm-${vm}\\.csv tick \\d+ \\(line \\d+\\): found elapsed_ms 999999999 for tick \\d+; expected at most [\\d.]+ ms, ` +
              "the run's end at [\\d.]+ ms \\(the latest vm-K\\.json's endedAt - startEpochMs\\) \\+ [\\d.]+ ms between clocks$",
          ),
        ),
      ],
    });
    const others = lines.filter((line) => /^[a-z-]+: vm-/.test(line) && !line.startsWith('tick-time:'));
    expect(others.map((line) => line.split(':')[0])).toEqual(others.map(() => 'receive-time'));
  });

  test("a VM's accounting edited in its vm-K.json: manifest-figures naming that file; exit 1", async () => {
    const folder = await copy('figures', async (f) => {
      const file = join(f, 'vm-1.json');
      const record = JSON.parse(await readFile(file, 'utf8')) as { stats: Json };
      await writeFile(file, JSON.stringify({ ...record, stats: { ...record.stats, ticks: 99 } }));
    });
    const check = await launcher(['check', folder], dir.path);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(
      /^manifest-figures: vm-1\.csv: found ticks 99 in vm-1\.json; expected 40, the rows of vm-1\.csv$/m,
    );
  });

  test('a VM without its vm-K.json: its rows judged, what is unknown said in the one line; exit 0', async () => {
    const folder = await copy('no-record', (f) => rm(join(f, 'vm-1.json')));
    const check = await launcher(['check', folder], dir.path);
    expect({ exit: check.exitCode, line: check.stdout.split('\n')[1] }).toEqual({
      exit: 0,
      line:
        `${byHandLine}not judged: VM 1's accounting and the copies to and from it (no vm-1.json: it failed, or still ` +
        "runs); rows after the session's end (not every VM recorded it)",
    });
  });

  test('a vm-K.json of another session: refused in one line naming it; exit 2', async () => {
    const folder = await copy('mixed', async (f) => {
      const file = join(f, 'vm-2.json');
      const record = JSON.parse(await readFile(file, 'utf8')) as Json;
      await writeFile(file, JSON.stringify({ ...record, startEpochMs: Number(record.startEpochMs) - 60_000 }));
    });
    const check = await launcher(['check', folder], dir.path);
    expect({ exit: check.exitCode, out: check.stdout, err: check.stderr }).toEqual({
      exit: 2,
      out: '',
      err: expect.stringMatching(
        new RegExp(
          `^unreadable: ${join(folder, 'vm-2.json')}: startEpochMs: found [\\d.]+; allowed: [\\d.]+, as in vm-0\\.json \\(one session's files only\\)$`,
        ),
      ),
    });
  });

  test("every VM failed (no vm-K.json at all): refused, saying what it found, each CSV's rows; exit 2", async () => {
    const folder = await copy('all-failed', async (f) => {
      for (const id of [0, 1, 2]) await rm(join(f, `vm-${id}.json`));
    });
    const rows = await Promise.all([0, 1, 2].map(async (id) => (await readCsv(join(out, `vm-${id}.csv`))).rows.length));
    const check = await launcher(['check', folder], dir.path);
    expect({ exit: check.exitCode, out: check.stdout, err: check.stderr }).toEqual({
      exit: 2,
      out: '',
      err:
        `unreadable: ${join(folder, 'manifest.json')}: no such file; found vm-0.csv (${rows[0]} rows), vm-1.csv ` +
        `(${rows[1]} rows) and vm-2.csv (${rows[2]} rows) and no vm-K.json: VMs run by hand that all failed (a VM ` +
        'writes its vm-K.json only when its session ends in order), or a run whose manifest.json is gone; nothing ' +
        'here records what ran, so its rows are not read',
    });
  });

  test("a vm-K.json beside a later session's CSV: refused, naming both sessions' starts; exit 2", async () => {
    // A later session in another folder; its vm-1.csv then stands beside the first session's vm-1.json, as a later
    // session whose VMs failed (no vm-K.json written) leaves it.
    const later = join(dir.path, 'later');
    await session(later);
    const folder = await copy('stale', (f) => cp(join(later, 'vm-1.csv'), join(f, 'vm-1.csv')));
    const record = JSON.parse(await readFile(join(folder, 'vm-1.json'), 'utf8')) as { startEpochMs: number };
    const laterStart = (JSON.parse(await readFile(join(later, 'vm-1.json'), 'utf8')) as { startEpochMs: number })
      .startEpochMs;
    const check = await launcher(['check', folder], dir.path);
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\./g, '\\.');
    expect({ exit: check.exitCode, out: check.stdout, err: check.stderr }).toEqual({
      exit: 2,
      out: '',
      err: expect.stringMatching(
        new RegExp(
          `^unreadable: ${join(folder, 'vm-1.json')}: startEpochMs: found ${iso(record.startEpochMs)}, the start of ` +
            "another session than its CSV's: vm-1\\.csv's first row \\(line 2\\) is of a session started at " +
            '\\S+Z \\(its system_time less its elapsed_ms\\); a later session whose ' +
            'VMs failed wrote no vm-K\\.json and left this one$',
        ),
      ),
    });
    // The rows' start as check read it is the later session's, to the millisecond the ISO time is cut to.
    const said = /started at (\S+) /.exec(check.stderr)?.[1] ?? '';
    expect(Math.abs(Date.parse(said) - laterStart)).toBeLessThanOrEqual(2);
  });

  test('analyze and report still refuse it, pointing to check; exit 2', async () => {
    for (const command of ['analyze', 'report']) {
      const result = await launcher([command, out], dir.path);
      expect({ command, exit: result.exitCode, err: result.stderr }).toEqual({
        command,
        exit: 2,
        err:
          `unreadable: ${join(out, 'manifest.json')}: no such file: VMs run by hand (vm-K.json here) write none: ` +
          '`launcher check` judges such a folder; analyze, report, compare and export read a folder `launcher run` wrote',
      });
    }
  });
});
