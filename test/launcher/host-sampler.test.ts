import { describe, expect, test } from '@jest/globals';
import { HostClock } from '../../launcher/host-clock.js';
import { HostSampler, type SampledHost } from '../../launcher/host-sampler.js';
import type { LauncherToRemoteVm } from '../../shared/remote-messages.js';

/** A host whose VM answers each ping at once, `aheadMs` ahead, while `open`; what was written, by type. */
function fakeHost(sampler: () => HostSampler, aheadMs: number) {
  const pings: number[] = [];
  const state = { open: true };
  const host: SampledHost = {
    clock: new HostClock(),
    startOffsetMs: 0, // the start went: no start burst
    channel: () =>
      state.open
        ? (message: LauncherToRemoteVm) => {
            if (message.type !== 'ping') return;
            pings.push(message.n);
            const { n, t1 } = message;
            queueMicrotask(() => sampler().onPong({ n, t1, t2: t1 + aheadMs, t3: t1 + aheadMs }));
          }
        : undefined,
  };
  return { host, pings, state };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the end's burst", () => {
  test('a burst of 5 samples on each host, once however often it is asked for; they make the end sample', async () => {
    const sampler = new HostSampler(() => 1000);
    const a = fakeHost(() => sampler, 0);
    const b = fakeHost(() => sampler, 200);
    sampler.sampleAtEnd([a.host, b.host]);
    sampler.sampleAtEnd([a.host, b.host]); // a stop sent after the planned burst began
    await settle();
    expect([a.pings.length, b.pings.length]).toEqual([5, 5]);
    expect(b.host.clock.endSample?.offsetMs).toBe(200);
    sampler.stop();
  });

  test('a host whose VMs all ended answers nothing: its burst stops there, the others go on', async () => {
    const sampler = new HostSampler(() => 0);
    const gone = fakeHost(() => sampler, 0);
    gone.state.open = false;
    const live = fakeHost(() => sampler, 0);
    sampler.sampleAtEnd([gone.host, live.host]);
    await settle();
    expect([gone.pings.length, live.pings.length, gone.host.clock.endSample]).toEqual([0, 5, undefined]);
  });
});
