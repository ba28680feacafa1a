/**
 * `launcher check` on real run folders edited afterwards: the manifest's own accounting is held to the rows, not
 * trusted. Each test copies one run the built CLI made and edits the copy, as a user or a tool could.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  fiveTicksRun,
  launcher,
  readCsv,
  readManifest,
  tempDir,
  threeVmsStarted,
  waitForLine,
  waitForRows,
} from './cli-harness.js';

type Json = Record<string, unknown>;

describe('check on a run folder edited after the run', () => {
  let dir: { path: string; remove(): Promise<void> };
  let run: string;
  beforeAll(async () => {
    dir = await tempDir();
    // One rate for every VM: 5/s over 2 s is ticks 0..9, deadlines 0..1800 ms.
    run = await fiveTicksRun(dir.path);
  });
  afterAll(() => dir.remove());

  /** A copy of the run with its manifest edited. */
  async function withManifest(name: string, edit: (manifest: Json) => Json): Promise<string> {
    const copy = join(dir.path, name);
    await cp(run, copy, { recursive: true });
    const file = join(copy, 'manifest.json');
    await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, 'utf8')) as Json), null, 2));
    return copy;
  }

  test("a VM's figures edited in the manifest: one violation per field, naming the VM and both values", async () => {
    const { rows } = await readCsv(join(run, 'vm-0.csv'));
    const count = (event: string) => rows.filter((row) => row.event === event).length;
    const last = rows.at(-1);
    const figures = { ticks: 99, sent: count('send') + 4, received: count('receive') + 1, finalClock: 1 };
    const copy = await withManifest('figures', (m) => ({
      ...m,
      vms: (m.vms as Json[]).map((vm) => (vm.id === 0 ? { ...vm, ...figures } : vm)),
    }));
    const check = await launcher(['check', copy], dir.path);
    expect(check.exitCode).toBe(1);
    expect(check.stdout.split('\n').filter((line) => line.startsWith('manifest-figures:'))).toEqual([
      `manifest-figures: vm-0.csv: found ticks 99 in manifest.json; expected ${rows.length}, the rows of vm-0.csv`,
      `manifest-figures: vm-0.csv: found sent ${figures.sent} in manifest.json; expected ${count('send')}, the send rows of vm-0.csv`,
      `manifest-figures: vm-0.csv: found received ${figures.received} in manifest.json; expected ${count('receive')}, the receive rows of vm-0.csv`,
      `manifest-figures: vm-0.csv: found finalClock 1 in manifest.json; expected ${last?.logical_clock}, the clock of its last row (line ${rows.length + 1})`,
    ]);
    // The run as written agrees with itself.
    expect((await launcher(['check', run], dir.path)).exitCode).toBe(0);
  });

  test("a row appended past the run's end (its manifest figures following it): an after-stop violation", async () => {
    const { rows } = await readCsv(join(run, 'vm-0.csv'));
    const last = rows.at(-1);
    if (last === undefined) throw new Error('vm-0.csv has rows');
    const clock = Number(last.logical_clock) + 1;
    const vector = { ...(JSON.parse(last.vector_clock ?? '{}') as Record<string, number>) };
    vector['0'] = (vector['0'] ?? 0) + 1;
    // Tick 10 of a VM at 5/s is due at 2000 ms, the end of the 2 s run: an internal event, valid in every other way.
    const row = `0,10,internal,${last.system_time},2001.000,${clock},1,0,,,,"${JSON.stringify(vector).replaceAll('"', '""')}"`;
    const copy = await withManifest('appended', (m) => ({
      ...m,
      vms: (m.vms as Json[]).map((vm) => (vm.id === 0 ? { ...vm, ticks: rows.length + 1, finalClock: clock } : vm)),
    }));
    await writeFile(join(copy, 'vm-0.csv'), `${await readFile(join(copy, 'vm-0.csv'), 'utf8')}${row}\n`);
    const check = await launcher(['check', copy], dir.path);
    expect({ exit: check.exitCode, lines: check.stdout.split('\n').slice(0, 2) }).toEqual({
      exit: 1,
      lines: [
        `1 violation in ${copy} (${check.stdout.match(/\((\d+ rows, \d+ messages)\)/)?.[1]})`,
        `after-stop: vm-0.csv tick 10 (line ${rows.length + 2}): found tick 10, due at 2000 ms; expected a tick due before the run's end at 2000 ms`,
      ],
    });
  });

  /** A copy of the run with vm-0.csv's row of `tick` stamped `elapsed` (its other columns as the VM wrote them). */
  async function withElapsed(name: string, tick: number, elapsed: string): Promise<string> {
    const copy = await withManifest(name, (m) => m);
    const file = join(copy, 'vm-0.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const cells = lines[tick + 1]?.split(',') ?? [];
    if (cells[1] !== String(tick)) throw new Error(`vm-0.csv line ${tick + 2} is not tick ${tick}`);
    cells[4] = elapsed;
    lines[tick + 1] = cells.join(',');
    await writeFile(file, lines.join('\n'));
    return copy;
  }

  test("the last non-send row's elapsed_ms edited to 999999999.000: a tick-time violation naming the manifest's end", async () => {
    const manifest = await readManifest(run);
    const endMs = Date.parse(manifest.endedAt) - (manifest.startEpochMs ?? Number.NaN);
    const { rows } = await readCsv(join(run, 'vm-0.csv'));
    // Not a send: its receives would then be before it, a receive-time finding as well. When the last row is a send,
    // the row edited comes before it, and elapsed-order may be broken too (the run's draws differ from run to run):
    // only the tick-time line is held here.
    const tick = rows.findLastIndex((row) => row.event !== 'send');
    const copy = await withElapsed('far-future', tick, '999999999.000');
    const check = await launcher(['check', copy], dir.path);
    const shown = String(Number(endMs.toFixed(3))).replace('.', '\\.');
    expect(check.exitCode).toBe(1);
    expect(check.stdout.split('\n').filter((line) => line.startsWith('tick-time: '))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^tick-time: vm-0\\.csv tick ${tick} \\(line ${tick + 2}\\): found elapsed_ms 999999999 for tick ${tick}; ` +
            `expected at most [\\d.]+ ms, the run's end at ${shown} ms \\(the manifest's endedAt - startEpochMs\\) ` +
            '\\+ [\\d.]+ ms between clocks$',
        ),
      ),
    ]);
    // That end is after every row the VMs wrote, and within a second of the 2 s run's stop.
    expect(endMs).toBeGreaterThanOrEqual(Math.max(...rows.map((row) => Number(row.elapsed_ms))));
    expect(endMs).toBeLessThan(3000);
  });

  test("a row's elapsed_ms edited to before its tick's deadline: a tick-time violation naming the deadline", async () => {
    // Tick 1 at 5/s is due at 200 ms; 100 ms is after tick 0's row. When tick 1 was a receive of a copy sent after
    // 100 ms, receive-time is broken too (the run's draws differ from run to run): that line may come as well.
    const copy = await withElapsed('too-early', 1, '100.000');
    const check = await launcher(['check', copy], dir.path);
    const lines = check.stdout.split('\n');
    expect({ exit: check.exitCode, tickTime: lines.filter((line) => line.startsWith('tick-time: ')) }).toEqual({
      exit: 1,
      tickTime: [
        "tick-time: vm-0.csv tick 1 (line 3): found elapsed_ms 100 for tick 1; expected at least 200 ms - 1.101 ms, tick 1's deadline (1 x 1000 / 5 ticks/s)",
      ],
    });
    const others = lines.slice(1).filter((line) => /^[a-z-]+: vm-/.test(line) && !line.startsWith('tick-time: '));
    expect(others.map((line) => line.split(':')[0])).toEqual(others.length === 0 ? [] : ['receive-time']);
    expect(lines[0]).toMatch(others.length === 0 ? /^1 violation in / : /^2 violations in /);
  });

  test("a VM's entry deleted from vms: refused as an invalid manifest, naming the field", async () => {
    const copy = await withManifest('no-vm-0', (m) => ({ ...m, vms: (m.vms as Json[]).filter((vm) => vm.id !== 0) }));
    const check = await launcher(['check', copy], dir.path);
    expect({ exit: check.exitCode, out: check.stdout, err: check.stderr }).toEqual({
      exit: 2,
      out: '',
      err: `unreadable: ${join(copy, 'manifest.json')}: vms: found no entry for VM 0; allowed: one entry per VM, ids 0..2 (machines 3)`,
    });
  });
});

describe('check on a run a planned kill never reached', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('a VM that died before its kill was due: the note names how it ended, not a kill that never happened', async () => {
    const config = join(dir.path, 'kill-late.json');
    // VM 1's kill is planned at 8 s; it dies at its 5th row (about 1 s), so the run fails long before the kill.
    const kills = [{ vm: 1, atSecond: 8, restartAfterSeconds: 1 }];
    const rates = { min: 5, max: 5 };
    await writeFile(config, JSON.stringify({ machines: 3, clockRate: rates, durationSeconds: 10, faults: { kills } }));
    const out = join(dir.path, 'died');
    const run = launcher(['run', config, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    await waitForRows(join(out, 'vm-1.csv'), 5, run);
    process.kill(pids[1] ?? 0, 'SIGKILL');
    expect((await run).exitCode).toBe(1);
    expect((await readManifest(out)).vms[1]?.exit).toBe('killed by SIGKILL');
    expect((await readFile(join(out, 'faults.csv'), 'utf8')).trim()).toBe(
      'elapsed_ms,experiment_s,kind,vm,peer,detail,due_ms',
    );
    const check = await launcher(['check', out], dir.path);
    expect(check.stdout).not.toMatch(/injected kill/);
    expect(check.stdout).toMatch(
      /^note: VM 1 ended early: \d+ ticks? of 50 expected \(exit: killed by SIGKILL, stopped early, run failed\)$/m,
    );
  });
});
