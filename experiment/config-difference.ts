/**
 * How two run configs differ, key by key, as `key <was>, now <now>`: what tells a resumed trial or variant from
 * another one. Key order never makes two equal configs differ, and no `engine` is the processes engine (a run with
 * `--engine processes` is the same as one without).
 */

export function configDifferences(was: object, now: object): string[] {
  const [left, right] = [withEngine(was), withEngine(now)];
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => key !== '$schema');
  return keys
    .filter((key) => canonical(left[key]) !== canonical(right[key]))
    .sort()
    .map((key) => `${key} ${canonical(left[key])}, now ${canonical(right[key])}`);
}

function withEngine(config: object): Record<string, unknown> {
  const engine = (config as { engine?: unknown }).engine;
  return { ...config, engine: engine ?? 'processes' };
}

/** JSON with object keys sorted. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
