/**
 * A killed VM whose CSV ends in a cut row, then restarted with `clock: kept`: the launcher drops the cut row
 * (recorded in faults.csv), the new life keeps the clock of the last complete row, and no row is glued to the cut.
 * The cut is made by the test while the VM is down (a real kill rarely lands mid-write).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { launcher, readCsv, tempDir, waitForLine, waitUntilGone } from './cli-harness.js';

const faults = { kills: [{ vm: 1, atSecond: 1.5, restartAfterSeconds: 4, clock: 'kept' }] };
const cut = '1,99999,internal,2026-01-01T00:00:00.000Z,12.3';

describe('a restart after a cut last row', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('repairs the file, records it, and keeps the clock of the last complete row', async () => {
    const config = join(dir.path, 'kill.json');
    await writeFile(config, JSON.stringify({ machines: 2, clockRates: [20, 20], durationSeconds: 7, seed: 5, faults }));
    const out = join(dir.path, 'run');
    const run = launcher(['run', config, '--out', out], dir.path);
    const started = await waitForLine(run.stderr, /vm1 \(pid (\d+),/);
    await waitForLine(run.stderr, /fault: kill vm1/);
    // The launcher is held still (as a loaded machine may hold it) while the file is cut: the restart, due 4 s after
    // the kill, cannot come before the cut however slowly this test runs. Once the killed process is gone, cut its
    // file as a kill in mid-write would.
    let before: Awaited<ReturnType<typeof readCsv>>;
    process.kill(run.pid ?? 0, 'SIGSTOP');
    try {
      expect(await waitUntilGone([Number(started[1])], 10_000)).toEqual([]);
      before = await readCsv(join(out, 'vm-1.csv'));
      await appendFile(join(out, 'vm-1.csv'), cut);
    } finally {
      process.kill(run.pid ?? 0, 'SIGCONT');
    }
    const result = await run;
    expect({ exit: result.exitCode, output: result.all }).toMatchObject({ exit: 0 });

    const faultRows: Record<string, string>[] = parse(await readFile(join(out, 'faults.csv'), 'utf8'), {
      columns: true,
    });
    expect(faultRows.filter((f) => f.kind === 'repair')).toEqual([
      expect.objectContaining({ vm: '1', detail: `dropped a cut last row (${cut.length} bytes)` }),
    ]);
    const after = await readCsv(join(out, 'vm-1.csv'));
    expect(after.rows.slice(0, before.rows.length)).toEqual(before.rows);
    expect(after.rows.some((row) => row.tick === '99999')).toBe(false);
    for (const row of after.rows) expect({ row, fields: Object.keys(row).length }).toMatchObject({ fields: 12 });
    const lastClock = Number(before.rows.at(-1)?.logical_clock);
    const firstNew = after.rows[before.rows.length];
    expect(Number(firstNew?.logical_clock)).toBeGreaterThan(lastClock);
    expect(Number(firstNew?.logical_clock) - Number(firstNew?.jump)).toBe(lastClock);
  });
});
