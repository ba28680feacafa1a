/**
 * Whether a run on a folder resumes the experiment its plan.json records, or would be another experiment written over
 * it. The same experiment has the same name, base seed, variants, and variant configs (speed, duration and engine
 * included); it may run with another --parallel and another number of trials (`--trials 8` adds trials 6-8; a
 * smaller one leaves the trials past it on disk, outside the summary, for a larger one to take back as they are),
 * and reword its description or claims, which only judge the same trials. Anything else would rewrite the plan and
 * the summaries of trials it does not own, so it is refused.
 */
import { z } from 'zod';
import { configDifferences } from './config-difference.js';
import type { ExperimentPlan } from './experiment-plan.js';

/** What of plan.json tells one experiment from another; other keys are not read. */
export const StoredPlan = z.object({
  name: z.string(),
  seed: z.number().int(),
  variants: z.array(z.object({ name: z.string(), config: z.record(z.string(), z.unknown()) })),
});
export type StoredPlan = z.infer<typeof StoredPlan>;

/** A sweep changed at once differs in a hundred variants: the line names the first few. */
const shown = 6;

/** Each way `now` is not a resume of `was`, as `what <was>, now <now>`; none for a resume. */
export function planDifferences(was: StoredPlan, now: ExperimentPlan): string[] {
  const differences: string[] = [];
  if (was.name !== now.name) differences.push(`name ${was.name}, now ${now.name}`);
  if (was.seed !== now.seed) differences.push(`seed ${was.seed}, now ${now.seed}`);
  const wasNames = new Set(was.variants.map((v) => v.name));
  const nowByName = new Map(now.variants.map((v) => [v.name, v]));
  const gone = was.variants.filter((v) => !nowByName.has(v.name)).map((v) => v.name);
  const added = now.variants.filter((v) => !wasNames.has(v.name)).map((v) => v.name);
  if (gone.length > 0) differences.push(`${variantNames(gone)} not in this run`);
  if (added.length > 0) differences.push(`${variantNames(added)} not in the plan`);

  // Each config difference once, with the variants it is in: `speed 20, now 1 (every variant)`.
  const kept = was.variants.flatMap((v) => {
    const planned = nowByName.get(v.name);
    return planned === undefined ? [] : [{ name: v.name, was: v, now: planned }];
  });
  const inVariants = new Map<string, string[]>();
  for (const { name, was: wasVariant, now: nowVariant } of kept) {
    const changes = configDifferences(wasVariant.config, nowVariant.config);
    for (const change of changes) inVariants.set(change, [...(inVariants.get(change) ?? []), name]);
  }
  for (const [change, names] of inVariants) {
    const where = names.length === kept.length && names.length > 1 ? 'every variant' : variantNames(names);
    differences.push(`${change} (${where})`);
  }
  if (differences.length <= shown) return differences;
  return [...differences.slice(0, shown), `and ${differences.length - shown} more`];
}

function variantNames(names: string[]): string {
  const listed = names.length > shown ? [...names.slice(0, shown), `${names.length - shown} more`] : names;
  return `variant${names.length > 1 ? 's' : ''} ${listed.join(', ')}`;
}
