/**
 * VMs on several hosts, for real: three network namespaces with their own address and sshd (test-hosts.ts), the
 * launcher in the root namespace reaching them over ssh. Needs root and /usr/sbin/sshd (fails saying so otherwise).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import {
  launcherBin,
  projectRoot,
  readCsv,
  readManifest,
  tempDir,
  track,
  waitForLine,
  waitForRows,
  waitUntilGone,
} from './cli-harness.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';
import { configHosts, createTestHosts, type TestHosts, testHostsUnavailable } from './test-hosts.js';

const machines = 6;
const started = /started (vm0 .*)\n/;
type StartedVm = { vm: number; pid: number; port: number; host: string };

function startedVms(line: string): StartedVm[] {
  return [...line.matchAll(/vm(\d+) \(pid (\d+), port (\d+), host (\w+)\)/g)].map((m) => ({
    vm: Number(m[1]),
    pid: Number(m[2]),
    port: Number(m[3]),
    host: m[4] ?? '',
  }));
}

/** Whole rows in a CSV so far (header aside). */
const rowCount = async (file: string) => {
  const text = await readFile(file, 'utf8').catch(() => '');
  return Math.max(0, text.split('\n').length - 2);
};

describe('several hosts (network namespaces over ssh)', () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  /** The built CLI reaching the test hosts; `detached`: as a terminal's foreground job, leading its own group. */
  const cli = (args: string[], detached = false) =>
    track(
      execaNode(launcherBin, args, {
        cwd: dir.path,
        reject: false,
        detached,
        env: { CLOCKLAB_SSH_COMMAND: testHosts.sshCommand },
      }),
      { group: detached },
    );
  const run = (out: string) => cli(['run', config, '--out', out]);
  /** The address of host `name`, escaped for a regular expression. */
  const addressOf = (name: string) => hostNamed(name).address.replaceAll('.', '\\.');
  const hostNamed = (name: string) => {
    const host = testHosts.hosts.find((h) => h.name === name);
    if (host === undefined) throw new Error(`no test host ${name}`);
    return host;
  };
  /** No VM (node) may be left in any namespace once a run is over. */
  const expectNoNodeLeft = async (pids: number[]) => {
    expect(await waitUntilGone(pids, 20_000)).toEqual([]);
    for (const host of testHosts.hosts) {
      const nodes = testHosts.nodesIn(host);
      expect({ host: host.name, nodes }).toEqual({ host: host.name, nodes: [] });
    }
  };

  beforeAll(async () => {
    const problem = testHostsUnavailable();
    if (problem !== undefined) throw new Error(`cannot make test hosts: ${problem}`);
    testHosts = createTestHosts(3);
    dir = await tempDir();
    config = join(dir.path, 'hosts.json');
    const hosts = configHosts(testHosts);
    await writeFile(
      config,
      JSON.stringify({
        machines,
        clockRates: [20, 25, 30, 35, 40, 45],
        durationSeconds: 8,
        seed: 11,
        network: { allowNonLoopback: true },
        hosts,
      }),
    );
  });
  afterAll(async () => {
    testHosts?.remove();
    await dir?.remove();
  });

  test('6 VMs on 3 hosts: each listens in its host, the run checks exactly, the manifest names hosts and offsets', async () => {
    const out = join(dir.path, 'six');
    const launched = run(out);
    const vms = startedVms((await waitForLine(launched.stderr, started))[1] ?? '');
    expect(vms.map((v) => `${v.vm}@${v.host}`)).toEqual(['0@h1', '1@h2', '2@h3', '3@h1', '4@h2', '5@h3']);
    // While it runs: each VM's process is in its host's namespace, listening on that host's address.
    for (const vm of vms) {
      const host = hostNamed(vm.host);
      const netns = execFileSync('ip', ['netns', 'identify', String(vm.pid)], { encoding: 'utf8' }).trim();
      expect({ vm: vm.vm, netns }).toEqual({ vm: vm.vm, netns: host.netns });
      const listening = execFileSync(
        'ip',
        ['netns', 'exec', host.netns, 'ss', '-Hltn', 'src', `${host.address}:${vm.port}`],
        { encoding: 'utf8' },
      );
      expect({ vm: vm.vm, listening: listening.includes(`${host.address}:${vm.port}`) }).toEqual({
        vm: vm.vm,
        listening: true,
      });
    }
    const result = await launched;
    expect(result.exitCode).toBe(0);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('ok');
    expect(manifest.vms.map((vm) => vm.host)).toEqual(['h1', 'h2', 'h3', 'h1', 'h2', 'h3']);
    expect(manifest.vms.map((vm) => vm.pid)).toEqual(vms.map((v) => v.pid));
    expect(manifest.hosts?.map((h) => [h.name, h.address, h.vms])).toEqual(
      testHosts.hosts.map((h, k) => [h.name, h.address, [k, k + 3]]),
    );
    for (const host of manifest.hosts ?? []) {
      // A burst before the start, then more during and at the end of the run.
      expect({ host: host.name, offset: Number.isFinite(host.clockOffsetMs) }).toEqual({
        host: host.name,
        offset: true,
      });
      expect({ host: host.name, rtt: (host.rttMs ?? -1) >= 0 }).toEqual({ host: host.name, rtt: true });
      expect({ host: host.name, enough: host.samples.length > 5 }).toEqual({ host: host.name, enough: true });
      // One machine's clock on both ends: each sample's offset is 0 to within half its round trip (+ 1 ms for the
      // processes' own reading of the wall clock), as the README says cross-host times can be trusted.
      const outside = host.samples.filter((sample) => Math.abs(sample.offsetMs) > sample.rttMs / 2 + 1);
      expect({ host: host.name, outside }).toEqual({ host: host.name, outside: [] });
    }
    const rows = await Promise.all(vms.map(async (v) => (await readCsv(join(out, `vm-${v.vm}.csv`))).rows));
    for (const [vm, vmRows] of rows.entries()) {
      expect({ vm, rows: vmRows.length }).toEqual({ vm, rows: manifest.vms[vm]?.ticks });
      expectLamportRows(vmRows);
    }
    expectEveryMessageAccounted(
      rows,
      manifest.vms.map((vm) => vm.pendingAtStop),
    );
    const check = await cli(['check', out]);
    expect(check.stdout).toMatch(/^valid: /);
    expect(check.exitCode).toBe(0);
    await expectNoNodeLeft(vms.map((v) => v.pid));
  }, 120_000);

  test('a VM killed inside its namespace: exit 1 naming it, its rows all reach the run folder', async () => {
    const out = join(dir.path, 'killed');
    const launched = run(out);
    const runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
    const vms = startedVms((await waitForLine(launched.stderr, started))[1] ?? '');
    // Kill it while its host holds rows not yet relayed (the hosts share this file system, so the test sees the
    // VM's own file): those must be fetched from the host, or the run folder would lose them.
    const onHost = join(projectRoot, 'logs', `.remote-${runId}`, 'vm-4.csv');
    const local = join(out, 'vm-4.csv');
    let hostRows = 30;
    await waitForRows(onHost, hostRows, launched);
    while (hostRows - (await rowCount(local)) < 3) {
      hostRows = (await rowCount(onHost)) + 1;
      await waitForRows(onHost, hostRows, launched);
    }
    hostRows = await rowCount(onHost);
    process.kill(vms[4]?.pid ?? 0, 'SIGKILL');
    const result = await launched;
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/run failed: VM 4 was killed by SIGKILL before the run ended/);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('failed');
    expect(manifest.vms[4]?.exit).toBe('killed by SIGKILL');
    const killedRows = (await readCsv(local)).rows;
    expect(killedRows.length).toBeGreaterThanOrEqual(hostRows);
    expectLamportRows(killedRows);
    // Every receive anywhere has its send row: nothing the killed VM wrote was lost on the way.
    const check = await cli(['check', out]);
    expect(check.stdout).toMatch(/^valid: /);
    await expectNoNodeLeft(vms.map((v) => v.pid));
  }, 120_000);

  test("a host's sshd stopped mid-run: exit 1 naming the host, nothing left running", async () => {
    const out = join(dir.path, 'cut');
    const launched = run(out);
    const runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
    const vms = startedVms((await waitForLine(launched.stderr, started))[1] ?? '');
    await waitForRows(join(out, 'vm-1.csv'), 20, launched);
    testHosts.cutSsh(hostNamed('h2'));
    try {
      const result = await launched;
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`run failed: VM [14] was lost: host h2 \\(root@${addressOf('h2')}\\) became unreachable`),
      );
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('failed');
      expect(manifest.hosts?.find((h) => h.name === 'h2')?.lost).toMatch(/host h2/);
      // h2's VMs (1 and 4) were lost with it; the others stopped in order.
      expect(manifest.vms.map((vm) => vm.exit.replace(/^lost: host h2 .*/, 'lost with h2'))).toEqual([
        'done',
        'lost with h2',
        'done',
        'done',
        'lost with h2',
        'done',
      ]);
      await expectNoNodeLeft(vms.map((v) => v.pid));
    } finally {
      // h2 gets its sshd back for the next tests, whatever this one found.
      testHosts.restartSsh(hostNamed('h2'));
      // A lost host keeps its VMs' files in the run's scratch folder (its rows stay there): these hosts share our disk.
      await rm(join(projectRoot, 'logs', `.remote-${runId}`), { recursive: true, force: true });
    }
  }, 120_000);

  test('Ctrl-C from a terminal stops remote VMs like local ones: exit 130, every VM stops in order, nothing lost', async () => {
    const out = join(dir.path, 'interrupted');
    // As a terminal's foreground job: the launcher leads its own process group, and the whole group gets SIGINT
    // (the ssh clients too, unless they are kept out of it).
    const launched = cli(['run', config, '--out', out], true);
    const vms = startedVms((await waitForLine(launched.stderr, started))[1] ?? '');
    await waitForRows(join(out, 'vm-0.csv'), 20, launched);
    process.kill(-(launched.pid ?? 0), 'SIGINT');
    const result = await launched;
    expect(result.exitCode).toBe(130);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('interrupted');
    expect(manifest.vms.map((vm) => `${vm.id}:${vm.exit}:${vm.stoppedEarly}`)).toEqual(
      vms.map((v) => `${v.vm}:done:true`),
    );
    const rows = await Promise.all(vms.map(async (v) => (await readCsv(join(out, `vm-${v.vm}.csv`))).rows));
    expectEveryMessageAccounted(
      rows,
      manifest.vms.map((vm) => vm.pendingAtStop),
    );
    await expectNoNodeLeft(vms.map((v) => v.pid));
  }, 120_000);

  test('the launcher SIGKILLed: its ssh channels close and every remote VM stops', async () => {
    const out = join(dir.path, 'orphans');
    const launched = run(out);
    const runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
    const vms = startedVms((await waitForLine(launched.stderr, started))[1] ?? '');
    await waitForRows(join(out, 'vm-0.csv'), 10, launched);
    launched.kill('SIGKILL');
    await launched;
    await expectNoNodeLeft(vms.map((v) => v.pid));
    // No manifest: check reads the run from its start record, and says by host where rows not relayed stay.
    const check = await cli(['check', out]);
    expect(check.stdout).toMatch(/^launcher died: no manifest\.json: its launcher \(pid \d+\) died before writing it/m);
    for (const { vm, host } of vms) {
      const file = join(projectRoot, 'logs', `.remote-${runId}`, `vm-${vm}.csv`);
      expect(check.stdout).toMatch(
        new RegExp(
          `^note: VM ${vm}: its rows from byte \\d+ of its CSV, if any, are not in the run folder: they stay on host ${host} in ${file} `,
          'm',
        ),
      );
    }
    // A launcher killed this way never cleans its hosts' scratch CSVs (this test's hosts share our file system).
    await rm(join(projectRoot, 'logs', `.remote-${runId}`), { recursive: true, force: true });
  }, 120_000);

  test('injected pauses, kills and restarts act on remote VMs', async () => {
    const faulted = join(dir.path, 'faulted.json');
    const hosts = configHosts(testHosts);
    await writeFile(
      faulted,
      JSON.stringify({
        machines: 3,
        clockRates: [20, 30, 40],
        durationSeconds: 8,
        seed: 5,
        network: { allowNonLoopback: true },
        hosts,
        faults: {
          pauses: [{ vm: 2, atSecond: 1, forSeconds: 1 }],
          kills: [{ vm: 1, atSecond: 2, restartAfterSeconds: 1, clock: 'kept' }],
        },
      }),
    );
    const out = join(dir.path, 'faulted');
    const result = await cli(['run', faulted, '--out', out]);
    expect(result.exitCode).toBe(0);
    const faults = await readFile(join(out, 'faults.csv'), 'utf8');
    expect(faults.split('\n').map((line) => line.split(',')[2])).toEqual([
      'kind',
      'pause',
      'resume',
      'kill',
      'restart',
      undefined,
    ]);
    // The killed VM's rows stop, then go on from a later tick in the same file: its second life ran on its host.
    const ticks = (await readCsv(join(out, 'vm-1.csv'))).rows.map((row) => Number(row.tick));
    const gap = ticks.findIndex((tick, i) => i > 0 && tick !== (ticks[i - 1] ?? 0) + 1);
    expect(gap).toBeGreaterThan(0);
    expect(ticks.length - gap).toBeGreaterThan(10);
    // The paused VM ran the ticks it missed back to back: its tick count is its full share.
    const manifest = await readManifest(out);
    expect(manifest.vms[2]?.ticks).toBe(8 * 40);
    const check = await cli(['check', out]);
    expect(check.stdout).toMatch(/^valid: /);
  }, 120_000);

  test('16 VMs placed on one host start, though sshd drops connections past 10 being set up at once', async () => {
    const crowded = join(dir.path, 'crowded.json');
    const hosts = configHosts(testHosts);
    const placement = Array.from({ length: 16 }, (_, vm) => (vm === 0 ? 'h1' : 'h3'));
    await writeFile(
      crowded,
      JSON.stringify({
        machines: 16,
        clockRate: { min: 2, max: 5 },
        durationSeconds: 2,
        network: { allowNonLoopback: true },
        hosts,
        placement,
      }),
    );
    const out = join(dir.path, 'crowded');
    const result = await cli(['run', crowded, '--out', out]);
    expect(result.stderr).not.toMatch(/run failed/);
    expect(result.exitCode).toBe(0);
    const manifest = await readManifest(out);
    expect(manifest.vms.map((vm) => vm.host)).toEqual(placement);
  }, 120_000);

  test('a host not ready is refused before anything starts: one line naming it, exit 2', async () => {
    const bad = join(dir.path, 'bad-hosts.json');
    // An address on the hosts' subnet that no host holds.
    const unused = hostNamed('h1').address.replace(/\.\d+$/, '.99');
    const hosts = configHosts(testHosts);
    // The same clocklab as the launcher's, but where its VMs would make their folder, logs, is a file.
    const noLogs = join(dir.path, 'no-logs');
    await mkdir(join(noLogs, 'dist', 'vm'), { recursive: true });
    await copyFile(join(projectRoot, 'package.json'), join(noLogs, 'package.json'));
    await copyFile(join(projectRoot, 'dist', 'vm', 'main.js'), join(noLogs, 'dist', 'vm', 'main.js'));
    await writeFile(join(noLogs, 'logs'), '');
    await writeFile(
      bad,
      JSON.stringify({
        machines: 3,
        network: { allowNonLoopback: true },
        hosts: [
          { ...hosts[0], dir: noLogs },
          { ...hosts[1], dir: '/nonexistent/clocklab' },
          { ...hosts[2], ssh: `root@${unused}` },
        ],
      }),
    );
    const out = join(dir.path, 'refused');
    const result = await cli(['run', bad, '--out', out]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line !== '')).toEqual([
      `host h1 (root@${hostNamed('h1').address}): cannot write in ${noLogs}/logs (EEXIST), where its VMs write their CSVs`,
      `host h2 (root@${hostNamed('h2').address}): no folder /nonexistent/clocklab (set hosts[].dir to clocklab's folder there)`,
      expect.stringMatching(
        new RegExp(
          `^host h3 \\(root@${unused.replaceAll('.', '\\.')}\\): not reachable over ssh in batch mode \\(.+\\)$`,
        ),
      ),
    ]);
    expect(() => readFileSync(join(out, 'manifest.json'))).toThrow();
  }, 60_000);
});
