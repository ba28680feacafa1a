import { describe, expect, test } from '@jest/globals';
import { forHost } from '../../launcher/remote-host-link.js';
import { hostReport, newHostState } from '../../launcher/remote-host-state.js';
import type { SshSpawner } from '../../launcher/remote-ssh.js';

const spawner: SshSpawner = () => {
  throw new Error('no ssh in this test');
};

const hostH1 = () =>
  newHostState(
    { name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2' },
    { runId: 'r', defaultDir: '/opt/c', spawner },
    () => {},
    () => {},
  );

describe("a host's instants", () => {
  test('a stop goes in the offset the start went with, not a later sample: the same elapsed time on the host', () => {
    const host = hostH1();
    host.clock.add(0, 101, 101, 2); // host 100 ms ahead, 2 ms round trip
    const start = forHost(host.link, { type: 'start', startEpochMs: 1000, stopEpochMs: 11_000 });
    host.startOffsetMs = host.clock.offsetMs; // as the transport does when the start is sent
    host.clock.add(5000, 5103, 5103, 5000); // a later, better sample (no round trip): 103 ms
    const stop = forHost(host.link, { type: 'stop', atEpochMs: 4000 });
    expect(start).toEqual({ type: 'start', startEpochMs: 1100, stopEpochMs: 11_100 });
    expect(stop).toEqual({ type: 'stop', atEpochMs: 4100 });
  });

  test('a start given before any sample came back: the manifest says its offset is unknown, not 0', () => {
    const host = hostH1();
    host.startOffsetMs = host.clock.offsetMs; // as the transport does at the start, unsampled: 0
    host.startOffsetKnown = host.clock.sampled;
    host.clock.add(5000, 5103, 5103, 5000); // a sample after the start
    expect(hostReport(host, [0]).clockOffsetMs).toBeNull();
    host.startOffsetKnown = true;
    expect(hostReport(host, [0]).clockOffsetMs).toBe(0);
  });

  test("the manifest has the start's sample (its round trip as rttMs, not a later better one's) and the end's", () => {
    const host = hostH1();
    host.clock.add(0, 101, 101, 2); // 100 ms ahead, rtt 2
    host.startOffsetMs = host.clock.offsetMs; // as the transport does when the start is sent
    host.startOffsetKnown = true;
    host.startSample = host.clock.best;
    host.clock.add(5000, 5110.5, 5110.5, 5001); // later, rtt 1: 110 ms ahead
    host.clock.beginEnd();
    host.clock.add(10_000, 10_120.5, 10_120.5, 10_001); // the end's: 120 ms ahead
    const report = hostReport(host, [0]);
    expect([report.clockOffsetMs, report.rttMs]).toEqual([100, 2]);
    expect(report.clockStart).toEqual({ atEpochMs: 2, offsetMs: 100, rttMs: 2 });
    expect(report.clockEnd).toEqual({ atEpochMs: 10_001, offsetMs: 120, rttMs: 1 });
  });

  test("no sample after the start's: no end's to compare it with; none at the start: neither", () => {
    const host = hostH1();
    host.clock.add(0, 101, 101, 2);
    host.startOffsetMs = host.clock.offsetMs;
    host.startOffsetKnown = true;
    host.startSample = host.clock.best;
    host.clock.beginEnd();
    expect([hostReport(host, [0]).clockStart?.offsetMs, hostReport(host, [0]).clockEnd]).toEqual([100, null]);
    const unsampled = hostH1();
    unsampled.startOffsetMs = 0;
    unsampled.clock.add(5000, 5103, 5103, 5000);
    expect([hostReport(unsampled, [0]).clockStart, hostReport(unsampled, [0]).clockEnd]).toEqual([null, null]);
  });
});
