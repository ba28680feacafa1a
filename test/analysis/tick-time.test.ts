/**
 * tick-time on the `basic` fixture (VM 0 at 5/s, VM 1 at 2/s for 2 s; endedAt 2005 ms after startEpochMs), its
 * rows and manifest edited: no row before its tick's deadline, none after the run's end, one finding per VM.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { copyRun, manifestVm } from './fixture-runs.js';

type Json = Record<string, unknown>;
type Finding = [rule: string, vm: number, line: number | null, found: string, expected: string];

/** vm-0.csv's row of `tick` (line tick + 2) with its elapsed_ms set to `elapsed`; the rest of the row as it was. */
const retime =
  (tick: number, elapsed: string) =>
  (lines: string[]): string[] =>
    lines.map((line, i) => {
      if (i !== tick + 1) return line;
      const cells = line.split(',');
      cells[4] = elapsed;
      return cells.join(',');
    });

async function findingsAfter(
  edits: ((lines: string[]) => string[])[],
  manifest: (m: Json) => Json = (m) => m,
): Promise<Finding[]> {
  const run = await copyRun('basic', manifest);
  try {
    const file = join(run.dir, 'vm-0.csv');
    let lines = (await readFile(file, 'utf8')).split('\n');
    for (const edit of edits) lines = edit(lines);
    await writeFile(file, lines.join('\n'));
    const result = await checkRun(run.dir);
    if (result.ok) return [];
    if (result.reason !== 'violations') throw new Error(`expected a readable run: ${JSON.stringify(result)}`);
    return result.violations.map((v) => [v.rule, v.vm, v.line, v.found, v.expected]);
  } finally {
    await run.remove();
  }
}

const sim = (m: Json): Json => ({ ...m, engine: 'sim' });
const onHost = (m: Json): Json => {
  manifestVm(m, 0).host = 'h1';
  return m;
};
/** h1's clock sampled at the start (offset 10 ms, round trip 2 ms) and the end (13 ms, 4 ms): it moved 3 ms. */
const sampledHost = (m: Json): Json => {
  const sample = (atEpochMs: number, offsetMs: number, rttMs: number) => ({ atEpochMs, offsetMs, rttMs });
  const start = m.startEpochMs as number;
  const host = { name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2', dir: '/opt/clocklab', vms: [0] };
  const clocks = { clockOffsetMs: 10, rttMs: 2, clockStart: sample(start - 100, 10, 2) };
  const end = sample(start + 2004, 13, 4);
  return { ...onHost(m), hosts: [{ ...host, ...clocks, clockEnd: end, samples: [clocks.clockStart, end] }] };
};

describe('tick-time: not before the tick deadline', () => {
  test("a row stamped before its tick's deadline, by more than the clocks' tolerance: one finding", async () => {
    expect(await findingsAfter([retime(5, '997.500')])).toEqual([
      [
        'tick-time',
        0,
        7,
        'elapsed_ms 997.5 for tick 5',
        "at least 1000 ms - 1.501 ms, tick 5's deadline (5 x 1000 / 5 ticks/s)",
      ],
    ]);
    // Within 1 ms plus 500 ppm (as receive-time allows two clocks), and the CSV's rounding: valid.
    expect(await findingsAfter([retime(5, '998.600')])).toEqual([]);
  });

  test('late rows (a paused VM catching up: ticks 5..7 back to back at 1450 ms) are valid', async () => {
    expect(await findingsAfter([retime(5, '1450.100'), retime(6, '1450.200'), retime(7, '1450.300')])).toEqual([]);
  });

  test('in the sim (one virtual clock) only the rounding of the CSV is allowed', async () => {
    expect(await findingsAfter([retime(5, '999.999')], sim)).toEqual([]);
    expect(await findingsAfter([retime(5, '999.900')], sim)).toEqual([
      [
        'tick-time',
        0,
        7,
        'elapsed_ms 999.9 for tick 5',
        "at least 1000 ms - 0.001 ms, tick 5's deadline (5 x 1000 / 5 ticks/s)",
      ],
    ]);
  });

  test('at a speed of 2 the deadline is in real ms: tick 5 at 5/s x 2 is due at 500 ms', async () => {
    const fast = (m: Json): Json => ({ ...m, speed: 2 });
    expect(await findingsAfter([], fast)).toEqual([]);
    // Ticks 0..4 on time at 2 x 5/s (every 100 ms), tick 5 at 498 ms: before its deadline.
    const onTime = [0, 1, 2, 3, 4].map((tick) => retime(tick, `${tick * 100}.500`));
    expect(await findingsAfter([...onTime, retime(5, '498.000')], fast)).toEqual([
      [
        'tick-time',
        0,
        7,
        'elapsed_ms 498 for tick 5',
        "at least 500 ms - 1.251 ms, tick 5's deadline (5 x 1000 / (5 x 2) ticks/s)",
      ],
    ]);
  });

  test('a VM on another host is judged by its deadline too: its rows and its deadlines are on one clock', async () => {
    expect((await findingsAfter([retime(5, '997.500')], onHost)).map((f) => f[0])).toEqual(['tick-time']);
  });
});

describe("tick-time: not after the run's end", () => {
  test("the last row at 999999999 ms in a 2 s run: one finding naming the manifest's end", async () => {
    expect(await findingsAfter([retime(9, '999999999.000')])).toEqual([
      [
        'tick-time',
        0,
        11,
        'elapsed_ms 999999999 for tick 9',
        "at most 2008.003 ms, the run's end at 2005 ms (the manifest's endedAt - startEpochMs) + 3.002 ms between clocks",
      ],
    ]);
    expect(await findingsAfter([retime(9, '2008.000')])).toEqual([]);
  });

  test('one finding per VM: its first row out of bounds', async () => {
    const findings = await findingsAfter([retime(7, '3000.000'), retime(8, '3001.000'), retime(9, '3002.000')]);
    expect(findings.map(([rule, vm, line]) => [rule, vm, line])).toEqual([['tick-time', 0, 9]]);
  });

  test('without startEpochMs (an older manifest) only the deadline is judged', async () => {
    const older = (m: Json): Json => {
      const { startEpochMs: _, ...rest } = m;
      return rest;
    };
    expect(await findingsAfter([retime(9, '999999999.000')], older)).toEqual([]);
    expect((await findingsAfter([retime(5, '997.500')], older)).map((f) => f[0])).toEqual(['tick-time']);
  });

  test("on another host without the host's clock samples, the end is not judged", async () => {
    expect(await findingsAfter([retime(9, '999999999.000')], onHost)).toEqual([]);
  });

  test('on another host with both clock samples: the drift and both half round trips are allowed', async () => {
    expect(await findingsAfter([retime(9, '2013.500')], sampledHost)).toEqual([]);
    expect(await findingsAfter([retime(9, '2014.500')], sampledHost)).toEqual([
      [
        'tick-time',
        0,
        11,
        'elapsed_ms 2014.5 for tick 9',
        "at most 2014.003 ms, the run's end at 2005 ms (the manifest's endedAt - startEpochMs) + 9.002 ms between clocks (host h1's offset and drift)",
      ],
    ]);
  });

  test("in the sim the end is the run's length plus half a period, whatever endedAt says", async () => {
    // VM 0 at 5/s: half a period is 100 ms.
    expect(await findingsAfter([retime(9, '2099.000')], sim)).toEqual([]);
    expect(await findingsAfter([retime(9, '2100.500')], sim)).toEqual([
      [
        'tick-time',
        0,
        11,
        'elapsed_ms 2100.5 for tick 9',
        "at most 2100.001 ms, the sim's end at 2000 ms plus half a period (a wake-up's latest)",
      ],
    ]);
  });
});
