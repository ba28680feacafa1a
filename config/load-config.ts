/**
 * Reading a config file at the edge: read, parse JSON (a key given twice is refused), apply command-line overrides,
 * validate. Every failure is a value with one line per problem, so the CLI can print them and exit 2 before any
 * process starts.
 */

import type { z } from 'zod';
import { readConfigText } from './config-text.js';
import { FaultConfig } from './fault-config.js';
import { fieldPath, formatIssues } from './format-issues.js';
import { parseJsonText } from './json-text.js';
import { NetworkConfig, type RunConfig, RunnableConfig } from './run-config.js';

/** The common knobs a user can override from the command line without editing the config. */
export type ConfigOverrides = {
  machines?: number;
  durationSeconds?: number;
  speed?: number;
  seed?: number;
  clockRate?: { min: number; max: number };
  eventRange?: number;
  basePort?: number;
  engine?: 'processes' | 'sim';
};

/** The flag each override was given by (`--duration` for durationSeconds), to blame a refused value on it. */
export type OverrideFlags = Partial<Record<keyof ConfigOverrides, string>>;

/** Where each override lands in the config. */
const overridePaths: Record<keyof ConfigOverrides, readonly string[]> = {
  machines: ['machines'],
  durationSeconds: ['durationSeconds'],
  speed: ['speed'],
  seed: ['seed'],
  clockRate: ['clockRate'],
  eventRange: ['eventRange'],
  basePort: ['network', 'basePort'],
  engine: ['engine'],
};

export type LoadConfigResult =
  | { ok: true; config: RunConfig }
  | { ok: false; reason: 'unreadable' | 'not-json' | 'duplicate-key' | 'invalid'; problems: string[] };

/**
 * A value an override set and the config refuses is said with the override's flag from `flags`, not the file. `onWait`
 * hears that `file` is a FIFO waiting for a writer (config-text.ts).
 */
export async function loadRunConfig(
  file: string,
  overrides: ConfigOverrides = {},
  flags: OverrideFlags = {},
  onWait?: (line: string) => void,
): Promise<LoadConfigResult> {
  const read = await readConfigText(file, 'config', onWait);
  if (!read.ok) return { ok: false, reason: 'unreadable', problems: [`${file}: ${read.problem}`] };
  const parsed = parseJsonText(read.text);
  if (!parsed.ok)
    return { ok: false, reason: parsed.reason, problems: parsed.problems.map((line) => `${file}: ${line}`) };
  const raw = parsed.value;
  const given = (Object.keys(flags) as (keyof ConfigOverrides)[]).filter((key) => overrides[key] !== undefined);
  return parseRunConfig(applyOverrides(raw, overrides), file, Object.fromEntries(given.map((k) => [k, flags[k]])));
}

/** Each problem is blamed on `label` (the file), or on the flag in `flags` whose override set the field. */
export function parseRunConfig(raw: unknown, label: string, flags: OverrideFlags = {}): LoadConfigResult {
  const result = RunnableConfig.safeParse(raw, { reportInput: true });
  if (result.success) return { ok: true, config: result.data };
  const where = (path: readonly PropertyKey[]): string => {
    for (const [key, flag] of Object.entries(flags)) {
      const at = overridePaths[key as keyof ConfigOverrides];
      if (!at.every((part, i) => path[i] === part)) continue;
      const rest = path.slice(at.length);
      return rest.length === 0 ? flag : `${flag}: ${fieldPath(rest)}`;
    }
    return `${label}: ${fieldPath(path)}`;
  };
  return { ok: false, reason: 'invalid', problems: formatIssues(result.error.issues, where, sectionHint) };
}

/** The config's sections and their own keys: one of them given at the top level is a key put one level too high. */
const sections = { network: NetworkConfig.shape, faults: FaultConfig.shape };

/** `"basePort" goes under "network"` for a section's key given at the top level. */
function sectionHint(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys' || issue.path.length > 0) return undefined;
  const hints = Object.entries(sections).flatMap(([section, shape]) => {
    const keys = issue.keys.filter((key) => Object.hasOwn(shape, key));
    if (keys.length === 0) return [];
    return [`${keys.map((key) => `"${key}"`).join(', ')} ${keys.length === 1 ? 'goes' : 'go'} under "${section}"`];
  });
  return hints.length === 0 ? undefined : hints.join('; ');
}

function applyOverrides(raw: unknown, overrides: ConfigOverrides): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const config: Record<string, unknown> = { ...raw };
  if (overrides.machines !== undefined) config.machines = overrides.machines;
  if (overrides.durationSeconds !== undefined) config.durationSeconds = overrides.durationSeconds;
  if (overrides.seed !== undefined) config.seed = overrides.seed;
  if (overrides.speed !== undefined) config.speed = overrides.speed;
  if (overrides.eventRange !== undefined) config.eventRange = overrides.eventRange;
  if (overrides.engine !== undefined) config.engine = overrides.engine;
  if (overrides.clockRate !== undefined) {
    // A range on the command line replaces whatever rates the file fixed.
    config.clockRate = overrides.clockRate;
    delete config.clockRates;
  }
  if (overrides.basePort !== undefined) {
    const network = typeof config.network === 'object' && config.network !== null ? config.network : {};
    config.network = { ...network, basePort: overrides.basePort };
  }
  return config;
}
