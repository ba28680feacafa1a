import { describe, expect, test } from '@jest/globals';
import { parseRunConfig } from '../../config/load-config.js';
import type { RunConfig } from '../../config/run-config.js';
import { manualRunId } from '../../vm/manual-run-id.js';

function config(raw: object): RunConfig {
  const loaded = parseRunConfig({ machines: 3, clockRates: [1, 2, 3], durationSeconds: 10, ...raw }, 'test.json');
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
}

describe('manualRunId', () => {
  test('every terminal derives the same id from the same config; any field, the seed too, changes it', () => {
    const id = manualRunId(config({}));
    expect(id).toMatch(/^manual-[0-9a-f]{12}$/);
    expect(manualRunId(config({}))).toBe(id);
    expect(manualRunId(config({ durationSeconds: 11 }))).not.toBe(id);
    expect(manualRunId(config({ seed: 4 }))).not.toBe(manualRunId(config({ seed: 5 })));
  });
});
