/**
 * Reading an experiment file's JSON against its schema (experiment-config.ts): one line per problem, each naming the
 * variant it is in, and what is left to check further once the variants it refused are set aside.
 */
import { ExperimentConfig } from './experiment-config.js';
import { formatIssues } from './format-issues.js';

/**
 * `kept`, when the file was refused for some variants alone: the experiment without them, and where each variant it
 * kept stands in the file, so the kept ones are checked further (as run configs) in the same pass.
 */
export type ParseExperimentResult =
  | { ok: true; experiment: ExperimentConfig }
  | { ok: false; problems: string[]; kept?: { experiment: ExperimentConfig; at: number[] } };

/**
 * One line per problem; a problem inside a variant names the variant: `variant "fast" (variants[1]): trials: ...`.
 * A variant refused is set aside and the rest parsed again, until none is: a variant of the wrong shape
 * (`overrides: null`) stops zod before the whole file's checks (names, seed overrides) and hid every other
 * variant's problems until it was fixed. Later rounds skip the variants array's own lines (set aside, it may be
 * empty): the file's, as written, was judged in the first.
 */
export function parseExperimentConfig(raw: unknown, label: string): ParseExperimentResult {
  const written = (raw as { variants?: unknown } | null)?.variants;
  let at = Array.isArray(written) ? written.map((_, i) => i) : [];
  const problems = new Set<string>();
  for (let round = 0; ; round += 1) {
    const input = Array.isArray(written) ? { ...(raw as object), variants: at.map((i) => written[i]) } : raw;
    const result = ExperimentConfig.safeParse(input, { reportInput: true });
    if (result.success) {
      if (problems.size === 0) return { ok: true, experiment: result.data };
      return { ok: false, problems: [...problems], kept: { experiment: result.data, at } };
    }
    const refused = new Set<number>();
    for (const issue of result.error.issues) {
      const [head, index, ...rest] = issue.path;
      if (round > 0 && head === 'variants' && index === undefined) continue;
      const variant = head === 'variants' && typeof index === 'number' ? (at[index] ?? index) : undefined;
      if (variant !== undefined) refused.add(index as number);
      const inVariant = variant !== undefined && rest.length > 0;
      const where = inVariant ? `${variantLabel(raw, variant)}: ` : '';
      const path = inVariant ? rest : variant !== undefined ? ['variants', variant] : issue.path;
      const line = formatIssues([{ ...issue, path }]).join('');
      problems.add(
        `${label}: ${where}${line.replace('only the keys in config/schema.json', 'only the keys of an experiment file (README, Experiments)')}`,
      );
    }
    if (refused.size === 0) return { ok: false, problems: [...problems] };
    at = at.filter((_, k) => !refused.has(k));
  }
}

/** `variant "name" (variants[i])`, or just `variants[i]` when the raw entry has no usable name. */
export function variantLabel(raw: unknown, index: number): string {
  const variants = (raw as { variants?: unknown } | null)?.variants;
  const entry = Array.isArray(variants) ? (variants[index] as { name?: unknown } | undefined) : undefined;
  const name = entry?.name;
  return typeof name === 'string' && name !== '' ? `variant "${name}" (variants[${index}])` : `variants[${index}]`;
}
