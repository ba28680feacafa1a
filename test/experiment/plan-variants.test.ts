import { describe, expect, test } from '@jest/globals';
import { parseExperimentConfig } from '../../config/parse-experiment.js';
import { planVariants, type VariantOverrides } from '../../experiment/plan-variants.js';

const file = 'exp.json';

/** The variants of an experiment file holding `raw`, its base given inline. */
async function plan(
  raw: { base?: Record<string, unknown> } & Record<string, unknown>,
  overrides: VariantOverrides = {},
) {
  const parsed = parseExperimentConfig(raw, file);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return planVariants(file, raw, parsed.experiment, raw.base ?? {}, overrides);
}

describe("an experiment's variants", () => {
  test("named variants: the base or their own config, their overrides, then the command line's options", async () => {
    const { variants, problems } = await plan(
      {
        base: { machines: 2, eventRange: 7 },
        trials: 3,
        variants: [
          { name: 'from-base', overrides: { eventRange: 8 } },
          { name: 'inline', config: { machines: 4 }, trials: 1 },
        ],
      },
      { speed: 20, durationSeconds: 10 },
    );
    expect(problems).toEqual([]);
    const shapes = variants.map((v) => [v.name, v.config.machines, v.config.eventRange, v.config.speed, v.trials]);
    expect(shapes).toEqual([
      ['from-base', 2, 8, 20, 3],
      ['inline', 4, 10, 20, 1],
    ]);
    expect(variants.every((v) => v.config.durationSeconds === 10)).toBe(true);
  });

  test("--trials is every variant's, named or swept", async () => {
    const { variants } = await plan(
      { variants: [{ name: 'a', trials: 2 }], sweep: { eventRange: [3, 5] } },
      { trials: 4 },
    );
    expect(variants.map((v) => [v.name, v.trials])).toEqual([
      ['a', 4],
      ['eventrange-3', 4],
      ['eventrange-5', 4],
    ]);
  });

  test("a value a flag set is blamed on the flag, and a variant's own on the variant", async () => {
    const { problems } = await plan(
      { variants: [{ name: 'a' }, { name: 'b', overrides: { eventRange: 1 } }] },
      { speed: 5000 },
    );
    expect(problems).toEqual([
      '--speed: found 5000; allowed: a value <= 1000',
      `${file}: variant "b" (variants[1]): eventRange: found 1; allowed: a value >= 3`,
      '--speed: found 5000; allowed: a value <= 1000',
    ]);
  });

  test("a sweep point that takes a named variant's name is refused, naming the point", async () => {
    const { variants, problems } = await plan({
      variants: [{ name: 'eventrange-5' }],
      sweep: { eventRange: [3, 5] },
    });
    expect(variants.map((v) => [v.name, v.sweepValues])).toEqual([
      ['eventrange-5', undefined],
      ['eventrange-3', { eventRange: 3 }],
    ]);
    expect(problems).toEqual([
      `${file}: sweep point eventRange=5 ("eventrange-5"): name: found "eventrange-5"; allowed: a name no named variant has`,
    ]);
  });
});
