/**
 * Several hosts beside one host: the same run (6 VMs @ 200/s for 10 s) on this machine alone, then on three network
 * namespace hosts over ssh (test/integration/test-hosts.ts: veth, bridge, sshd each). Figures: message latency as the
 * VMs measure it (worst VM's p50 and p99: percentiles of separate VMs cannot be pooled), launch to tick 0, and the
 * clock offsets measured (~0 here: one machine's clock). Needs root and /usr/sbin/sshd; otherwise says so.
 *
 * A step of `npm run bench` (skipped, saying why, where test hosts cannot be made); alone:
 * `node dist/bench/hosts-suite.js`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../run-folder/manifest.js';
import { createTestHosts, testHostsUnavailable } from '../test/integration/test-hosts.js';
import { type LauncherRun, runLauncher } from './launcher-run.js';
import { type BenchRow, formatTable, infoRow } from './result-table.js';

const base = { machines: 6, clockRates: [200, 200, 200, 200, 200, 200], durationSeconds: 10, seed: 7 };

/** Why namespace test hosts cannot be made here (root, `ip` and sshd are needed), or undefined when they can. */
export function hostsUnavailable(): string | undefined {
  const problem = testHostsUnavailable();
  if (problem !== undefined) return problem;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return "ip (iproute2) is missing: install Debian's iproute2";
  }
  return undefined;
}

export async function hostsSuite(workDir: string, log: (line: string) => void) {
  const problem = hostsUnavailable();
  if (problem !== undefined) return { rows: [infoRow('several hosts', `not measured: ${problem}`)] };
  log('hosts: 6 VMs @ 200/s for 10 s on this host');
  const local = await runLauncher(base, join(workDir, 'hosts-local'));
  const testHosts = createTestHosts(3);
  const previous = process.env.CLOCKLAB_SSH_COMMAND;
  try {
    process.env.CLOCKLAB_SSH_COMMAND = testHosts.sshCommand;
    log('hosts: the same on 3 namespace hosts over ssh');
    const hosts = testHosts.hosts.map((h) => ({ name: h.name, ssh: h.ssh, address: h.address }));
    const remote = await runLauncher({ ...base, network: { allowNonLoopback: true }, hosts }, join(workDir, 'hosts-3'));
    const rows: BenchRow[] = [
      infoRow('latency p50/p99, 6 VMs @ 200/s, one host (worst VM)', latency(local.manifest)),
      infoRow('latency p50/p99, same on 3 namespace hosts (worst VM)', latency(remote.manifest)),
      infoRow('launch to tick 0, one host / 3 hosts over ssh', `${startMs(local)} ms / ${startMs(remote)} ms`),
      infoRow('clock offset used per host (rtt)', offsets(remote.manifest)),
    ];
    return { rows, local: local.manifest.vms, remote: { vms: remote.manifest.vms, hosts: remote.manifest.hosts } };
  } finally {
    if (previous === undefined) delete process.env.CLOCKLAB_SSH_COMMAND;
    else process.env.CLOCKLAB_SSH_COMMAND = previous;
    testHosts.remove();
  }
}

function latency(manifest: Manifest): string {
  const figures = manifest.vms.map((vm) => vm.latency).filter((f) => f !== undefined);
  if (figures.length === 0) return `not reported (run ${manifest.status})`;
  const p50 = Math.max(...figures.map((f) => f.p50Us));
  const p99 = Math.max(...figures.map((f) => f.p99Us));
  return `${p50} / ${p99} us (${manifest.status})`;
}

const startMs = (run: LauncherRun) => Math.round((run.manifest.startEpochMs ?? Number.NaN) - run.spawnEpochMs);

function offsets(manifest: Manifest): string {
  return (manifest.hosts ?? []).map((h) => `${h.name} ${h.clockOffsetMs} ms (${h.rttMs} ms)`).join(', ');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-bench-hosts-'));
  try {
    const { rows } = await hostsSuite(dir, (line) => process.stderr.write(`bench: ${line}\n`));
    console.log(formatTable(rows));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
