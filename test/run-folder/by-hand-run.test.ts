import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readByHandRun } from '../../run-folder/by-hand-run.js';
import { claimFileName } from '../../run-folder/claim-file.js';

/** A vm-K.json's content, as the tests write it (some edited past what a VM writes). */
type Written = { stats: { id: number } };

/** VM `id`'s vm-K.json as manual-mode.ts writes it: a 3-VM session at rates 2, 4, 5 (x speed 2), 10 s. */
function record(id: number, changes: { seed?: number; startEpochMs?: number | null; stoppedEarly?: boolean } = {}) {
  const rates = [2, 4, 5];
  const start = changes.startEpochMs === undefined ? 1_800_000_000_000 : changes.startEpochMs;
  return {
    runId: 'manual-0123456789ab',
    seed: changes.seed ?? 9,
    startedAt: '2027-01-15T08:00:00.000Z',
    ...(start === null ? {} : { startEpochMs: start }),
    endedAt: new Date(1_800_000_000_000 + 5_040).toISOString(),
    config: {
      machines: 3,
      clockRates: rates,
      eventRange: 10,
      durationSeconds: 10,
      speed: 2,
      network: { host: '127.0.0.1', basePort: 5000 },
    },
    stats: {
      id,
      clockRate: (rates[id] ?? 0) * 2,
      port: 5000 + id,
      ticks: 10,
      sent: 3,
      received: 2,
      finalClock: 12,
      maxJump: 2,
      maxQueue: 1,
      pendingAtStop: id === 0 ? ['1-3'] : [],
      dropped: [],
      lostPeers: [],
      unendedLinks: [],
      refused: 0,
      stoppedEarly: changes.stoppedEarly ?? false,
      droppedBy: { linkDown: 0, partition: 0, injectedDrop: 0 },
    },
  };
}

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-by-hand-run-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function write(records: Written[]): Promise<void> {
  for (const r of records) await writeFile(join(dir, `vm-${r.stats.id}.json`), JSON.stringify(r));
}

async function factsOf(records: Written[]) {
  await write(records);
  const read = await readByHandRun(dir);
  if (read === null || !read.ok) throw new Error(`expected facts, got ${JSON.stringify(read)}`);
  return read.facts;
}

describe('readByHandRun', () => {
  test('a folder with no vm-K.json, or claimed by a launcher, is none of its business: null', async () => {
    await writeFile(join(dir, 'vm-0.csv'), '');
    expect(await readByHandRun(dir)).toBeNull();
    await write([record(0)]);
    await writeFile(join(dir, claimFileName), `${process.pid}\n`);
    expect(await readByHandRun(dir)).toBeNull();
  });

  test('every VM recorded: its accounting, the config rates, the end as the latest endedAt - startEpochMs', async () => {
    const facts = await factsOf([record(0), record(1), record(2)]);
    expect(facts).toMatchObject({
      runId: 'manual-0123456789ab',
      status: 'ok',
      reason: null,
      seed: 9,
      machines: 3,
      durationSeconds: 10,
      speed: 2,
      clockRates: [2, 4, 5],
      endElapsedMs: 5040,
      byHand: { unjudged: [] },
    });
    expect(facts.vms[0]).toMatchObject({
      id: 0,
      exit: 'done',
      pendingAtStop: ['1-3'],
      figures: { ticks: 10, sent: 3, received: 2, finalClock: 12 },
    });
    expect(facts.kills).toEqual([0, 1, 2].map(() => ({ kills: 0, restarts: [] })));
  });

  test("a Ctrl-C's stop each VM recorded: the session's stoppedAtMs (experiment ms, the latest), every rule judged", async () => {
    const stopped = (id: number, afterMs: number) => ({
      ...record(id, { stoppedEarly: true }),
      stopEpochMs: 1_800_000_000_000 + afterMs,
    });
    const facts = await factsOf([stopped(0, 2000.25), stopped(1, 2000.25), stopped(2, 2000.5)]);
    expect(facts.status).toBe('interrupted');
    expect(facts.stoppedAtMs).toBe(4001);
    expect(facts.byHand?.unjudged).toEqual([]);
  });

  test('a VM stopped early (a Ctrl-C) in a file from before the stop was recorded: the instant said to be unknown', async () => {
    const facts = await factsOf([record(0, { stoppedEarly: true }), record(1), record(2)]);
    expect(facts.status).toBe('interrupted');
    expect(facts.byHand?.unjudged).toEqual(["ticks after the Ctrl-C's stop (its instant is not recorded)"]);
  });

  test('a VM without its vm-K.json: failed; no figures, no end; its rate drawn only when the seed tells it', async () => {
    const facts = await factsOf([record(0), record(2)]);
    expect(facts).toMatchObject({ status: 'failed', reason: 'run by hand: no vm-1.json (it failed, or still runs)' });
    expect(facts.vms[1]).toEqual({
      id: 1,
      exit: 'no vm-1.json (it failed, or still runs)',
      pendingAtStop: [],
      dropped: [],
      stoppedEarly: true,
      unendedLinks: [],
    });
    expect(facts.endElapsedMs).toBeUndefined();
    expect(facts.clockRates[1]).toBe(4);
    expect(facts.byHand?.unjudged).toEqual([
      "VM 1's accounting and the copies to and from it (no vm-1.json: it failed, or still runs)",
      "rows after the session's end (not every VM recorded it)",
    ]);
  });

  test('a rate from a range, each VM on its own seed: a VM without its record has none (0), and that is said', async () => {
    const ranged = (r: ReturnType<typeof record>) => {
      const { clockRates: _, ...config } = r.config;
      return { ...r, config: { ...config, clockRate: { min: 1, max: 6 } } };
    };
    const facts = await factsOf([ranged(record(0, { seed: 1 })), ranged(record(2, { seed: 2 }))]);
    // Each recorded VM's rate is its own real rate over the speed.
    expect(facts.clockRates).toEqual([2, 0, 5]);
    expect(facts.byHand?.unjudged[0]).toBe(
      "VM 1's accounting, rate (drawn from its own seed) and the copies to and from it (no vm-1.json: it failed, or still runs)",
    );
  });

  test('records from an older clocklab (no startEpochMs): the end is not judged, and that is said', async () => {
    const facts = await factsOf([record(0, { startEpochMs: null }), record(1), record(2)]);
    expect(facts.endElapsedMs).toBeUndefined();
    expect(facts.byHand?.unjudged).toEqual([
      "rows after the session's end (1 of 3 vm-K.json files have no startEpochMs: an older clocklab wrote them)",
    ]);
  });

  test.each([
    [
      'another session (another start)',
      () => [record(0), record(1, { startEpochMs: 1_700_000_000_000 })],
      "vm-1.json: startEpochMs: found 1700000000000; allowed: 1800000000000, as in vm-0.json (one session's files only)",
    ],
    [
      'another config (another run id)',
      () => [record(0), { ...record(1), runId: 'manual-ffffffffffff' }],
      "vm-1.json: runId: found manual-ffffffffffff; allowed: manual-0123456789ab, as in vm-0.json (one session's files only)",
    ],
    [
      'a VM past the config',
      () => [record(0), { ...record(1), stats: { ...record(1).stats, id: 3 } }],
      'vm-3.json: found VM 3; allowed: ids below machines (3)',
    ],
  ])('a record of %s: refused, naming the file', async (_, records, said) => {
    await write(records());
    const read = await readByHandRun(dir);
    expect(read === null || read.ok ? read : `${read.file.slice(dir.length + 1)}: ${read.detail}`).toBe(said);
  });

  /** VM `id`'s CSV: a header and one row stamped `systemTime` at `elapsedMs` after its session's start. */
  async function csvOf(id: number, systemTime: string, elapsedMs: string): Promise<void> {
    const header =
      'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock,vector_clock';
    const row = `${id},0,internal,${systemTime},${elapsedMs},1,1,0,,,,"{""${id}"":1}"`;
    await writeFile(join(dir, `vm-${id}.csv`), `${header}\n${row}\n`);
  }

  test("a vm-K.json beside a later session's CSV (its rows' start, system_time - elapsed_ms, is not its): refused, naming both starts", async () => {
    await write([record(0), record(1), record(2)]);
    // VM 0's rows began 0.3 ms after the recorded start: its own session's (the wall clock read at the row).
    await csvOf(0, new Date(1_800_000_000_000 + 500).toISOString(), '499.700');
    expect(await readByHandRun(dir)).toMatchObject({ ok: true });
    // VM 1's CSV is of a session started 60 s later, whose VMs failed: no vm-1.json of theirs replaced this one.
    await csvOf(1, new Date(1_800_000_060_000 + 500).toISOString(), '500.000');
    const read = await readByHandRun(dir);
    expect(read === null || read.ok ? read : `${read.file.slice(dir.length + 1)}: ${read.detail}`).toBe(
      "vm-1.json: startEpochMs: found 2027-01-15T08:00:00.000Z, the start of another session than its CSV's: " +
        "vm-1.csv's first row (line 2) is of a session started at 2027-01-15T08:01:00.000Z (its system_time less its elapsed_ms); " +
        'a later session whose VMs failed wrote no vm-K.json and left this one',
    );
  });

  test('an older vm-K.json (no startEpochMs) beside a later CSV: its rows began after its end', async () => {
    await write([record(0, { startEpochMs: null })]);
    await csvOf(0, new Date(1_800_000_000_000 + 500).toISOString(), '500.000');
    expect(await readByHandRun(dir)).toMatchObject({ ok: true });
    await csvOf(0, new Date(1_800_000_060_000).toISOString(), '0.000');
    expect(await readByHandRun(dir)).toMatchObject({
      problem: 'manifest-invalid',
      detail: expect.stringMatching(
        /^startedAt 2027-01-15T08:00:00\.000Z to endedAt 2027-01-15T08:00:05\.040Z: another session/,
      ),
    });
  });

  test('a record whose id is not its file name, or that is not JSON: refused', async () => {
    await writeFile(join(dir, 'vm-0.json'), JSON.stringify(record(1)));
    expect(await readByHandRun(dir)).toMatchObject({
      problem: 'manifest-invalid',
      detail: 'stats.id: found 1; allowed: 0',
    });
    await writeFile(join(dir, 'vm-0.json'), '{');
    expect(await readByHandRun(dir)).toMatchObject({ problem: 'manifest-not-json' });
  });
});
