/**
 * A real run (3 VMs at 100-200 ticks/s, VM 1 killed and restarted with its Lamport clock reset), checked with the
 * vector rules, and exported for ShiViz: the log must keep every rule ShiViz enforces and hold every CSV row.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseShiviz, type ShivizEvent, shivizProblems } from '../export/shiviz-rules.js';
import { type CsvRow, launcher, readCsv, tempDir } from './cli-harness.js';

const config = {
  machines: 3,
  clockRates: [100, 150, 200],
  durationSeconds: 3,
  seed: 13,
  faults: { kills: [{ vm: 1, atSecond: 1, restartAfterSeconds: 0.5, clock: 'reset' }] },
};

describe('launcher export --format shiviz on a real run with a restart', () => {
  let dir: { path: string; remove(): Promise<void> };
  let runExit: number | undefined;
  let rows: CsvRow[][];
  let exportResult: Awaited<ReturnType<typeof launcher>>;
  let log = '';
  const run = () => join(dir.path, 'run');
  const out = () => join(dir.path, 'run.shiviz');

  beforeAll(async () => {
    dir = await tempDir();
    await writeFile(join(dir.path, 'config.json'), JSON.stringify(config));
    runExit = (await launcher(['run', 'config.json', '--out', run()], dir.path)).exitCode;
    rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(run(), `vm-${vm}.csv`))).rows));
    exportResult = await launcher(['export', run(), '--format', 'shiviz', '--out', out()], dir.path);
    log = await readFile(out(), 'utf8');
  });
  afterAll(() => dir.remove());

  test('the run is ok and its vectors keep the rules (launcher check)', async () => {
    expect(runExit).toBe(0);
    const check = await launcher(['check', run()], dir.path);
    expect(check.stdout).toMatch(/^valid: /);
    expect(check.exitCode).toBe(0);
  });

  test("VM 1's vector continues across the restart while its Lamport clock starts again", () => {
    const vm1 = rows[1] ?? [];
    const at = vm1.findIndex((row, i) => i > 0 && Number(row.tick) !== Number(vm1[i - 1]?.tick) + 1);
    expect(at).toBeGreaterThan(0);
    const own = (row: CsvRow | undefined) => (JSON.parse(row?.vector_clock ?? '{}') as Record<string, number>)['1'];
    expect(own(vm1[at])).toBe(at + 1);
    // The Lamport clock went on from 0: the row's jump is its whole clock (a receive may still jump high at once).
    expect(Number(vm1[at]?.logical_clock) - Number(vm1[at]?.jump)).toBe(0);
    expect(Number(vm1[at - 1]?.logical_clock)).toBeGreaterThan(0);
  });

  test('exits 0, says what it wrote on stderr', () => {
    expect(exportResult.exitCode).toBe(0);
    const events = rows.reduce((sum, r) => sum + r.length, 0);
    expect(exportResult.stderr).toBe(`exported ${events} events of 3 hosts to ${out()}; vector clocks as logged`);
    expect(exportResult.stdout).toBe('');
  });

  test('--out - writes the same log to standard output, and no file named -', async () => {
    const piped = await launcher(['export', run(), '--format', 'shiviz', '--out', '-'], dir.path);
    expect(piped.exitCode).toBe(0);
    expect(`${piped.stdout}\n`).toBe(log);
    await expect(readFile(join(dir.path, '-'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test("keeps every rule ShiViz enforces, and each receive's clock dominates its send's", () => {
    const parsed = parseShiviz(log);
    expect(parsed.delimiter).toBe('');
    // Every line after the first two is an event the regex matches.
    expect(parsed.events).toHaveLength(parsed.lines);
    expect(parsed.events.length).toBeGreaterThan(1000);
    expect(shivizProblems(parsed.events)).toEqual([]);
    expect(parsed.events.some((e) => e.event.startsWith('recv from='))).toBe(true);
  });

  test('no host and no event is missing: host vmK holds vm-K.csv row for row', () => {
    const byHost = new Map<string, ShivizEvent[]>();
    for (const e of parseShiviz(log).events) {
      const list = byHost.get(e.host) ?? [];
      list.push(e);
      byHost.set(e.host, list);
    }
    expect([...byHost.keys()].sort()).toEqual(['vm0', 'vm1', 'vm2']);
    rows.forEach((csv, vm) => {
      const host = `vm${vm}`;
      const events = (byHost.get(host) ?? []).sort((a, b) => (a.clock[host] ?? 0) - (b.clock[host] ?? 0));
      expect(events).toHaveLength(csv.length);
      events.forEach((e, i) => {
        const row = csv[i] as CsvRow;
        expect(e.fields.lamport).toBe(row.logical_clock);
        expect(e.fields.queue).toBe(row.queue_len);
        const kind = { send: 'send to=', receive: 'recv from=', internal: 'internal' }[row.event as string];
        expect(e.event.startsWith(kind ?? '?')).toBe(true);
        if (row.event !== 'internal') expect(e.event.endsWith(` msg=${row.msg_id}`)).toBe(true);
      });
    });
  });

  test('standard output gets the same log', async () => {
    const toStdout = await launcher(['export', run(), '--format', 'shiviz'], dir.path);
    expect(toStdout.exitCode).toBe(0);
    expect(`${toStdout.stdout}\n`).toBe(log);
  });

  test('analyze counts every cross-VM pair exactly on a run this short', async () => {
    const analyze = await launcher(['analyze', run(), '--json', '--no-summary'], dir.path);
    const causality = JSON.parse(analyze.stdout).causality;
    const [a, b, c] = rows.map((r) => r.length) as [number, number, number];
    expect(causality).toMatchObject({ available: true, method: 'exact', crossVmPairs: a * b + a * c + b * c });
    expect(causality.causallyOrdered + causality.concurrent).toBe(causality.judged);
    expect(causality.concurrent).toBeGreaterThan(0);
  });
});
