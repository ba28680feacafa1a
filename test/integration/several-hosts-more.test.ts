/**
 * Runs on several hosts (network namespaces over ssh, test-hosts.ts) beyond several-hosts.test.ts, on one set of
 * hosts of their own. A second Ctrl-C (signals to the launcher's process group, as a terminal sends them): every
 * remote VM is killed at once, the manifest says what is known, exit 130. A VM's channel lost while its host still
 * answers: the rows it wrote after its last relay are fetched at the end. `launcher experiment` on a config with
 * hosts: every trial a complete run folder from the hosts. A host's clock 5 s ahead: its offset measured, every VM's
 * message latency still one-way. Each time nothing is left running on any host. Needs root
 * and /usr/sbin/sshd (fails saying so otherwise).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { interruptedReason, sameKeypressMs } from '../../shared/stop-signals.js';
import {
  ctrlC,
  launcherBin,
  launcherWithFileLimit,
  projectRoot,
  readCsv,
  readManifest,
  waitForLine,
  waitForPath,
  waitForRows,
  waitUntilGone,
} from './cli-harness.js';
import { clockAhead, sshWithHostClock } from './host-clock-shim.js';
import { onTestHosts, runOnTestHosts } from './hosts-suite.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';
import { commandOf, type TestHosts } from './test-hosts.js';

const started = /started (vm0 .*)\n/;
const pidsOf = (line: string) => [...line.matchAll(/vm\d+ \(pid (\d+)/g)].map((m) => Number(m[1]));

const procText = (pid: number, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
};
const parentOf = (pid: number) => Number(procText(pid, 'stat').split(') ')[1]?.split(' ')[1] ?? 0);

/** The ssh client carrying VM `vm`'s control channel for the launcher `launcherPid` (a descendant of it). */
function channelClientOf(launcherPid: number, vm: number): number {
  const clients = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => procText(pid, 'comm').trim() === 'ssh')
    .filter((pid) => procText(pid, 'cmdline').includes(`--id ${vm} --stdio`))
    .filter((pid) => {
      for (let p = parentOf(pid); p > 1; p = parentOf(p)) if (p === launcherPid) return true;
      return false;
    });
  if (clients.length !== 1) throw new Error(`expected one ssh client for vm${vm}, found ${clients.length}`);
  return clients[0] ?? 0;
}

const rowCount = (file: string) => {
  try {
    return Math.max(0, readFileSync(file, 'utf8').split('\n').length - 2);
  } catch {
    return 0;
  }
};

/** The sshd process serving the ssh session a VM runs under (its nearest sshd ancestor, in its namespace). */
function sessionOf(vmPid: number): number {
  for (let p = parentOf(vmPid); p > 1; p = parentOf(p)) if (commandOf(p).startsWith('sshd')) return p;
  throw new Error(`no sshd above pid ${vmPid}`);
}

describe('several hosts: a second Ctrl-C, a lost channel, an experiment', () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let config: string;

  // Long enough that only the signals end it.
  onTestHosts(3, { machines: 3, clockRates: [20, 30, 40], durationSeconds: 60, seed: 3 }, (made) => {
    ({ testHosts, dir, config } = made);
  });

  test('a second Ctrl-C with one channel stalled: every VM killed at once on its host, its rows fetched, exit 130, nothing left', async () => {
    const out = join(dir.path, 'forced');
    const launched = runOnTestHosts({ testHosts, dir, config }, out, { detached: true });
    const group = launched.pid ?? 0;
    let stalled = 0;
    try {
      const runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
      const pids = pidsOf((await waitForLine(launched.stderr, started))[1] ?? '');
      await waitForRows(join(out, 'vm-1.csv'), 10);
      // VM 1's channel stalls (its ssh client stopped): the stop instant never reaches it, so it ticks on and its
      // peers wait for its end marker, and what it writes from now on stays on its host (they share our files).
      stalled = channelClientOf(group, 1);
      process.kill(stalled, 'SIGSTOP');
      const onHost = join(projectRoot, 'logs', `.remote-${runId}`, 'vm-1.csv');
      const relayed = rowCount(join(out, 'vm-1.csv'));
      await waitForRows(onHost, relayed + 5);
      process.kill(-group, 'SIGINT');
      await waitForLine(launched.stderr, /stopping every VM at one instant/);
      // A person pressing again: a second signal within sameKeypressMs counts as the same keypress.
      await delay(sameKeypressMs + 100);
      const onHostAtKill = rowCount(onHost);
      process.kill(-group, 'SIGINT');
      const result = await launched;
      expect(result.stderr).toContain('killing every VM now');
      expect(result.exitCode).toBe(130);
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('interrupted');
      expect(manifest.reason).toBe(interruptedReason);
      // VM 1 was killed on its host by the launcher: not taken for a lost host, whatever its channel did. Its peers
      // were killed too, or (the kills go to each host at once) finished in order just before, once VM 1 was gone.
      expect(manifest.vms[1]?.exit).toBe('killed by SIGKILL');
      const neither = manifest.vms.filter((vm) => vm.exit !== 'done' && vm.exit !== 'killed by SIGKILL');
      expect(neither.map((vm) => `vm${vm.id}: ${vm.exit}`)).toEqual([]);
      expect((manifest.hosts ?? []).filter((h) => h.lost !== undefined)).toEqual([]);
      // The stalled VM's rows from its host reached the run folder; every entry counts the rows its CSV holds.
      const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
      expect(rows[1]?.length).toBeGreaterThanOrEqual(onHostAtKill);
      for (const [vm, vmRows] of rows.entries()) {
        expect({ vm, rows: vmRows.length }).toEqual({ vm, rows: manifest.vms[vm]?.ticks });
        expectLamportRows(vmRows);
      }
      expect(await waitUntilGone([...pids, stalled], 20_000)).toEqual([]);
      for (const host of testHosts.hosts) {
        const nodes = testHosts.nodesIn(host);
        expect({ host: host.name, nodes }).toEqual({ host: host.name, nodes: [] });
      }
      // A forced stop still cleans every reachable host's scratch folder.
      expect(existsSync(dirname(onHost))).toBe(false);
    } finally {
      // Whatever failed above: nothing of this run may outlive the test.
      for (const pid of [stalled, group]) {
        try {
          if (pid !== 0) process.kill(pid === group ? -pid : pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await launched;
    }
  }, 120_000);

  test("a VM's channel lost while its host answers: exit 1 naming the host, its last rows fetched at the end", async () => {
    const out = join(dir.path, 'lost');
    const short = join(dir.path, 'short.json');
    await writeFile(short, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), durationSeconds: 20 }));
    const launched = execaNode(launcherBin, ['run', short, '--out', out], {
      cwd: dir.path,
      reject: false,
      env: { CLOCKLAB_SSH_COMMAND: testHosts.sshCommand },
    });
    try {
      const runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
      const pids = pidsOf((await waitForLine(launched.stderr, started))[1] ?? '');
      // Cut VM 1's session while its host holds rows it has not relayed yet (the hosts share our files).
      const onHost = join(projectRoot, 'logs', `.remote-${runId}`, 'vm-1.csv');
      const local = join(out, 'vm-1.csv');
      let hostRows = 20;
      await waitForRows(onHost, hostRows);
      while (hostRows - rowCount(local) < 3) {
        hostRows = rowCount(onHost) + 1;
        await waitForRows(onHost, hostRows);
      }
      process.kill(sessionOf(pids[1] ?? 0), 'SIGKILL');
      const onHostAtCut = rowCount(onHost);
      const result = await launched;
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/run failed: VM 1 was lost: host h2 \(root@\S+\) became unreachable/);
      expect(result.stderr).toMatch(/vm1: its rows after byte \d+, never relayed, were fetched from host h2 /);
      const manifest = await readManifest(out);
      expect(manifest.vms[1]?.exit).toMatch(/^lost: host h2 /);
      const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
      expect(rows[1]?.length).toBeGreaterThanOrEqual(onHostAtCut);
      for (const [vm, vmRows] of rows.entries()) {
        expect({ vm, rows: vmRows.length }).toEqual({ vm, rows: manifest.vms[vm]?.ticks });
        expectLamportRows(vmRows);
      }
      // Every copy a peer received from VM 1 has its send row in VM 1's CSV: none of its rows stayed behind.
      const sent = new Set(rows[1]?.filter((row) => row.event === 'send').map((row) => row.msg_id));
      const fromVm1 = [rows[0], rows[2]].flatMap((vmRows) =>
        (vmRows ?? []).filter((row) => row.event === 'receive' && row.peer === '1').map((row) => row.msg_id),
      );
      expect(fromVm1.filter((id) => !sent.has(id))).toEqual([]);
      expect(await waitUntilGone(pids, 20_000)).toEqual([]);
      for (const host of testHosts.hosts) {
        const nodes = testHosts.nodesIn(host);
        expect({ host: host.name, nodes }).toEqual({ host: host.name, nodes: [] });
      }
      expect(existsSync(dirname(onHost))).toBe(false);
    } finally {
      launched.kill('SIGKILL');
      await launched;
    }
  }, 120_000);

  test('launcher experiment on a config with hosts: each trial a complete run folder from the hosts, exit 0', async () => {
    const out = join(dir.path, 'experiment');
    const file = join(dir.path, 'experiment.json');
    const base = { ...JSON.parse(readFileSync(config, 'utf8')), durationSeconds: 3 };
    await writeFile(file, JSON.stringify({ name: 'on-hosts', base, trials: 2, seed: 9, variants: [{ name: 'base' }] }));
    const result = await execaNode(launcherBin, ['experiment', file, '--out', out], {
      cwd: dir.path,
      reject: false,
      env: { CLOCKLAB_SSH_COMMAND: testHosts.sshCommand },
    });
    expect(result.exitCode).toBe(0);
    for (const k of [1, 2]) {
      const trial = join(out, 'base', `trial-${k}`);
      const manifest = await readManifest(trial);
      expect({ trial: k, status: manifest.status, seed: manifest.seed }).toEqual({
        trial: k,
        status: 'ok',
        seed: 8 + k,
      });
      expect(manifest.vms.map((vm) => vm.host)).toEqual(['h1', 'h2', 'h3']);
      expect(manifest.hosts?.map((h) => [h.name, Number.isFinite(h.clockOffsetMs)])).toEqual([
        ['h1', true],
        ['h2', true],
        ['h3', true],
      ]);
      const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(trial, `vm-${vm}.csv`))).rows));
      for (const [vm, vmRows] of rows.entries()) {
        expect({ trial: k, vm, rows: vmRows.length }).toEqual({ trial: k, vm, rows: manifest.vms[vm]?.ticks });
        expectLamportRows(vmRows);
      }
      expectEveryMessageAccounted(
        rows,
        manifest.vms.map((vm) => vm.pendingAtStop),
      );
      const check = await execaNode(launcherBin, ['check', trial], { reject: false });
      expect({ trial: k, check: check.stdout.split('\n')[0]?.replace(/ .*/, '') }).toEqual({
        trial: k,
        check: 'valid:',
      });
      // Each trial cleaned its hosts' scratch folder.
      expect({ trial: k, scratch: existsSync(join(projectRoot, 'logs', `.remote-${manifest.runId}`)) }).toEqual({
        trial: k,
        scratch: false,
      });
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { trials: { status: string }[] };
    expect(summary.trials.map((t) => t.status)).toEqual(['ok', 'ok']);
    for (const host of testHosts.hosts) {
      const nodes = testHosts.nodesIn(host);
      expect({ host: host.name, nodes }).toEqual({ host: host.name, nodes: [] });
    }
  }, 120_000);

  test("a host's clock 5 s ahead: its offset measured, and every VM's message latency one-way, not off by 5 s", async () => {
    const out = join(dir.path, 'ahead');
    const file = join(dir.path, 'ahead.json');
    const base = JSON.parse(readFileSync(config, 'utf8')) as { hosts: { name: string; ssh: string }[] };
    await writeFile(file, JSON.stringify({ ...base, durationSeconds: 4 }));
    // The VMs on h2 run with Date.now 5 s ahead (a preloaded module), so their epoch clock, their pongs' stamps and
    // their copies' send stamps are too: as on a host whose clock is 5 s off.
    const ssh = await sshWithHostClock(dir.path, testHosts, base.hosts[1] ?? { name: '', ssh: '' }, clockAhead(5000));
    const result = await execaNode(launcherBin, ['run', file, '--out', out], {
      cwd: dir.path,
      reject: false,
      env: { CLOCKLAB_SSH_COMMAND: ssh },
    });
    expect(result.exitCode).toBe(0);
    // An offset that stays put, however large, is no drift: no line names a host (several-hosts-drift.test.ts).
    expect(result.stdout).not.toMatch(/clock drifted/);
    const manifest = await readManifest(out);
    // Each host's measured offset in whole seconds (the namespaces share this machine's clock: h2 is 5 s ahead).
    const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000) + 0); // + 0: -0 as 0
    expect((manifest.hosts ?? []).map((h) => [h.name, seconds(h.clockOffsetMs)])).toEqual([
      ['h1', 0],
      ['h2', 5],
      ['h3', 0],
    ]);
    // Copies between namespaces of this machine take well under a second (ms); uncorrected, VM 1 on h2 read about
    // 5,000,000 us and the others 0 (their copies from h2 arrived "before" they were sent).
    for (const vm of manifest.vms) {
      const latency = vm.latency ?? { count: 0, p50Us: 0, maxUs: 0 };
      expect({ vm: vm.id, counted: latency.count > 0, unknownOffset: vm.latency?.unknownOffset }).toEqual({
        vm: vm.id,
        counted: true,
        unknownOffset: undefined,
      });
      expect({ vm: vm.id, p50: latency.p50Us >= 0 && latency.p50Us < 1_000_000 }).toEqual({ vm: vm.id, p50: true });
      expect({ vm: vm.id, max: latency.maxUs < 2_500_000 }).toEqual({ vm: vm.id, max: true });
    }
    const check = await execaNode(launcherBin, ['check', out], { reject: false });
    expect(check.stdout.split('\n')[0]?.replace(/ .*/, '')).toBe('valid:');
    for (const host of testHosts.hosts) {
      const nodes = testHosts.nodesIn(host);
      expect({ host: host.name, nodes }).toEqual({ host: host.name, nodes: [] });
    }
  }, 120_000);

  test("Ctrl-C as the VMs get their run: the run's scratch folder goes from every host, made late or not", async () => {
    const out = join(dir.path, 'scratch');
    const six = join(dir.path, 'six.json');
    await writeFile(
      six,
      JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), machines: 6, clockRates: undefined }),
    );
    const launched = execaNode(launcherBin, ['run', six, '--out', out], {
      cwd: dir.path,
      reject: false,
      detached: true,
      env: { CLOCKLAB_SSH_COMMAND: testHosts.sshCommand },
    });
    try {
      const runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
      // A first VM has its run (it made the scratch folder); others are still starting node on their hosts.
      const scratch = join(projectRoot, 'logs', `.remote-${runId}`);
      await waitForPath(scratch, launched);
      ctrlC(launched);
      expect((await launched).exitCode).toBe(130);
      // Every process of the VMs' sessions (a shell not yet become node included), not only the nodes seen so far.
      const vmSide = testHosts.hosts.flatMap((host) => testHosts.pidsIn(host).filter((p) => commandOf(p) !== 'sshd'));
      expect(await waitUntilGone(vmSide, 20_000)).toEqual([]);
      // A VM that got its run as its channel closed made the folder after the launcher removed it: it goes too.
      expect(existsSync(scratch)).toBe(false);
    } finally {
      launched.kill('SIGKILL');
      await launched;
    }
  }, 120_000);

  test('a run folder that cannot take the rows (its disk full): one line naming the file, the rows kept on their host, check explains', async () => {
    const out = join(dir.path, 'full');
    // Only the launcher is limited (the VMs run under their hosts' sshd): its CSVs fill up at 8 KiB.
    const launched = launcherWithFileLimit(8, ['run', config, '--out', out], dir.path, undefined, {
      CLOCKLAB_SSH_COMMAND: testHosts.sshCommand,
    });
    const result = await launched;
    const runId = /clocklab run (\S+):/.exec(result.all ?? '')?.[1] ?? '';
    const scratch = join(projectRoot, 'logs', `.remote-${runId}`);
    try {
      expect(result.exitCode).toBe(1);
      expect(result.all).toMatch(/^run failed: VM \d cannot write \S+\/vm-\d\.csv \(EFBIG\); /m);
      expect(result.all).not.toMatch(/rows refused/);
      const manifest = await readManifest(out);
      const cut = manifest.vms.filter((vm) => vm.exit.startsWith('rows kept on host'));
      expect(cut.length).toBeGreaterThan(0);
      for (const vm of cut) {
        expect(vm.exit).toBe(`rows kept on host ${vm.host}: the run folder cannot take them (EFBIG)`);
        // The rows past what the run folder holds are in the VM's file on its host (these hosts share our disk).
        const onHost = readFileSync(join(scratch, `vm-${vm.id}.csv`), 'utf8');
        const inRun = readFileSync(join(out, `vm-${vm.id}.csv`), 'utf8');
        expect({ vm: vm.id, more: onHost.length > inRun.length && onHost.startsWith(inRun) }).toEqual({
          vm: vm.id,
          more: true,
        });
        // The record points at the end of what the run folder holds (a short write's bytes too): appending the host's
        // file from there makes the whole file, no row twice.
        expect({ vm: vm.id, fromByte: vm.rowsOnHost?.fromByte }).toEqual({
          vm: vm.id,
          fromByte: Buffer.byteLength(inRun),
        });
      }
      const check = await execaNode(launcherBin, ['check', out], { reject: false });
      expect(check.stdout).toMatch(/^valid: /);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  test('Ctrl-C while 16 VMs on one host are still connecting: killed at once, none taken for lost, exit 130', async () => {
    const out = join(dir.path, 'early');
    const crowded = join(dir.path, 'crowded.json');
    const base = JSON.parse(readFileSync(config, 'utf8'));
    const placement = Array.from({ length: 16 }, () => 'h2');
    await writeFile(crowded, JSON.stringify({ ...base, machines: 16, clockRates: undefined, placement }));
    const launched = execaNode(launcherBin, ['run', crowded, '--out', out], {
      cwd: dir.path,
      reject: false,
      detached: true,
      env: { CLOCKLAB_SSH_COMMAND: testHosts.sshCommand },
    });
    try {
      // Before any VM listens: nothing ticked, so the first Ctrl-C already ends every VM at once.
      await waitForLine(launched.stderr, /clocklab run (\S+):/);
      ctrlC(launched);
      const result = await launched;
      expect(result.exitCode).toBe(130);
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('interrupted');
      const lost = manifest.vms.filter((vm) => vm.exit.startsWith('lost'));
      expect(lost.map((vm) => `vm${vm.id}: ${vm.exit}`)).toEqual([]);
      // A VM that was starting when its channel closed ends by itself there: none stays.
      const nodes = testHosts.hosts.flatMap((host) => testHosts.nodesIn(host));
      expect(await waitUntilGone(nodes, 20_000)).toEqual([]);
      for (const host of testHosts.hosts) {
        const left = testHosts.nodesIn(host);
        expect({ host: host.name, left }).toEqual({ host: host.name, left: [] });
      }
    } finally {
      launched.kill('SIGKILL');
      await launched;
    }
  }, 120_000);
});
