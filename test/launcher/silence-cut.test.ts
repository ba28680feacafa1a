import { describe, expect, test } from '@jest/globals';
import { type EpochWindow, watchStalls } from '../../launcher/launcher-stall.js';
import { SilenceRecord } from '../../launcher/silence-cut.js';
import { keepAliveMs, silentChannelMs } from '../../shared/remote-messages.js';
import { FakeTimer } from '../fake-timer.js';

/** The launcher stood still through these epoch intervals: the longest overlapping a window, as launcher-stall.ts. */
function stoodStill(...stalls: EpochWindow[]) {
  return (during: EpochWindow) =>
    Math.max(
      0,
      ...stalls
        .filter((s) => s.fromEpochMs <= during.toEpochMs && s.toEpochMs >= during.fromEpochMs)
        .map((s) => s.toEpochMs - s.fromEpochMs),
    );
}

describe('remote VMs that stopped having heard nothing from the launcher', () => {
  test('none did: nothing to say, whatever the launcher went through', () => {
    expect(new SilenceRecord(stoodStill({ fromEpochMs: 0, toEpochMs: 60_000 })).cut()).toBeUndefined();
  });

  test('the launcher stood still through their silence: interrupted, one line naming each host once', () => {
    const record = new SilenceRecord(stoodStill({ fromEpochMs: 17_600, toEpochMs: 60_000 }));
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
    const record = new SilenceRecord(stoodStill({ fromEpochMs: 0, toEpochMs: silentChannelMs }));
    record.unheard('h3', 2, 10_000, 5_000);
    expect(record.cut()?.failure.detail).toMatch(/; VMs on host h3 stop after 10 s/);
  });

  test('the launcher never stood still that long (its writes lost on the way): the run failed, naming the VMs', () => {
    const record = new SilenceRecord(stoodStill({ fromEpochMs: 22_000, toEpochMs: 30_000 - keepAliveMs - 1 }));
    record.unheard('h2', 1, 10_000, 30_000);
    expect(record.cut()?.failure).toEqual({
      reason: 'unheard',
      detail:
        'VM 1 on host h2 heard nothing from the launcher for 10 s and stopped early (the network to them stalled?)',
    });
  });

  test('a host cut off 20 min after a long Ctrl-Z: the network is blamed, not the stall long over', () => {
    const record = new SilenceRecord(stoodStill({ fromEpochMs: 60_000, toEpochMs: 120_000 }));
    record.unheard('h2', 1, 10_000, 1_320_000);
    expect(record.cut()).toEqual({
      failure: expect.objectContaining({ reason: 'unheard' }),
      sinceEpochMs: 1_310_000,
    });
  });

  test('some explained by a stall, some not: the run failed, naming only those the stall does not explain', () => {
    const record = new SilenceRecord(stoodStill({ fromEpochMs: 60_000, toEpochMs: 120_000 }));
    record.unheard('h1', 0, 10_000, 120_000);
    record.unheard('h2', 1, 10_000, 1_320_000);
    expect(record.cut()).toEqual({
      failure: expect.objectContaining({ reason: 'unheard', detail: expect.stringMatching(/^VM 1 on host h2 heard/) }),
      sinceEpochMs: 1_310_000,
    });
  });

  test('a VM that says it again and again: taken once, named once, its silence bounded', () => {
    const record = new SilenceRecord(stoodStill());
    for (let line = 0; line < 300_000; line++) record.unheard('h2', 1, 10_000 + line, 50_000 + line);
    record.unheard('h3', 2, Number.MAX_SAFE_INTEGER, 80_000);
    expect(record.cut()).toEqual({
      failure: {
        reason: 'unheard',
        detail:
          'VM 1, VM 2 on hosts h2, h3 heard nothing from the launcher for 10 s and stopped early (the network to ' +
          'them stalled?)',
      },
      sinceEpochMs: 40_000,
    });
  });

  test("wired to the launcher's stall watch (two clocks): a Ctrl-Z long over does not explain a silence now", () => {
    const timer = new FakeTimer(0);
    const epochNow = () => 1_700_000_000_000 + timer.time;
    const watch = watchStalls(timer, keepAliveMs, epochNow);
    const record = new SilenceRecord((during) => watch.longestMs(during));
    timer.advanceTo(300_000);
    timer.time = 360_000; // Ctrl-Z, held, for 60 s
    timer.advanceTo(1_500_000);
    record.unheard('h1', 0, 10_000, epochNow());
    expect(record.cut()?.failure.reason).toBe('unheard');
    timer.advanceTo(1_600_000);
    timer.time = 1_700_000; // SIGSTOP for 100 s: the VMs' silence read on resume
    const read = epochNow();
    const suspended = new SilenceRecord((during) => watch.longestMs(during));
    suspended.unheard('h1', 0, 10_000, read);
    expect(suspended.cut()?.failure).toEqual(expect.objectContaining({ reason: 'suspended' }));
    expect(suspended.cut()?.failure.detail).toMatch(/^the launcher was stopped or stalled for 100 s;/);
    watch.stop();
  });
});
