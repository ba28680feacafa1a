/**
 * A variant's run config: its source (the experiment's base, or the variant's own config) with its overrides set on
 * top, then validated by the RunConfig schema itself, so a variant is refused for exactly what `launcher run` would
 * refuse, with the variant's name on every line.
 */
import { dirname, resolve } from 'node:path';
import { readConfigText } from '../config/config-text.js';
import { parseJsonText } from '../config/json-text.js';
import { type OverrideFlags, parseRunConfig } from '../config/load-config.js';
import type { RunConfig } from '../config/run-config.js';

export type RawConfig = Record<string, unknown>;

export type ConfigSource = string | RawConfig;

export type ReadSourceResult = { ok: true; raw: RawConfig } | { ok: false; problems: string[] };

/** A path is read relative to the experiment file; an inline object is taken as it is. */
export async function readConfigSource(source: ConfigSource, experimentFile: string): Promise<ReadSourceResult> {
  if (typeof source !== 'string') return { ok: true, raw: source };
  const file = resolve(dirname(experimentFile), source);
  const read = await readConfigText(file);
  if (!read.ok) return { ok: false, problems: [`${source}: ${read.problem}`] };
  const parsed = parseJsonText(read.text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((line) => `${source}: ${line}`) };
  const raw = parsed.value;
  if (isObject(raw)) return { ok: true, raw };
  return {
    ok: false,
    problems: [`${source}: found ${Array.isArray(raw) ? 'an array' : typeof raw}; allowed: an object`],
  };
}

/**
 * Top-level keys of `overrides` replace the source's; `network` merges key by key; a `clockRate` drops the source's
 * `clockRates` and a `clockRates` drops its `clockRate` (a variant says how rates are chosen, not both ways).
 */
export function applyOverrides(source: RawConfig, overrides: RawConfig): RawConfig {
  const merged: RawConfig = { ...source };
  delete merged.$schema;
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'clockRate') delete merged.clockRates;
    if (key === 'clockRates') delete merged.clockRate;
    merged[key] =
      key === 'network' && isObject(value) && isObject(merged.network) ? { ...merged.network, ...value } : value;
  }
  return merged;
}

export type VariantConfigResult = { ok: true; config: RunConfig } | { ok: false; problems: string[] };

/**
 * `label` starts every problem line, e.g. `experiment.json: variant "fast" (variants[1])`, except a value set by a
 * command-line flag in `flags`: that line names the flag, as `launcher run` does.
 */
export function validateVariantConfig(
  merged: RawConfig,
  label: string,
  flags: OverrideFlags = {},
): VariantConfigResult {
  const parsed = parseRunConfig(merged, label, flags);
  if (parsed.ok) {
    const { $schema: _, ...config } = parsed.config;
    return { ok: true, config };
  }
  return { ok: false, problems: parsed.problems };
}

function isObject(value: unknown): value is RawConfig {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
