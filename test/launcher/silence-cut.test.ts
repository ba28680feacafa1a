import { describe, expect, test } from '@jest/globals';
import { SilenceRecord } from '../../launcher/silence-cut.js';
import { keepAliveMs, silentChannelMs } from '../../shared/remote-messages.js';

describe('remote VMs that stopped having heard nothing from the launcher', () => {
  test('none did: nothing to say, whatever the launcher went through', () => {
    expect(new SilenceRecord(() => 60_000).cut()).toBeUndefined();
  });

  test('the launcher stood still long enough to leave them unheard: interrupted, one line naming each host once', () => {
    const record = new SilenceRecord(() => 42_400);
    record.unheard('h2', 1, 10_004, 60_000);
    record.unheard('h1', 0, 10_001, 60_001);
    record.unheard('h2', 3, 10_000, 60_002);
    expect(record.cut()).toEqual({
      failure: {
        reason: 'suspended',
        detail:
          'the launcher was stopped or stalled for 42 s; VMs on hosts h1, h2 stop after 10 s without word from ' +
          'it, so the run stopped early',
      },
      sinceEpochMs: 60_000 - 10_004,
    });
  });

  test('one host: named as one', () => {
    const record = new SilenceRecord(() => silentChannelMs);
    record.unheard('h3', 2, 10_000, 5_000);
    expect(record.cut()?.failure.detail).toMatch(/; VMs on host h3 stop after 10 s/);
  });

  test('the launcher never stood still that long (its writes lost on the way): the run failed, naming the VMs', () => {
    const record = new SilenceRecord(() => silentChannelMs - keepAliveMs - 1);
    record.unheard('h2', 1, 10_000, 30_000);
    expect(record.cut()?.failure).toEqual({
      reason: 'unheard',
      detail:
        'VM 1 on host h2 heard nothing from the launcher for 10 s and stopped early (the network to them stalled?)',
    });
  });
});
