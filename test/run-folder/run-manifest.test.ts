import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { claimFileName } from '../../run-folder/claim-file.js';
import { readRunManifest, stoppedBeforeEnd } from '../../run-folder/run-manifest.js';
import { copyRun, fixtureRun } from '../analysis/fixture-runs.js';

describe('readRunManifest', () => {
  test('the facts the analysis needs', async () => {
    const result = await readRunManifest(fixtureRun('basic'));
    if (!result.ok) throw new Error(result.detail);
    expect(result.facts).toMatchObject({
      runId: 'basic',
      status: 'ok',
      reason: null,
      seed: 7,
      machines: 2,
      durationSeconds: 2,
      clockRates: [5, 2],
      speed: 1,
    });
    expect(result.facts.vms[1]).toEqual({
      id: 1,
      exit: 'done',
      pendingAtStop: ['0-4', '0-5'],
      dropped: [],
      stoppedEarly: false,
      unendedLinks: [],
      figures: { ticks: 4, sent: 1, received: 3, finalClock: 6, maxJump: 3, maxQueue: 1 },
      lostPeers: [],
    });
  });

  test('a manifest without speed ran in real time', async () => {
    const run = await copyRun('basic', (m) => {
      const { speed: _, ...rest } = m;
      return rest;
    });
    try {
      const result = await readRunManifest(run.dir);
      if (!result.ok) throw new Error(result.detail);
      expect(result.facts.speed).toBe(1);
    } finally {
      await run.remove();
    }
  });

  test("an interrupted run's stop instant, in experiment ms; absent in an older manifest", async () => {
    const read = await readRunManifest(fixtureRun('interrupted'));
    expect(read.ok && read.facts).toMatchObject({ status: 'interrupted', durationSeconds: 10, stoppedAtMs: 1900 });
    const basic = await readRunManifest(fixtureRun('basic'));
    expect(basic.ok && 'stoppedAtMs' in basic.facts).toBe(false);
  });

  test('a config recorded before a second kill of a down VM was refused still reads (a sim run of it ran fine)', async () => {
    const kills = [
      { vm: 1, atSecond: 0.5, restartAfterSeconds: 0.5, clock: 'kept' },
      { vm: 1, atSecond: 0.7, clock: 'kept' },
    ];
    const run = await copyRun('basic', (m) => ({ ...m, config: { ...(m.config as object), faults: { kills } } }));
    try {
      const result = await readRunManifest(run.dir);
      expect(result.ok || result.detail).toBe(true);
    } finally {
      await run.remove();
    }
  });

  test('one rate per machine, and VM ids that exist', async () => {
    const rates = await copyRun('basic', (m) => ({ ...m, clockRates: [5] }));
    const ids = await copyRun('basic', (m) => ({ ...m, vms: [...(m.vms as object[]), { id: 2, exit: 'done' }] }));
    try {
      const badRates = await readRunManifest(rates.dir);
      expect(badRates).toMatchObject({ ok: false, reason: 'unreadable', problem: 'manifest-invalid' });
      if (!badRates.ok) expect(badRates.detail).toMatch(/clockRates: found 1 rate;/);
      expect(await readRunManifest(ids.dir)).toMatchObject({ ok: false, problem: 'manifest-invalid' });
    } finally {
      await rates.remove();
      await ids.remove();
    }
  });
});

describe('an invalid manifest', () => {
  test.each([
    [
      'a status not in the list',
      (m: Record<string, unknown>) => ({ ...m, status: 'bogus' }),
      /^status: found "bogus"; allowed: "ok", /,
    ],
    ['a seed as text', (m: Record<string, unknown>) => ({ ...m, seed: '7' }), /^seed: found "7"; allowed: a number$/],
    ['an array', () => [] as unknown as Record<string, unknown>, /^\(top level\): found \[\]; allowed: an object$/],
    [
      'a stop instant in a run that was not interrupted',
      (m: Record<string, unknown>) => ({ ...m, stoppedAtMs: 1900 }),
      /^stoppedAtMs: found 1900 with status ok; allowed: only an interrupted run's, at most durationSeconds x 1000 \(2000\)$/,
    ],
    [
      'a stop instant past the configured end',
      (m: Record<string, unknown>) => ({ ...m, status: 'interrupted', stoppedAtMs: 2000.5 }),
      /^stoppedAtMs: found 2000.5 with status interrupted; allowed: only an interrupted run's, at most/,
    ],
    [
      'a stop instant before the start',
      (m: Record<string, unknown>) => ({ ...m, status: 'interrupted', stoppedAtMs: -1 }),
      /^stoppedAtMs: found -1; allowed: /,
    ],
    [
      'causes for more dropped copies than the VM dropped',
      (m: Record<string, unknown>) => ({
        ...m,
        vms: (m.vms as object[]).map((vm, i) =>
          i === 1 ? { ...vm, dropped: ['0-1>1'], droppedBy: { linkDown: 1, partition: 1, injectedDrop: 0 } } : vm,
        ),
      }),
      /^vms\[1\]\.droppedBy: found causes for 2 copies and 1 dropped; allowed: one cause per dropped copy$/,
    ],
    [
      'a VM without an entry',
      (m: Record<string, unknown>) => ({ ...m, vms: (m.vms as unknown[]).slice(1) }),
      /^vms: found no entry for VM 0; allowed: one entry per VM, ids 0\.\.1 \(machines 2\)$/,
    ],
    [
      'a VM stop past the run`s end',
      (m: Record<string, unknown>) => ({
        ...m,
        vms: (m.vms as object[]).map((vm, i) => (i === 0 ? { ...vm, stopElapsedMs: 2000.5 } : vm)),
      }),
      /^vms\[0\]\.stopElapsedMs: found 2000.5; allowed: at most the run's real length, durationSeconds x 1000 \/ speed \(2000\)$/,
    ],
    [
      'a restart that rejoined before its kill',
      (m: Record<string, unknown>) => ({
        ...m,
        vms: (m.vms as object[]).map((vm, i) =>
          i === 1
            ? {
                ...vm,
                restarts: [
                  { killElapsedMs: 900, rejoinElapsedMs: 1200 },
                  { killElapsedMs: 1500, rejoinElapsedMs: 1400 },
                ],
              }
            : vm,
        ),
      }),
      /^vms\[1\]\.restarts\[1\]: found kill 1500, rejoin 1400; allowed: kill <= rejoin <= 2000.001 /,
    ],
  ])('%s: the message quotes the value found', async (_, edit, message) => {
    const run = await copyRun('basic', edit);
    try {
      const read = await readRunManifest(run.dir);
      expect(read).toMatchObject({ ok: false, problem: 'manifest-invalid', file: join(run.dir, 'manifest.json') });
      expect(!read.ok && read.detail).toMatch(message);
    } finally {
      await run.remove();
    }
  });
});

describe('a manifest edited by hand with a key given twice', () => {
  test('is invalid, naming the key and both places, rather than read with the last one', async () => {
    const run = await copyRun('basic');
    try {
      const file = join(run.dir, 'manifest.json');
      const text = (await readFile(file, 'utf8')).replace('"status":"ok"', '"status":"failed","status":"ok"');
      await writeFile(file, text);
      const [first, again] = [text.indexOf('"status"') + 1, text.lastIndexOf('"status"') + 1];
      expect(await readRunManifest(run.dir)).toEqual({
        ok: false,
        reason: 'unreadable',
        problem: 'manifest-invalid',
        file,
        detail: `status: duplicate key "status" at 1:${again} (line:column), first at 1:${first}; allowed: each key once per object`,
      });
    } finally {
      await run.remove();
    }
  });
});

describe('crafted manifests', () => {
  test('a FIFO named manifest.json is refused at once; 50,000 machines is past the config limit', async () => {
    const fifo = await copyRun('basic');
    const huge = await copyRun('basic', (m) => ({
      ...m,
      config: { ...(m.config as object), machines: 50_000 },
      clockRates: new Array(50_000).fill(1),
    }));
    try {
      await rm(join(fifo.dir, 'manifest.json'));
      execFileSync('mkfifo', [join(fifo.dir, 'manifest.json')]);
      const piped = await readRunManifest(fifo.dir);
      expect(piped).toMatchObject({ ok: false, problem: 'not-a-file' });
      // The message is `file: detail`: the detail does not name the file again.
      expect(!piped.ok && [piped.file, piped.detail]).toEqual([
        join(fifo.dir, 'manifest.json'),
        'not a regular file (a FIFO); only regular files are read',
      ]);
      await rm(join(fifo.dir, 'manifest.json'));
      expect(await readRunManifest(fifo.dir)).toMatchObject({
        file: join(fifo.dir, 'manifest.json'),
        detail: expect.stringMatching(/^no such file(; found vm-0\.csv .* and no vm-K\.json: .*)?$/),
      });
      const many = await readRunManifest(huge.dir);
      expect(many).toMatchObject({ ok: false, problem: 'manifest-invalid' });
      expect(!many.ok && many.detail).toMatch(/config\.machines/);
    } finally {
      await fifo.remove();
      await huge.remove();
    }
  });
});

describe('stoppedBeforeEnd', () => {
  test('a failed or interrupted run, a VM that did not exit cleanly, or one stopped early', async () => {
    const result = await readRunManifest(fixtureRun('ended-early'));
    if (!result.ok) throw new Error(result.detail);
    const [vm0, vm1] = result.facts.vms;
    if (vm0 === undefined || vm1 === undefined) throw new Error('fixture has two VMs');
    expect(stoppedBeforeEnd(result.facts, vm1)).toBe(true);
    expect(stoppedBeforeEnd(result.facts, vm0)).toBe(true);
    expect(stoppedBeforeEnd({ ...result.facts, status: 'ok' }, vm0)).toBe(false);
  });
});

describe('a folder with no manifest', () => {
  /** A run folder as a launcher leaves it before its manifest: a CSV, and its claim holding `claim`. */
  async function folderClaimedWith(claim: string | null): Promise<{ dir: string; detail: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-no-manifest-'));
    await writeFile(join(dir, 'vm-0.csv'), '');
    if (claim !== null) await writeFile(join(dir, claimFileName), claim);
    const read = await readRunManifest(dir);
    await rm(dir, { recursive: true, force: true });
    if (read.ok) throw new Error('read a manifest that is not there');
    expect(read).toMatchObject({ problem: 'manifest-missing', file: join(dir, 'manifest.json') });
    return { dir, detail: read.detail };
  }

  test('claimed by a running launcher: it is still writing the folder, naming the claim', async () => {
    const { dir, detail } = await folderClaimedWith(`${process.pid}\n`);
    expect(detail).toBe(
      `no such file yet: launcher pid ${process.pid} is still writing this folder (its claim: ${join(dir, claimFileName)}); try again when it ends`,
    );
  });

  test('claimed by a launcher no longer running: it was interrupted before writing it', async () => {
    const dead = spawnSync('true').pid;
    const { dir, detail } = await folderClaimedWith(`${dead}\n`);
    expect(detail).toBe(
      `no such file: launcher pid ${dead} was interrupted before writing it (it is no longer running; its claim: ${join(dir, claimFileName)})`,
    );
  });

  test('a claim with no pid yet: either, naming the claim; no claim: no manifest, and the CSVs found', async () => {
    const empty = await folderClaimedWith('');
    expect(empty.detail).toBe(
      `no such file: a launcher is still writing this folder, or was interrupted before writing it (its claim: ${join(empty.dir, claimFileName)})`,
    );
    const none = await folderClaimedWith(null);
    expect(none.detail).toMatch(/^no such file; found vm-0\.csv \(0 rows\) and no vm-K\.json: /);
    const empty2 = await mkdtemp(join(tmpdir(), 'clocklab-no-manifest-'));
    try {
      expect(await readRunManifest(empty2)).toMatchObject({ detail: 'no such file' });
    } finally {
      await rm(empty2, { recursive: true, force: true });
    }
  });

  test('CSVs and no vm-K.json (VMs by hand that all failed): says what it found, each CSV with its rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-all-failed-'));
    try {
      const header =
        'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock,vector_clock';
      await writeFile(
        join(dir, 'vm-0.csv'),
        `${header}\n0,0,internal,2027-01-15T08:00:00.100Z,100.000,1,1,0,,,,{"0":1}\n`,
      );
      await writeFile(join(dir, 'vm-1.csv'), `${header}\n`);
      await writeFile(join(dir, 'vm-10.csv'), `${header}\n1,0,in`); // a cut last line is no row
      expect(await readRunManifest(dir)).toMatchObject({
        problem: 'manifest-missing',
        detail:
          'no such file; found vm-0.csv (1 row), vm-1.csv (0 rows) and vm-10.csv (0 rows) and no vm-K.json: VMs run by hand ' +
          'that all failed (a VM writes its vm-K.json only when its session ends in order), or a run whose manifest.json ' +
          'is gone; nothing here records what ran, so its rows are not read',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a folder of VMs run by hand (vm-K.json beside the CSVs): says that nothing writes it, and that check reads it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-by-hand-'));
    try {
      await writeFile(join(dir, 'vm-0.csv'), '');
      await writeFile(join(dir, 'vm-0.json'), '{}');
      expect(await readRunManifest(dir)).toMatchObject({
        problem: 'manifest-missing',
        detail:
          'no such file: VMs run by hand (vm-K.json here) write none: `launcher check` judges such a folder; analyze, report, compare and export read a folder `launcher run` wrote',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
