/** VmFleet's kill: the instant it records as the VM's stop is read once the kill has been sent, never before it. */
import { describe, expect, test } from '@jest/globals';
import { VmFleet } from '../../launcher/vm-fleet.js';
import { VmStopInstants } from '../../launcher/vm-stop-instants.js';
import type { VmLife, VmSignal, VmTransport } from '../../launcher/vm-transport.js';
import type { VmSpec } from '../../shared/vm-spec.js';

describe('VmFleet.signal', () => {
  test("a kill's stop instant is read after the signal went: the VM may tick until then", () => {
    let now = 1000;
    const signals: VmSignal[] = [];
    const life: VmLife = {
      pid: 7,
      exited: new Promise(() => {}),
      send() {},
      // Sending the signal takes time on a busy machine (the launcher preempted), and the VM ticks meanwhile.
      signal(signal) {
        now += 40;
        signals.push(signal);
      },
    };
    const transport: VmTransport = { exitsSeenAtOnce: false, start: () => life };
    const stops = new VmStopInstants(() => now, false);
    const fleet = new VmFleet(transport, { onMessage() {}, onExit() {}, onOutput() {}, stops });
    fleet.start({ id: 0 } as VmSpec);
    fleet.signal(0, 'SIGKILL');
    expect(signals).toEqual(['SIGKILL']);
    const window = { startEpochMs: 0, stopEpochMs: 10_000 };
    expect(stops.stopElapsedMs(0, window, { figures: undefined, silenceCut: false })).toBe(1040);
  });
});
