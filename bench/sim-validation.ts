/**
 * The sim engine judged against real processes: the same experiment (same variants, seeds and speed) run under both
 * engines, then per variant the figures the notebook's claims rest on side by side: the real trials' mean, spread
 * and range beside the simulated trials'. "Inside" means the sim's mean lies within the real trials' range.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MeasuredLatency } from '../sim/latency-fit.js';
import { measuredWake } from '../sim/measured-wake.js';
import type { MeasuredWake } from '../sim/wake-fit.js';

type Spread = { n: number; mean: number | null; sd: number | null; min: number | null; max: number | null };
type StudySummary = { variants: { name: string; figures: Record<string, Spread> }[] };

export const comparedFigures = [
  { key: 'jumpMean', label: 'jump mean' },
  { key: 'queueMean', label: 'queue mean' },
  { key: 'driftMean', label: 'drift mean' },
  { key: 'gapShare', label: 'gap share' },
] as const;

export type Comparison = { variant: string; figure: string; real: Spread; sim: Spread; inside: boolean };

export async function readStudy(dir: string): Promise<StudySummary> {
  return JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as StudySummary;
}

export function compareStudies(real: StudySummary, sim: StudySummary): Comparison[] {
  return real.variants.flatMap((variant) => {
    const simulated = sim.variants.find((v) => v.name === variant.name);
    return comparedFigures.map(({ key, label }) => {
      const empty: Spread = { n: 0, mean: null, sd: null, min: null, max: null };
      const r = variant.figures[key] ?? empty;
      const s = simulated?.figures[key] ?? empty;
      const inside = r.min !== null && r.max !== null && s.mean !== null && s.mean >= r.min && s.mean <= r.max;
      return { variant: variant.name, figure: label, real: r, sim: s, inside };
    });
  });
}

const num = (x: number | null) => (x === null ? '-' : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const spreadText = (s: Spread) => `${num(s.mean)} ± ${num(s.sd)}`;

/** One line per variant and figure: `original  jump mean  real 2.26 ± 0.29 [1.82, 2.58]  sim 2.25 ± 0.35  inside`. */
export function formatComparison(rows: readonly Comparison[]): string {
  const cells = rows.map((c) => [
    c.variant,
    c.figure,
    `${spreadText(c.real)} [${num(c.real.min)}, ${num(c.real.max)}]`,
    spreadText(c.sim),
    c.inside ? 'inside' : 'OUTSIDE',
  ]);
  const header = ['variant', 'figure', 'real: mean ± sd [min, max]', 'sim: mean ± sd', 'sim mean in real range'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}

/** Each trial folder of a study (variant/trial-N): real run folders. */
async function trialDirs(studyDir: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const variant of await readdir(studyDir, { withFileTypes: true })) {
    if (!variant.isDirectory() || variant.name.startsWith('.')) continue;
    for (const trial of await readdir(join(studyDir, variant.name))) dirs.push(join(studyDir, variant.name, trial));
  }
  return dirs;
}

/** Every VM's measured latency figures in a study's trial folders (for the latency model's refit). */
export async function measuredLatencies(studyDir: string): Promise<MeasuredLatency[]> {
  const found: MeasuredLatency[] = [];
  for (const dir of await trialDirs(studyDir)) {
    const text = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => '');
    if (text === '') continue;
    const manifest = JSON.parse(text) as { vms: { latency?: MeasuredLatency }[] };
    for (const vm of manifest.vms) if (vm.latency !== undefined) found.push(vm.latency);
  }
  return found;
}

/** How late every VM's ticks ran in a study's trial folders (for the wake-up model's refit). */
export async function measuredWakes(studyDir: string): Promise<MeasuredWake[]> {
  const found: MeasuredWake[] = [];
  for (const dir of await trialDirs(studyDir)) {
    const read = await measuredWake(dir);
    if (read.ok) found.push(...read.vms);
  }
  return found;
}
