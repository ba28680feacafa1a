import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { type Causality, type CausalityLimits, causalityLimits, wilson95 } from '../../analysis/causality.js';
import { analyzeCommand } from '../../analysis/commands.js';
import { formatCausality } from '../../analysis/format-causality.js';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { copyRun, fixtureRun } from './fixture-runs.js';

async function causalityOf(dir: string, limits?: CausalityLimits): Promise<Causality> {
  const result = await analyzeRun(dir, limits === undefined ? {} : { causality: limits });
  if (!result.ok) throw new Error(result.detail);
  return result.analysis.causality;
}

const measured = (c: Causality): Extract<Causality, { available: true }> => {
  if (!c.available) throw new Error(`not measured: ${c.why}`);
  return c;
};

describe('causality on the vectors fixture (VM 0: 10 events, VM 1: 4), counted by hand', () => {
  // a (VM 0, own entry k) happened before b (VM 1) when b's entry 0 >= k; b before a when a's entry 1 >= b's own.
  // VM 1's events know 0, 3, 4, 5 of VM 0's: 0+3+4+5 = 12 pairs a -> b; VM 0's events 2..10 know VM 1's first: 9
  // pairs b -> a. 21 ordered of 40, 19 concurrent; 4 pairs share a Lamport value (1-1, 4-4, 5-5, 6-6), each of them
  // concurrent, so 15 concurrent pairs have L(a) != L(b).
  test('exact counts', async () => {
    const c = measured(await causalityOf(fixtureRun('vectors')));
    expect(c).toMatchObject({
      method: 'exact',
      crossVmPairs: 40,
      judged: 40,
      sampleSeed: null,
      causallyOrdered: 21,
      concurrent: 19,
      lamportOrdered: 36,
      lamportOrderedConcurrent: 15,
      shareOfPairs: 15 / 40,
      shareOfLamportOrdered: 15 / 36,
      interval95: [15 / 40, 15 / 40],
      lamportOrderedConcurrentInRun: 15,
    });
  });

  test('examples: the widest Lamport gaps, lower clock first', async () => {
    const c = measured(await causalityOf(fixtureRun('vectors')));
    expect(c.examples).toEqual([
      {
        a: { vm: 1, tick: 1, lamport: 4, vector: '{"0":3,"1":2}' },
        b: { vm: 0, tick: 9, lamport: 10, vector: '{"0":10,"1":1}' },
      },
      {
        a: { vm: 1, tick: 1, lamport: 4, vector: '{"0":3,"1":2}' },
        b: { vm: 0, tick: 8, lamport: 9, vector: '{"0":9,"1":1}' },
      },
      {
        a: { vm: 1, tick: 2, lamport: 5, vector: '{"0":4,"1":3}' },
        b: { vm: 0, tick: 9, lamport: 10, vector: '{"0":10,"1":1}' },
      },
    ]);
  });

  test('sampled instead (limits lowered): seeded, so the same each time, and near the exact share', async () => {
    const limits = { ...causalityLimits, exactPairLimit: 0, samplePairs: 4000 };
    const c = measured(await causalityOf(fixtureRun('vectors'), limits));
    expect(c).toMatchObject({ method: 'sampled', crossVmPairs: 40, judged: 4000, sampleSeed: 7 });
    expect(c.causallyOrdered + c.concurrent).toBe(4000);
    const [low, high] = c.interval95 ?? [1, 0];
    expect(low).toBeLessThan(15 / 40);
    expect(high).toBeGreaterThan(15 / 40);
    expect(c.lamportOrderedConcurrentInRun).toBe(Math.round((c.shareOfPairs ?? 0) * 40));
    expect(await causalityOf(fixtureRun('vectors'), limits)).toEqual(c);
  });

  test('the terminal lines', async () => {
    const exact = formatCausality(await causalityOf(fixtureRun('vectors')));
    expect(exact[0]).toBe(
      'causality (vector clocks), over every one of the 40 pairs of events on different VMs: 21 causally ordered, 19 concurrent',
    );
    expect(exact[1]).toBe(
      '  Lamport orders 36 of them; 15 of those are concurrent: 37.5% of the pairs, 41.7% of the pairs Lamport orders',
    );
    expect(exact[2]).toBe(
      '  e.g. vm1 tick 1 (lamport 4, {"0":3,"1":2}) and vm0 tick 9 (lamport 10, {"0":10,"1":1}): concurrent, yet lamport 4 < 10',
    );
    const limits = { ...causalityLimits, exactPairLimit: 0, samplePairs: 4000 };
    const sampled = formatCausality(await causalityOf(fixtureRun('vectors'), limits));
    expect(sampled[0]).toMatch(/over a sample of 4000 of the 40 pairs .* \(uniform, seed 7\)/);
    expect(sampled[1]).toMatch(
      /% of the pairs, 95% interval \d+\.\d% - \d+\.\d%, .*; about \d+ such pairs in the run$/,
    );
  });
});

describe('causality where it cannot be measured', () => {
  test('a run from before vector clocks says so', async () => {
    expect(await causalityOf(fixtureRun('basic'))).toEqual({
      available: false,
      why: 'no vector_clock column (a run from before vector clocks)',
    });
    expect(formatCausality(await causalityOf(fixtureRun('basic')))).toEqual([
      'causality: not measured: no vector_clock column (a run from before vector clocks)',
    ]);
  });

  test('a run no VM logged a row in says that, not that it predates vector clocks', async () => {
    expect(await causalityOf(fixtureRun('never-started'))).toEqual({ available: false, why: 'no VM logged a row' });
  });
});

describe('wilson95', () => {
  test('brackets the share, and stays above 0 when none was seen', () => {
    const [low, high] = wilson95(0, 20_000);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(1.92e-4, 5);
    const [l, h] = wilson95(500, 1000);
    expect(l).toBeCloseTo(0.469, 3);
    expect(h).toBeCloseTo(0.531, 3);
  });
});

/** The definition, slowly: every pair of rows on different VMs, compared entry by entry. */
async function referenceCount(dir: string, machines: number) {
  const rows: { vm: number; lamport: number; vector: number[] }[][] = [];
  for (let vm = 0; vm < machines; vm++) {
    const records = parse(await readFile(join(dir, `vm-${vm}.csv`), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    rows.push(
      records.map((r) => {
        const entries = JSON.parse(r.vector_clock ?? '{}') as Record<string, number>;
        const vector = Array.from({ length: machines }, (_, k) => entries[String(k)] ?? 0);
        return { vm, lamport: Number(r.logical_clock), vector };
      }),
    );
  }
  const leq = (x: number[], y: number[]) => x.every((v, k) => v <= (y[k] ?? 0));
  let pairs = 0;
  let concurrent = 0;
  let lamportOrderedConcurrent = 0;
  for (let i = 0; i < machines; i++) {
    for (let j = i + 1; j < machines; j++) {
      for (const a of rows[i] ?? []) {
        for (const b of rows[j] ?? []) {
          pairs += 1;
          if (leq(a.vector, b.vector) || leq(b.vector, a.vector)) continue;
          concurrent += 1;
          if (a.lamport !== b.lamport) lamportOrderedConcurrent += 1;
        }
      }
    }
  }
  return { pairs, concurrent, lamportOrderedConcurrent };
}

describe('causality on a generated 3-VM run of 3,000 rows', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clocklab-causality-'));
    await writeSyntheticRun(dir, { rows: 3000, machines: 3, seed: 5, eventRange: 4 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the exact count agrees with the definition (neither vector <= the other)', async () => {
    const c = measured(await causalityOf(dir));
    const reference = await referenceCount(dir, 3);
    expect(c.method).toBe('exact');
    expect(reference.concurrent).toBeGreaterThan(0);
    expect({
      pairs: c.crossVmPairs,
      concurrent: c.concurrent,
      lamportOrderedConcurrent: c.lamportOrderedConcurrent,
    }).toEqual(reference);
  });

  test("a sample's estimate lands near the exact share", async () => {
    const exact = measured(await causalityOf(dir));
    const sampled = measured(await causalityOf(dir, { ...causalityLimits, exactPairLimit: 0 }));
    expect(sampled).toMatchObject({ method: 'sampled', judged: 20_000, crossVmPairs: exact.crossVmPairs });
    const p = exact.shareOfPairs ?? 0;
    // Four standard errors: a seeded draw, so this either always passes or always fails.
    expect(Math.abs((sampled.shareOfPairs ?? 0) - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 20_000));
  });
});

describe('summary.json', () => {
  test('holds the same causality figure as the analysis', async () => {
    const run = await copyRun('vectors');
    try {
      expect(await analyzeCommand(run.dir, { json: false, summary: true }, { out: () => {}, err: () => {} })).toBe(0);
      const saved = JSON.parse(await readFile(join(run.dir, 'summary.json'), 'utf8')) as RunAnalysis;
      expect(saved.causality).toEqual(await causalityOf(run.dir));
      expect(saved.causality).toMatchObject({ available: true, lamportOrderedConcurrent: 15 });
      expect(saved.method.causality).toMatch(/V\(b\)\[i\] >= V\(a\)\[i\]/);
    } finally {
      await run.remove();
    }
  });
});
