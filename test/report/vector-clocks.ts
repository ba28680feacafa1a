/**
 * Test helper: gives a run folder's CSVs the `vector_clock` column the VMs are about to write, computed from the
 * rows themselves (each event ticks its own component; a receive first merges the vector its send carried), so the
 * report's causal highlight can be tested on real runs now. A CSV that already has the column is left alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

type Row = Record<string, string>;

/** Compact JSON keyed by VM id, zeros left out: {"0":3,"1":5}. */
export const compactVector = (vc: readonly number[]): string =>
  JSON.stringify(Object.fromEntries(vc.flatMap((v, k) => (v === 0 ? [] : [[String(k), v]]))));

export async function addVectorClocks(dir: string, machines: number): Promise<void> {
  const files = Array.from({ length: machines }, (_, vm) => join(dir, `vm-${vm}.csv`));
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  if (texts.some((text) => text.slice(0, text.indexOf('\n')).includes('vector_clock'))) return;
  const rows = texts.map((text) => parse(text, { columns: true }) as Row[]);
  const carried = new Map<string, number[]>();
  const clocks = rows.map(() => new Array<number>(machines).fill(0));
  const next = rows.map(() => 0);
  const stamped = rows.map(() => [] as string[]);
  // Rows in time order, but a receive never before its send (clocks of two processes may disagree by a hair).
  for (;;) {
    let pick = -1;
    for (let vm = 0; vm < machines; vm++) {
      const row = rows[vm]?.[next[vm] ?? 0];
      if (row === undefined || (row.event === 'receive' && !carried.has(row.msg_id ?? ''))) continue;
      const best = rows[pick]?.[next[pick] ?? 0];
      if (best === undefined || Number(row.elapsed_ms) < Number(best.elapsed_ms)) pick = vm;
    }
    if (pick < 0) {
      // Only receives of sends that are not in the logs are left: they carry nothing.
      pick = rows.findIndex((r, vm) => (next[vm] ?? 0) < r.length);
      if (pick < 0) break;
      carried.set(rows[pick]?.[next[pick] ?? 0]?.msg_id ?? '', new Array<number>(machines).fill(0));
      continue;
    }
    const row = rows[pick]?.[next[pick] ?? 0] as Row;
    const vc = clocks[pick] as number[];
    if (row.event === 'receive') {
      for (const [k, v] of (carried.get(row.msg_id ?? '') ?? []).entries()) vc[k] = Math.max(vc[k] ?? 0, v);
    }
    vc[pick] = (vc[pick] ?? 0) + 1;
    if (row.event === 'send') carried.set(row.msg_id ?? '', [...vc]);
    stamped[pick]?.push(compactVector(vc));
    next[pick] = (next[pick] ?? 0) + 1;
  }
  await Promise.all(
    files.map((file, vm) => {
      const records = (rows[vm] ?? []).map((row, i) => [...Object.values(row), stamped[vm]?.[i] ?? '{}']);
      const header = texts[vm]?.slice(0, texts[vm]?.indexOf('\n')) ?? '';
      return writeFile(file, `${header},vector_clock\n${stringify(records)}`);
    }),
  );
}
