import { describe, expect, test } from '@jest/globals';
import { HostSampler } from '../../launcher/host-sampler.js';
import { HostStartOffsets } from '../../launcher/host-start-offsets.js';
import { newHostState } from '../../launcher/remote-host-state.js';
import type { SshSpawner } from '../../launcher/remote-ssh.js';
import type { LauncherToRemoteVm } from '../../shared/remote-messages.js';

const spawner: SshSpawner = () => {
  throw new Error('no ssh in this test');
};

const host = (name: string) =>
  newHostState(
    { name, ssh: `root@${name}`, address: name },
    { runId: 'r', defaultDir: '/opt/c', spawner },
    () => {},
    () => {},
  );

/** Two hosts, VMs 0 and 1 on h1, VM 2 on h2; h1's clock 100 ms ahead of the launcher's, h2's 40 ms. */
function twoHosts() {
  const hosts = [host('h1'), host('h2')];
  hosts[0]?.clock.add(0, 101, 101, 2);
  hosts[1]?.clock.add(0, 41, 41, 2);
  const sampler = new HostSampler(() => 10);
  return { hosts, sampler, offsets: new HostStartOffsets(sampler, hosts, [0, 0, 1]) };
}

const start = { type: 'start', startEpochMs: 1000, stopEpochMs: 11_000 } as const;

describe('HostStartOffsets', () => {
  test("the first start fixes every host's offset; a later one changes none", () => {
    const { hosts, sampler, offsets } = twoHosts();
    offsets.outgoing(0, start);
    expect(hosts.map((h) => [h.startOffsetMs, h.startOffsetKnown])).toEqual([
      [100, true],
      [40, true],
    ]);
    hosts[0]?.clock.add(5000, 5201, 5201, 5000); // a later, better sample: 201 ms
    offsets.outgoing(2, start);
    expect(hosts[0]?.startOffsetMs).toBe(100);
    sampler.stop();
  });

  test("a start carries the peers' offsets from its own host's clock; other messages go as they are", () => {
    const { sampler, offsets } = twoHosts();
    expect(offsets.outgoing(2, start)).toEqual({ ...start, peerOffsetsMs: [60, 60, 0] });
    expect(offsets.outgoing(0, start)).toEqual({ ...start, peerOffsetsMs: [0, 0, -60] });
    const stop = { type: 'stop', atEpochMs: 4000 } as const;
    expect(offsets.outgoing(0, stop)).toBe(stop);
    sampler.stop();
  });

  test("a host's first VM to listen starts its burst; one already sampled is not asked again", () => {
    const fresh = host('h3');
    const written: LauncherToRemoteVm[] = [];
    fresh.channel = () => (message) => written.push(message);
    const sampled = twoHosts();
    const offsets = new HostStartOffsets(new HostSampler(() => 10), [fresh, ...sampled.hosts], [0]);
    offsets.listening(fresh);
    expect(written).toEqual([{ type: 'ping', n: 0, t1: 10 }]);
    const h1 = sampled.hosts[0];
    if (h1 === undefined) throw new Error('no h1');
    h1.channel = () => (message) => written.push(message);
    offsets.listening(h1);
    expect(written).toHaveLength(1);
  });

  test('the lead a start needs is twice the slowest round trip, and 50 ms more', () => {
    const { offsets } = twoHosts();
    expect(offsets.extraLeadMs()).toBe(54);
  });
});
