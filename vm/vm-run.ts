/**
 * One VM's whole life: listen, connect the mesh, wait at the start barrier, tick until the common stop instant,
 * then trade end-of-stream markers with every peer so that what was never processed is known exactly.
 */
import { join } from 'node:path';
import { LatencyHistogram } from '../model/latency-histogram.js';
import { LinkFaults } from '../model/link-faults.js';
import { maxQueued } from '../model/machine.js';
import { rejoinTick } from '../model/rejoin-tick.js';
import { RunStats } from '../model/run-stats.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import { meshConnectMs } from '../shared/mesh-deadlines.js';
import { epochOffsetMs, epochToLocalMs } from '../shared/precise-epoch.js';
import { faultRandom } from '../shared/seeded-random.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { collectBeforeStart, phaseYoungGeneration } from './collect-before-start.js';
import type { Coordinator } from './coordinator.js';
import { CsvLog } from './csv-log.js';
import { LostLinkLog } from './lost-link-log.js';
import type { ClaimedPort } from './mesh-listener.js';
import { applyPeerOffsets, newPeerOffsets } from './peer-clock-offsets.js';
import { realTimerFor } from './real-timer.js';
import { RefusalLog } from './refusal-log.js';
import { RunHalt } from './run-halt.js';
import { startNaps } from './start-nap.js';
import { runTickLoop, type TickTimer } from './tick-scheduler.js';
import { tickWork } from './tick-work.js';
import { goPastKeptRows, vmMachine } from './vm-machine.js';
import { type StartPhase, vmMesh } from './vm-mesh.js';
import type { VmOutcome } from './vm-outcome.js';
import { endVmRun } from './vm-run-end.js';
import { warmUp } from './warm-up.js';
import { warmUpWire } from './wire-warm-up.js';

export type VmLog = { event(line: string): void; warn(line: string): void };

export type VmRunOptions = {
  timer?: TickTimer | undefined;
  queueBound?: number | undefined;
  /** By hand: the VM's port, bound before anything else was done (claimPort); otherwise it listens on `spec.port`. */
  claimed?: ClaimedPort;
};

export async function runVm(
  spec: VmSpec,
  coordinator: Coordinator,
  log: VmLog,
  options: VmRunOptions = {},
): Promise<VmOutcome> {
  // The epoch clock's one measurement (about 0.5 ms of spinning) now, long before the start it places.
  epochOffsetMs();
  const timer = options.timer ?? realTimerFor(spec.clockRate);
  const queueBound = options.queueBound ?? maxQueued(spec.machines);
  const machine = vmMachine(spec);
  const faults = spec.faults === undefined ? undefined : new LinkFaults(spec.faults, faultRandom(spec.seed, spec.id));
  const stats = new RunStats();
  const latency = new LatencyHistogram();
  const peerOffsetsMs = newPeerOffsets(spec);
  const toLocal = epochToLocalMs;
  const halt = new RunHalt(timer, toLocal);
  const refusals = new RefusalLog(`VM ${spec.id}`, log.warn);
  const lostLinks = new LostLinkLog(`VM ${spec.id}`, log.warn);
  // Launched, a run that fails before its start kills every VM at once (refusal-log.ts); by hand they are told live.
  if (!coordinator.startAgreedByPeers) refusals.hold();
  let start: StartPhase = 'connecting';
  const mesh = vmMesh(spec, {
    machine,
    latency,
    peerOffsetsMs,
    faults,
    timer,
    queueBound,
    coordinator,
    stats,
    refusals,
    lostLinks,
    log,
    halt,
    start: () => start,
  });
  coordinator.onStopRequest((atEpochMs) => halt.requestStop(atEpochMs));
  // The coordinator's time, or more for a mesh whose linking takes longer (shared/mesh-deadlines.ts).
  const connectMs = Math.max(coordinator.connectTimeoutMs, meshConnectMs(spec.machines));
  coordinator.onRejoin?.((peer, port) => mesh.rejoin(peer, port, Date.now() + connectMs));

  const listening = await mesh.listen(options.claimed ?? spec.port);
  if (!listening.ok) return listening;
  const ports = await coordinator.peerPorts(listening.port);
  const connected = await Promise.race([mesh.connect((peer) => ports[peer] ?? 0, Date.now() + connectMs), halt.failed]);
  if (!connected.ok) {
    mesh.close();
    refusals.flush();
    return connected;
  }
  start = 'agreeing';
  // Ready means ready to tick at once: the tick code and the message path are warm, and the heap settled, before
  // this VM says it is connected.
  await Promise.all([warmUp(spec, timer), warmUpWire(spec.clockRate)]);
  latency.mapPages();
  collectBeforeStart();
  phaseYoungGeneration(spec.id / spec.machines);
  await new Promise<void>((resolve) => timer.waitPrecise(resolve, 0.05));
  // Awake from here to the start (start-nap.ts says why).
  const naps = startNaps(timer);
  halt.napsBegun(naps);
  // Naps never outlive the VM's run: they end on a failure, a stop, the start, or a throw (a bug); a CSV file that
  // cannot be created (one already there, a full disk) is a failure below.
  const window = await Promise.race([coordinator.agreeWindow(mesh), halt.failed]).catch((error: unknown) => {
    naps.stop();
    throw error;
  });
  if ('ok' in window) {
    naps.stop();
    mesh.close();
    refusals.flush();
    return window;
  }
  start = 'agreed';
  applyPeerOffsets(peerOffsetsMs, window);
  lostLinks.started();
  refusals.release();
  const startAt = toLocal(window.startEpochMs);
  // A restarted VM joins the running schedule: it skips the deadlines that passed while it was down.
  const firstTick = spec.restart === undefined ? 0 : rejoinTick(timer.now() - startAt, spec.clockRate);
  goPastKeptRows(machine, spec.restart, firstTick);
  const csv = CsvLog.open(join(spec.outDir, csvFileName(spec.id)), spec.id, spec.restart !== undefined);
  if (!(csv instanceof CsvLog)) {
    naps.stop();
    mesh.close();
    refusals.flush();
    return { ok: false, reason: 'cannot-write', detail: csv.line };
  }
  const work = tickWork({
    id: spec.id,
    machines: spec.machines,
    machine,
    csv,
    stats,
    faults,
    timer,
    startAt,
    firstTick,
    mesh,
    coordinator,
    verboseLog: spec.verbose ? log : undefined,
    onCannotWrite: (line) => halt.fail('cannot-write', line),
  });

  // The loop is armed now, in the lead: at the start instant only its wake-up and the tick run, not this function's
  // code after an await (each of 64 VMs running it for the first time there missed its caches at tick 0, perf). A
  // stop or a failure in the lead moves the loop's end before tick 0 and ends the naps.
  const run = runTickLoop({
    timer,
    rate: spec.clockRate,
    startAt,
    stopAt: toLocal(window.stopEpochMs),
    firstTick,
    onTick: work.onTick,
  });
  halt.loopArmed(run.loop);
  void naps.until(startAt);
  await run.ended;
  naps.stop();
  // The last state, for the launcher's live view to end on: its reports come every 500 ms, so its last one was
  // up to that far behind the figures the table under it prints.
  coordinator.reportProgress({
    tick: firstTick + work.ticks(),
    clock: machine.clock,
    queue: machine.messageQueue.length,
  });
  return endVmRun(spec, {
    mesh,
    csv,
    refusals: {
      flush() {
        refusals.flush();
        lostLinks.flush();
      },
    },
    halt,
    machine,
    stats,
    latency,
    timer,
    log,
    port: listening.port,
    ticks: work.ticks,
    stopEpochMs: window.stopEpochMs,
    toLocal,
  });
}
