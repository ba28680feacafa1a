import { expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import type { Trial } from '../../experiment/experiment-plan.js';
import { exitCodeOf, type TrialOutcome } from '../../experiment/trial-outcome.js';
import { exitCodes } from '../../shared/exit-codes.js';

const trial: Trial = {
  ...{ variant: 'a', k: 1, of: 1, seed: 1, dir: '/x/a/trial-1', runId: 'x', realDurationMs: 1000 },
  config: { ...RunConfig.parse({}), seed: 1 },
};
const ok: TrialOutcome = { trial, status: 'ok' };
const failed: TrialOutcome = { trial, status: 'failed', detail: 'VM 1 died' };
const interrupted: TrialOutcome = { trial, status: 'interrupted', detail: 'not started' };
const planted: TrialOutcome = { trial, status: 'planted', detail: 'a link' };

test('the exit code: a planted link beats interrupted beats failed beats ok', () => {
  expect(exitCodeOf([ok, ok])).toBe(exitCodes.ok);
  expect(exitCodeOf([ok, failed])).toBe(exitCodes.failed);
  expect(exitCodeOf([failed, interrupted])).toBe(exitCodes.interrupted);
  expect(exitCodeOf([interrupted, planted, failed])).toBe(exitCodes.usage);
});
