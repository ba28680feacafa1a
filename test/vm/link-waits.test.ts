/** A mesh's waits on its links: looked at again on each change, bounded by the connect timeout, ended by a close. */
import { describe, expect, test } from '@jest/globals';
import { LinkWaits } from '../../vm/link-waits.js';

describe('LinkWaits', () => {
  test('the wait for peers to dial in ends once none is missing, looked at on each change', async () => {
    const waits = new LinkWaits();
    const missing = [1, 2];
    const dialedIn = waits.untilDialedIn(() => missing, Date.now() + 60_000);
    missing.pop();
    waits.changed();
    missing.pop();
    waits.changed();
    expect(await dialedIn).toEqual({ ok: true });
    // Done: the mesh's close later has no wait left to end.
    waits.close();
  });

  test('past its deadline it names the peers that never dialed in', async () => {
    const waits = new LinkWaits();
    expect(await waits.untilDialedIn(() => [2, 3], Date.now())).toEqual({
      ok: false,
      reason: 'peer-timeout',
      detail: 'VM 2, VM 3 never connected in',
    });
  });

  test('a close while peers are still missing ends the wait at once (no timer keeps the VM alive)', async () => {
    const waits = new LinkWaits();
    const dialedIn = waits.untilDialedIn(() => [1], Date.now() + 60_000);
    waits.close();
    expect(await dialedIn).toEqual({ ok: false, reason: 'peer-timeout', detail: 'the mesh was closed' });
  });

  test('the wait for the end ends once done holds, looked at on each change', async () => {
    const waits = new LinkWaits();
    let finished = 0;
    let ended = false;
    const end = waits
      .until(() => finished === 2)
      .then(() => {
        ended = true;
      });
    finished = 1;
    waits.changed();
    await Promise.resolve();
    expect(ended).toBe(false);
    finished = 2;
    waits.changed();
    await end;
    expect(ended).toBe(true);
  });
});
