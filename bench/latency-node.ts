/**
 * One latency node: a process with the VM's own link code (vm/peer-mesh.ts PeerMesh) and, in `vm` mode, the VM's
 * tick loop, Machine and CSV log at the VM's rate, so the receiving event loop is as busy as a real VM's. It records,
 * for every message frame, arrival in its network queue (the PeerMesh onMessage callback, where a VM calls
 * machine.deliver) minus the sender's time stamp. In `idle` and `awake` mode node 0 sends node 1 one frame per ms
 * and nothing ticks. Driven by latency-suite.ts over IPC.
 */
import { join } from 'node:path';
import { Machine } from '../model/machine.js';
import { adoptHandedMapping, epochToLocalMs } from '../shared/precise-epoch.js';
import { seededRandom, vmStream } from '../shared/seeded-random.js';
import { CsvLog } from '../vm/csv-log.js';
import { PeerMesh } from '../vm/peer-mesh.js';
import { realTimer } from '../vm/real-timer.js';
import { startTickLoop } from '../vm/tick-scheduler.js';
import type { MessageFrame } from '../vm/wire-frames.js';
import { monotonicMs, type NodeInit, type NodeToParent, type ParentToNode } from './latency-protocol.js';

const next = <T extends ParentToNode['type']>(type: T) =>
  new Promise<Extract<ParentToNode, { type: T }>>((resolve) => {
    const on = (raw: unknown) => {
      if ((raw as ParentToNode).type !== type) return;
      process.off('message', on);
      resolve(raw as Extract<ParentToNode, { type: T }>);
    };
    process.on('message', on);
  });
const tell = (message: NodeToParent) =>
  new Promise<void>((resolve) => process.send?.(message, undefined, {}, () => resolve()));

async function runNode(init: NodeInit): Promise<NodeToParent> {
  const { id } = init;
  const latenciesUs: number[] = [];
  const machine = new Machine(id, init.machines, 10, seededRandom(init.seed, vmStream(id)));
  const mesh = new PeerMesh(
    { run: init.runId, self: id, machines: init.machines, secret: init.secret, host: '127.0.0.1' },
    {
      onMessage: (frame) => {
        latenciesUs.push((monotonicMs() - frame.sentAt) * 1000);
        const vector = frame.vc === undefined ? {} : { vector: frame.vc };
        machine.deliver({ id: frame.id, from: frame.from, clock: frame.clock, ...vector });
      },
      onReady: () => {},
      onStarted: () => {},
      onStop: () => {},
      onPeerLost: () => {},
      onRefused: () => {},
      onOutOfBounds: () => {},
    },
  );
  const listening = await mesh.listen(0);
  if (!listening.ok) return { type: 'failed', id, detail: listening.detail };
  const peers = next('peers');
  await tell({ type: 'listening', id, port: listening.port });
  const { ports } = await peers;
  const connected = await mesh.connect((peer) => ports[peer] ?? 0, Date.now() + 10_000);
  if (!connected.ok) return { type: 'failed', id, detail: connected.detail };
  const started = next('start');
  await tell({ type: 'connected', id });
  const window = await started;
  const toLocal = epochToLocalMs;
  const sentTo = new Map<number, number>();
  const send = (peer: number, frame: MessageFrame) => {
    if (mesh.send(peer, frame)) sentTo.set(peer, (sentTo.get(peer) ?? 0) + 1);
  };
  let ticks = 0;
  if (init.mode === 'vm') {
    const csv = new CsvLog(join(init.outDir, `node-${id}.csv`), id);
    const startAt = toLocal(window.startEpochMs);
    ticks = await new Promise<number>((resolve) => {
      startTickLoop({
        timer: realTimer,
        rate: init.rate,
        startAt,
        stopAt: toLocal(window.stopEpochMs),
        // As vm/tick-work.ts does it: the tick, its CSV row, then the message.
        onTick: (tick) => {
          const now = realTimer.now();
          const outcome = machine.tick(now);
          csv.write({ tick, systemTime: new Date().toISOString(), elapsedMs: now - startAt }, outcome);
          if (outcome.event !== 'send') return;
          const { msgId, clock, vector } = outcome;
          const frame: MessageFrame = { t: 'msg', id: msgId, from: id, clock, sentAt: monotonicMs(), vc: [...vector] };
          for (const peer of outcome.to) send(peer, frame);
        },
        onEnd: resolve,
      });
    });
    csv.close();
  } else {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, window.startEpochMs - Date.now())));
    // `awake`: the receiver polls through setImmediate instead of sleeping, so no wake-up is in the figure.
    const pause = init.mode === 'awake' && id === 1 ? setImmediate : (fn: () => void) => setTimeout(fn, 1);
    while (Date.now() < window.stopEpochMs) {
      if (id === 0) send(1, { t: 'msg', id: `0-${ticks}`, from: 0, clock: ticks, sentAt: monotonicMs() });
      ticks += 1;
      await new Promise<void>((resolve) => pause(resolve));
    }
  }
  await Promise.race([mesh.finish((peer) => sentTo.get(peer) ?? 0), new Promise((r) => setTimeout(r, 5000))]);
  mesh.close();
  return { type: 'done', id, latenciesUs, ticks };
}

// The bench's clock mapping, as a launched VM takes its launcher's (shared/precise-epoch.ts).
const clockProblem = adoptHandedMapping(process.env);
if (clockProblem !== undefined) throw new Error(clockProblem);
const init = await next('init');
await tell(
  await runNode(init).catch((error: unknown) => ({ type: 'failed', id: init.id, detail: String(error) }) as const),
);
process.disconnect();
