import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { claimFileName } from '../../run-folder/claim-file.js';
import { readRunManifest } from '../../run-folder/run-manifest.js';
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

describe('a folder with no manifest', () => {
  test('is manifest-missing, naming the manifest, and says why (missing-manifest.ts)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-no-manifest-'));
    try {
      await writeFile(join(dir, claimFileName), `${process.pid}\n`);
      expect(await readRunManifest(dir)).toMatchObject({
        problem: 'manifest-missing',
        file: join(dir, 'manifest.json'),
        detail: `no such file yet: launcher pid ${process.pid} is still writing this folder (its claim: ${join(dir, claimFileName)}); try again when it ends`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
