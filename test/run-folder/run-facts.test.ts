/** The predicates on a run's facts that analysis and check share, on facts read from fixture runs' manifests. */
import { describe, expect, test } from '@jest/globals';
import { launcherEndPhrase, stoppedBeforeEnd, wasKilled } from '../../run-folder/run-facts.js';
import { readRunManifest } from '../../run-folder/run-manifest.js';
import { fixtureRun } from '../analysis/fixture-runs.js';

describe('stoppedBeforeEnd', () => {
  test('a failed or interrupted run, a VM that did not exit cleanly, or one stopped early', async () => {
    const result = await readRunManifest(fixtureRun('ended-early'));
    if (!result.ok) throw new Error(result.detail);
    const [vm0, vm1] = result.facts.vms;
    if (vm0 === undefined || vm1 === undefined) throw new Error('fixture has two VMs');
    expect(stoppedBeforeEnd(result.facts, vm1)).toBe(true);
    expect(stoppedBeforeEnd(result.facts, vm0)).toBe(true);
    expect(stoppedBeforeEnd({ ...result.facts, status: 'ok' }, vm0)).toBe(false);
  });
});

describe('wasKilled', () => {
  test('a VM with an injected kill, restarted or not; none for a VM without, or one past the list', async () => {
    const result = await readRunManifest(fixtureRun('basic'));
    if (!result.ok) throw new Error(result.detail);
    const facts = {
      ...result.facts,
      kills: [
        { kills: 0, restarts: [] },
        { kills: 1, restarts: ['kept' as const] },
      ],
    };
    expect([0, 1, 2].map((id) => wasKilled(facts, id))).toEqual([false, true, false]);
  });
});

describe('launcherEndPhrase', () => {
  test('a launcher that died holding its claim, or one that ended having released it', () => {
    expect(launcherEndPhrase('died')).toBe('died before writing it');
    expect(launcherEndPhrase('ended')).toBe('ended without writing it (its write failed, or its claim was removed)');
  });
});
