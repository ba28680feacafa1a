/**
 * Step 3, message latency: send (frame stamped just before socket.write) to arrival in the receiving VM's network
 * queue. First as the VMs report it (vm-latency.ts). Then from outside, as a cross-check: three latency nodes (separate processes, one PeerMesh each, the VM's own link code) tick like VMs at
 * 1000/s for 10 s; every frame's one-way time is recorded by its receiver. For reference, an idle link (2 processes,
 * no ticking, one frame per ms), once with a sleeping and once with a polling receiver, separates the cost of the
 * wire and the decoder from the wake-up of a sleeping process.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { sharedClockEnv } from '../shared/precise-epoch.js';
import { track } from './child-guard.js';
import type { LatencyMode, NodeToParent, ParentToNode } from './latency-protocol.js';
import { type BenchRow, infoRow } from './result-table.js';
import { percentile } from './stats.js';
import { latencyMeasuredByVms } from './vm-latency.js';

const nodeEntry = fileURLToPath(new URL('./latency-node.js', import.meta.url));

type Case = { label: string; mode: LatencyMode; machines: number; rate: number; seconds: number };
const idleLabel = 'idle link, 2 processes, 1 frame/ms (reference)';
const cases: Case[] = [
  { label: '3 VMs x 1000/s, bench harness (pooled)', mode: 'vm', machines: 3, rate: 1000, seconds: 10 },
  { label: idleLabel, mode: 'idle', machines: 2, rate: 0, seconds: 5 },
  // Short: a polling receiver holds a whole core.
  { label: 'same, receiver kept awake (polling)', mode: 'awake', machines: 2, rate: 0, seconds: 3 },
];

export type LatencyResult = { label: string; frames: number; p50Us: number; p99Us: number; maxUs: number };

/** Issue 13: no worse than 114 / 670 us (the VMs' own figure before it) by more than 20%. */
const targetP50Us = 114 * 1.2;
const targetP99Us = 670 * 1.2;

export async function latencySuite(workDir: string, log: (line: string) => void) {
  log('latency: launcher run, 3 VMs @ 1000/s for 10 s (figures from the manifest)');
  const inVm = await latencyMeasuredByVms(workDir);
  const results: LatencyResult[] = [];
  for (const c of cases) {
    log(`latency: ${c.label} for ${c.seconds} s`);
    results.push(await latencyCase(c, workDir));
  }
  const idle = results.find((r) => r.label === idleLabel);
  const beside = idle === undefined ? '' : ` | idle link ${idle.p50Us.toFixed(0)} / ${idle.p99Us.toFixed(0)} us`;
  const rows: BenchRow[] = [];
  if (inVm === undefined) rows.push(infoRow('message latency, in the VMs', 'not reported by this build'));
  else {
    rows.push({
      metric: 'message latency p50 / p99, 3 VMs x 1000/s, measured by the VMs (worst VM)',
      figure: `${inVm.p50Us.toFixed(0)} / ${inVm.p99Us.toFixed(0)} us${beside}; per VM ${inVm.perVm} us`,
      target: `<= ${targetP50Us.toFixed(0)} / ${targetP99Us.toFixed(0)} us`,
      pass: inVm.p50Us <= targetP50Us && inVm.p99Us <= targetP99Us,
    });
  }
  for (const r of results) {
    rows.push(
      infoRow(
        `message latency p50 / p99, ${r.label}`,
        `${r.p50Us.toFixed(0)} / ${r.p99Us.toFixed(0)} us; max ${r.maxUs.toFixed(0)} us (${r.frames} frames)`,
      ),
    );
  }
  return { rows, results, inVm };
}

async function latencyCase(c: Case, outDir: string): Promise<LatencyResult> {
  await mkdir(outDir, { recursive: true });
  const children = Array.from({ length: c.machines }, () =>
    track(
      execaNode(nodeEntry, [], {
        ipc: true,
        serialization: 'json',
        reject: false,
        stdin: 'ignore',
        env: sharedClockEnv(),
      }),
    ),
  );
  const inbox: NodeToParent[] = [];
  let exited = 0;
  let wake = () => {};
  for (const child of children) {
    child.on('message', (m) => {
      inbox.push(m as NodeToParent);
      wake();
    });
    void child.then(() => {
      exited += 1;
      wake();
    });
  }
  const gather = (type: NodeToParent['type'], timeoutMs: number) =>
    new Promise<NodeToParent[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`latency nodes: no '${type}' within ${timeoutMs} ms`)),
        timeoutMs,
      );
      wake = () => {
        const failed = inbox.find((m) => m.type === 'failed');
        if (failed?.type === 'failed') reject(new Error(`latency node ${failed.id}: ${failed.detail}`));
        const got = inbox.filter((m) => m.type === type);
        if (got.length < c.machines) {
          if (exited > 0) reject(new Error(`a latency node exited before '${type}'`));
          return;
        }
        clearTimeout(timer);
        resolve(got);
      };
      wake();
    });
  const tellAll = (m: ParentToNode | ((id: number) => ParentToNode)) =>
    children.forEach((child, id) => void child.sendMessage(typeof m === 'function' ? m(id) : m));
  try {
    const [runId, secret] = [`latency-${Date.now()}`, randomBytes(16).toString('hex')];
    tellAll((id) => ({
      type: 'init',
      id,
      machines: c.machines,
      mode: c.mode,
      rate: c.rate,
      seed: 3,
      runId,
      secret,
      outDir,
    }));
    const ports: number[] = [];
    for (const m of await gather('listening', 15_000)) if (m.type === 'listening') ports[m.id] = m.port;
    tellAll({ type: 'peers', ports });
    await gather('connected', 15_000);
    const startEpochMs = Date.now() + 200;
    tellAll({ type: 'start', startEpochMs, stopEpochMs: startEpochMs + c.seconds * 1000 });
    const done = await gather('done', c.seconds * 1000 + 20_000);
    await Promise.all(children);
    const all = done.flatMap((m) => (m.type === 'done' ? m.latenciesUs : []));
    return {
      label: c.label,
      frames: all.length,
      p50Us: percentile(all, 50),
      p99Us: percentile(all, 99),
      maxUs: Math.max(...all),
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.allSettled(children);
    await rm(outDir, { recursive: true, force: true });
  }
}
