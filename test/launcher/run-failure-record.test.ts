/** Which failure a run ends with: the first met, unless a second signal's kill in the stop's lead or a silence overrules it. */
import { describe, expect, test } from '@jest/globals';
import { killedBeforeTheStop } from '../../launcher/early-stop.js';
import { RunFailureRecord } from '../../launcher/run-failure-record.js';

/** A record on a clock the test sets, counting how often it woke the phases. */
function recordAt() {
  const clock = { now: 1000 };
  const woke: number[] = [];
  const record = new RunFailureRecord(
    () => clock.now,
    () => woke.push(clock.now),
  );
  return { clock, woke, record };
}

const vmExited = { reason: 'vm-exited', detail: 'VM 1 exited with code 1 before the run ended' } as const;
const unheard = { reason: 'unheard', detail: 'VM 2 on host h2 heard nothing from the launcher' } as const;

describe('the failure a run ends with', () => {
  test('the first one met stays, and wakes the phases once', () => {
    const { clock, woke, record } = recordAt();
    expect(record.failure).toBeUndefined();
    record.fail(vmExited);
    clock.now = 2000;
    record.fail({ reason: 'finish-timeout', detail: 'later' });
    expect([record.failure, woke]).toEqual([vmExited, [1000]]);
  });

  test('a second signal: killed at its first instant; killed in the lead, the stop it told was never reached', () => {
    const { clock, record } = recordAt();
    record.fail({ reason: 'interrupted', detail: 'interrupted' });
    record.killed();
    clock.now = 3000;
    record.killed();
    expect([record.killedAt, record.failure?.reason]).toEqual([1000, 'interrupted']);
    record.killedInLead();
    expect(record.failure).toEqual({ reason: 'killed', detail: killedBeforeTheStop });
  });

  test('a silence overrules a failure met after it began, or none; not one met before it', () => {
    const { record } = recordAt();
    record.blameSilence(undefined);
    expect(record.failure).toBeUndefined();
    record.blameSilence({ failure: unheard, sinceEpochMs: 500 });
    expect(record.failure).toEqual(unheard);
    const before = recordAt();
    before.record.fail(vmExited);
    before.record.blameSilence({ failure: unheard, sinceEpochMs: 1500 });
    expect(before.record.failure).toEqual(vmExited);
    const after = recordAt();
    after.record.fail(vmExited);
    after.record.blameSilence({ failure: unheard, sinceEpochMs: 900 });
    expect(after.record.failure).toEqual(unheard);
  });
});
