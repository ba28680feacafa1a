/**
 * A sweep: `{ "eventRange": [3, 5], "clockRate.max": [2, 4] }` becomes one variant per point of the grid, in the
 * order the keys are written (the last key varies fastest), each named from its values (`eventrange-3-clockrate-max-2`)
 * and carrying them as `sweepValues`. A point's config is the base with each key path set to its value.
 */
import type { SweepValue } from '../config/experiment-config.js';
import type { RawConfig } from './variant-config.js';

export type SweepValues = Record<string, SweepValue>;

export type SweepPoint = { name: string; values: SweepValues };

export function sweepPoints(sweep: Readonly<Record<string, readonly SweepValue[]>>): SweepPoint[] {
  let points: SweepValues[] = [{}];
  for (const [key, values] of Object.entries(sweep)) {
    points = points.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  }
  return points.map((values) => ({ name: pointName(values), values }));
}

/** Folder-safe: `clockRate.max` 2.5 -> `clockrate-max-2p5`; -1 -> `m1`. */
export function pointName(values: SweepValues): string {
  const part = (text: string) =>
    text
      .toLowerCase()
      .replace(/\./g, 'p')
      .replace(/^-/, 'm')
      .replace(/[^a-z0-9]+/g, '-');
  return Object.entries(values)
    .map(([key, value]) => `${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${part(String(value))}`)
    .join('-')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** `clockRate.max=2, eventRange=3`: how an error line names the point. */
export const pointLabel = (values: SweepValues): string =>
  Object.entries(values)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ');

/**
 * The base with each key path set. A path through `clockRate` drops `clockRates` (as an override does) and starts
 * from the base's range, so `clockRate.max` alone keeps the base's minimum.
 */
export function applySweepPoint(base: RawConfig, values: SweepValues, defaults: RawConfig): RawConfig {
  const config = structuredClone(base);
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.');
    const [top] = keys;
    if (top === 'clockRate') delete config.clockRates;
    if (top === 'clockRates') delete config.clockRate;
    let target: RawConfig = config;
    for (const [i, key] of keys.entries()) {
      if (i === keys.length - 1) {
        target[key] = value;
        break;
      }
      const next = target[key] ?? (i === 0 ? structuredClone(defaults[key]) : undefined) ?? {};
      target[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
      target = target[key] as RawConfig;
    }
  }
  return config;
}
