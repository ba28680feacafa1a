/**
 * The sim's ticks wake a drawn lateness after their deadlines (sim/wake-model.ts): at most half a period, the same
 * bytes for the same plan, and the race real processes run at a deadline two VMs share: a copy sent at the instant
 * reaches the peer before its own late tick, which takes it at once.
 */
import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { csvColumns } from '../../run-folder/csv-columns.js';
import type { LogNormalParams } from '../../sim/log-normal.js';
import type { SimPlan } from '../../sim/sim-plan.js';
import { simulate } from '../../sim/simulate.js';

const latency: LogNormalParams = { shiftUs: 100, mu: Math.log(200), sigma: 0.5 };
const wake: LogNormalParams = { shiftUs: 0, mu: Math.log(2000), sigma: 0.8 };

const plan = (overrides: Partial<SimPlan> = {}): SimPlan => ({
  machines: 2,
  realRates: [10, 10],
  eventRange: 5,
  seed: 5,
  durationMs: 30_000,
  speed: 1,
  faults: undefined,
  latency,
  wake,
  epochMs: Date.UTC(2000, 0, 1),
  latencyFigures: false,
  ...overrides,
});

async function rowsOf(p: SimPlan) {
  const lines: string[][] = p.realRates.map(() => []);
  await simulate(p, (vm, line) => lines[vm]?.push(line));
  const text = lines.map((vmLines) => vmLines.join(''));
  const rows = text.map((t) => parse(t, { columns: [...csvColumns] }) as Record<string, string>[]);
  return { text, rows };
}

/** Receives that took a copy sent at the receiver's own deadline (both VMs at one rate: the same tick number). */
function takenAtTheSharedDeadline(rows: Record<string, string>[][]): number {
  const sentAtTick = new Map<string, number>();
  for (const row of rows.flat()) if (row.event === 'send') sentAtTick.set(row.msg_id ?? '', Number(row.tick));
  return rows.flat().filter((row) => row.event === 'receive' && sentAtTick.get(row.msg_id ?? '') === Number(row.tick))
    .length;
}

describe('wake-up lateness in the simulation', () => {
  test('each tick runs after its deadline by at most half a period, not all at it', async () => {
    const { rows } = await rowsOf(plan({ realRates: [10, 40] }));
    for (const [vm, vmRows] of rows.entries()) {
      const period = 1000 / (plan({ realRates: [10, 40] }).realRates[vm] ?? 1);
      const lateness = vmRows.map((row) => Number(row.elapsed_ms) - Number(row.tick) * period);
      expect(lateness.length).toBe(300 * (vm === 0 ? 1 : 4));
      expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-0.0005);
      expect(Math.max(...lateness)).toBeLessThanOrEqual(period / 2 + 0.0005);
      expect(lateness.filter((ms) => ms > 0.1).length).toBeGreaterThan(lateness.length / 2);
    }
  });

  test('at a rate whose half period is under most draws, the model is truncated there, not piled up on it', async () => {
    const { rows } = await rowsOf(plan({ realRates: [2000, 2000], durationMs: 1000 }));
    const lateness = rows.flat().map((row) => Number(row.elapsed_ms) - Number(row.tick) * 0.5);
    expect(Math.max(...lateness)).toBeLessThanOrEqual(0.25 + 0.0005);
    // elapsed_ms has microseconds: a clamp would put most ticks at exactly 0.250 ms.
    expect(lateness.filter((ms) => Math.abs(ms - 0.25) < 0.0005).length).toBeLessThan(lateness.length / 50);
    expect(new Set(lateness.map((ms) => ms.toFixed(3))).size).toBeGreaterThan(100);
  });

  test('the same plan gives the same bytes; the lateness draws leave the rates and tick counts alone', async () => {
    const a = await rowsOf(plan());
    const b = await rowsOf(plan());
    expect(a.text).toEqual(b.text);
    const exact = await rowsOf(plan({ wake: undefined }));
    expect(exact.rows.map((r) => r.length)).toEqual(a.rows.map((r) => r.length));
    expect(exact.text).not.toEqual(a.text);
  });

  test("a copy sent at a shared deadline is taken by the peer's late tick at that deadline, as on processes", async () => {
    expect(takenAtTheSharedDeadline((await rowsOf(plan())).rows)).toBeGreaterThan(5);
    // Ticks exactly at their deadlines: the copy always lands after the peer's tick.
    expect(takenAtTheSharedDeadline((await rowsOf(plan({ wake: undefined }))).rows)).toBe(0);
  });
});
