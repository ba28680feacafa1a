/**
 * A host whose clock runs 2% fast (network namespaces over ssh, test-hosts.ts; the VMs on h2 preload a module that
 * runs both their clocks fast: host-clock-shim.ts): the launcher samples every host's clock at the end as at the
 * start, the manifest has both samples per host, and the run, `check` and `analyze` each say in one line that h2
 * drifted, by how much, and that latency across it went with the start's offset only; the hosts that kept time are
 * not named. Needs root and /usr/sbin/sshd (fails saying so otherwise). Nothing is left running on any host.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, readManifest } from './cli-harness.js';
import { clockRunningAt, sshWithHostClock } from './host-clock-shim.js';
import { onTestHosts } from './hosts-suite.js';
import type { TestHosts } from './test-hosts.js';

const drifted = /host (h\d)'s clock drifted \+([\d.]+) ms against the launcher's over ([\d.]+) s \(\+(\d+) ppm;/;

describe("several hosts: a host's clock that runs fast", () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let config: string;

  onTestHosts(3, { machines: 3, clockRates: [20, 30, 40], durationSeconds: 5, seed: 5 }, (made) => {
    ({ testHosts, dir, config } = made);
  });

  test('2% fast on h2: start and end offsets per host in the manifest, one line naming h2 in run, check and analyze', async () => {
    const out = join(dir.path, 'fast');
    const base = JSON.parse(readFileSync(config, 'utf8')) as { hosts: { name: string; ssh: string }[] };
    const ssh = await sshWithHostClock(
      dir.path,
      testHosts,
      base.hosts[1] ?? { name: '', ssh: '' },
      clockRunningAt(1.02),
    );
    const result = await execaNode(launcherBin, ['run', config, '--out', out], {
      cwd: dir.path,
      reject: false,
      env: { CLOCKLAB_SSH_COMMAND: ssh },
    });
    expect(result.exitCode).toBe(0);

    const manifest = await readManifest(out);
    const hosts = manifest.hosts ?? [];
    for (const host of hosts) {
      // Both samples, each with its round trip, the end's after the start's and near the run's end (5 s later).
      const { clockStart: start, clockEnd: end } = host;
      expect({ host: host.name, start: start?.rttMs !== undefined, end: end?.rttMs !== undefined }).toEqual({
        host: host.name,
        start: true,
        end: true,
      });
      const overMs = (end?.atEpochMs ?? 0) - (start?.atEpochMs ?? 0);
      expect({ host: host.name, near: overMs > 4000 && overMs < 6000 }).toEqual({ host: host.name, near: true });
      expect({ host: host.name, start: start?.offsetMs }).toEqual({ host: host.name, start: host.clockOffsetMs });
      // h2 moved 2% of the time between its samples (its VMs' clocks ran 2% fast from their start); h1 and h3 share
      // the launcher's clock and stayed within their sampling error and 1 ms.
      const driftMs = (end?.offsetMs ?? 0) - (start?.offsetMs ?? 0);
      const errorMs = ((start?.rttMs ?? 0) + (end?.rttMs ?? 0)) / 2;
      const rate = host.name === 'h2' ? Math.round((driftMs / overMs) * 1000) / 10 : Math.abs(driftMs) <= errorMs + 1;
      expect({ host: host.name, rate }).toEqual({ host: host.name, rate: host.name === 'h2' ? 2 : true });
    }

    // One line for h2, none for the others: in the run's output (as the checker's note), check's and analyze's.
    const runLines = result.stdout.split('\n').filter((line) => line.includes('drifted'));
    expect(runLines).toHaveLength(1);
    expect(runLines[0]).toMatch(/^check: note: /);
    expect(runLines[0]).toMatch(/latency across host h2 is corrected with the start offset only/);
    const said = drifted.exec(runLines[0] ?? '');
    expect(said?.[1]).toBe('h2');
    const h2 = hosts.find((h) => h.name === 'h2');
    const measuredMs = (h2?.clockEnd?.offsetMs ?? 0) - (h2?.clockStart?.offsetMs ?? 0);
    expect(Number(said?.[2])).toBeCloseTo(measuredMs, 0);
    expect(Number(said?.[4])).toBeGreaterThan(15_000);

    const check = await execaNode(launcherBin, ['check', out], { reject: false });
    expect(check.stdout.split('\n')[0]?.replace(/ .*/, '')).toBe('valid:');
    expect(check.stdout.split('\n').filter((line) => line.includes('drifted'))).toEqual([
      runLines[0]?.replace(/^check: /, ''),
    ]);
    const analyze = await execaNode(launcherBin, ['analyze', out], { reject: false });
    // Its text wraps at 80 columns: read as one line.
    const named = [...analyze.stdout.replace(/\n */g, ' ').matchAll(new RegExp(drifted.source, 'g'))].map((m) => m[1]);
    expect(named).toEqual(['h2']);
    const json = await execaNode(launcherBin, ['analyze', out, '--json'], { reject: false });
    const drifts = (JSON.parse(json.stdout) as { clockDrifts: { host: string; beyondBound: boolean }[] }).clockDrifts;
    expect(drifts.map((d) => [d.host, d.beyondBound])).toEqual([
      ['h1', false],
      ['h2', true],
      ['h3', false],
    ]);

    for (const host of testHosts.hosts) {
      const nodes = testHosts.nodesIn(host);
      expect({ host: host.name, nodes }).toEqual({ host: host.name, nodes: [] });
    }
  }, 120_000);
});
