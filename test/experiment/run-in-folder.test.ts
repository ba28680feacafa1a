import { describe, expect, test } from '@jest/globals';
import { laterAbort } from '../../experiment/run-in-folder.js';

describe('laterAbort', () => {
  test('an abort after the call aborts it: a Ctrl-C once the trial VMs ended cuts the end wait', () => {
    const ctrlC = new AbortController();
    const cut = laterAbort(ctrlC.signal);
    expect(cut.aborted).toBe(false);
    ctrlC.abort();
    expect(cut.aborted).toBe(true);
  });

  test('an abort before it does not: the Ctrl-C that stopped the trial VMs leaves its end wait to a second one', () => {
    const ctrlC = new AbortController();
    ctrlC.abort();
    expect(laterAbort(ctrlC.signal).aborted).toBe(false);
  });
});
