/**
 * One VM's whole life: listen, connect the mesh, wait at the start barrier, tick until the common stop instant,
 * then trade end-of-stream markers with every peer so that what was never processed is known exactly.
 */
import { join } from 'node:path';
import { LatencyHistogram } from '../model/latency-histogram.js';
import { LinkFaults } from '../model/link-faults.js';
import { Machine, maxQueued } from '../model/machine.js';
import { RunStats } from '../model/run-stats.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import { faultRandom, seededRandom, vmStream } from '../shared/seeded-random.js';
import type { VmFigures, VmSpec } from '../shared/vm-spec.js';
import { collectBeforeStart, phaseYoungGeneration } from './collect-before-start.js';
import type { Coordinator } from './coordinator.js';
import { CsvLog } from './csv-log.js';
import { endLinks, endWarning, unendedLinks } from './end-links.js';
import type { ClaimedPort } from './mesh-listener.js';
import { messageIntake } from './message-intake.js';
import { type ConnectResult, type ListenResult, PeerMesh } from './peer-mesh.js';
import { realTimerFor } from './real-timer.js';
import { RefusalLog } from './refusal-log.js';
import { type StartNaps, startNaps } from './start-nap.js';
import { runTickLoop, type TickTimer } from './tick-scheduler.js';
import { tickWork } from './tick-work.js';
import { warmUp } from './warm-up.js';
import { warmUpWire } from './wire-warm-up.js';

/**
 * The run cannot go on: a peer sent a value outside its bounds, this VM's queues passed their memory bound, or its
 * CSV cannot be written (a full disk: `detail` is `cannot write .../vm-0.csv (ENOSPC)`).
 */
export type VmFailure = {
  ok: false;
  reason: 'peer-out-of-range' | 'queue-full' | 'peer-lost' | 'cannot-write';
  detail: string;
};

export type VmOutcome =
  | { ok: true; stats: VmFigures }
  | VmFailure
  | Exclude<ListenResult, { ok: true }>
  | Exclude<ConnectResult, { ok: true }>;

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
  const timer = options.timer ?? realTimerFor(spec.clockRate);
  const queueBound = options.queueBound ?? maxQueued(spec.machines);
  const machine = new Machine(spec.id, spec.machines, spec.eventRange, seededRandom(spec.seed, vmStream(spec.id)));
  if (spec.restart !== undefined) {
    machine.clock = spec.restart.clock;
    machine.sends = spec.restart.sends;
    machine.vector = spec.restart.vector;
  }
  const faults = spec.faults === undefined ? undefined : new LinkFaults(spec.faults, faultRandom(spec.seed, spec.id));
  const stats = new RunStats();
  const latency = new LatencyHistogram();
  let stopRequest = Number.POSITIVE_INFINITY;
  let loop: { stopBy(at: number): void } | undefined;
  /** Set from ready to the start: a stop or a failure in the lead ends the naps (and the loop), not the start instant. */
  let naps: StartNaps | undefined;
  const toLocal = (epochMs: number) => epochMs - performance.timeOrigin;
  const refusals = new RefusalLog(`VM ${spec.id}`, log.warn);
  const refuse = (reason: string) => {
    stats.refused += 1;
    refusals.refused(reason);
  };
  let failure: VmFailure | undefined;
  /**
   * Where the VM is in its start: a peer lost while the VMs agree on the start fails it (by hand nothing else would
   * end that wait). While connecting, the connect timeout bounds the wait and a peer's own failure (a squatter on a
   * port) is what the VM should name.
   */
  let start: 'connecting' | 'agreeing' | 'agreed' = 'connecting';
  let onFailure: (failed: VmFailure) => void = () => {};
  const failed = new Promise<VmFailure>((resolve) => {
    onFailure = resolve;
  });
  /** Ends the run at once: no more ticks, no end markers (the launcher, or the peers by hand, see the VM go). */
  const fail = (reason: VmFailure['reason'], detail: string) => {
    if (failure !== undefined) return;
    failure = { ok: false, reason, detail };
    naps?.stop();
    loop?.stopBy(timer.now());
    onFailure(failure);
  };

  const mesh = new PeerMesh(
    {
      run: spec.runId,
      self: spec.id,
      machines: spec.machines,
      secret: spec.secret,
      host: spec.host,
      ...(spec.peerHosts === undefined ? {} : { peerHosts: spec.peerHosts }),
    },
    {
      onMessage: messageIntake({
        machine,
        latency,
        faults,
        timer,
        queueBound,
        onQueueFull: () =>
          fail('queue-full', `VM ${spec.id} holds over ${queueBound} queued messages (its memory bound); run stopped`),
      }),
      onReady: (peer, startAt) => coordinator.onPeerReady(peer, startAt),
      onStop: (peer, at) => {
        if (coordinator.peersMayStop) requestStop(at);
        else refuse(`from VM ${peer}: a stop, which only the launcher may send`);
      },
      onOutOfBounds: (peer, detail) => fail('peer-out-of-range', `VM ${peer} sent VM ${spec.id} ${detail}`),
      onPeerLost: (peer) => {
        if (start === 'agreeing' && coordinator.startAgreedByPeers) {
          fail('peer-lost', `the link from VM ${peer} to VM ${spec.id} dropped before the VMs agreed on a start`);
          return;
        }
        stats.lostPeers.add(peer);
        log.warn(`VM ${spec.id}: link to VM ${peer} dropped; sends to it are recorded as dropped`);
      },
      onRefused: (reason) => refuse(reason),
    },
  );
  function requestStop(atEpochMs: number) {
    stopRequest = Math.min(stopRequest, atEpochMs);
    naps?.stop();
    loop?.stopBy(toLocal(atEpochMs));
  }
  coordinator.onStopRequest(requestStop);
  coordinator.onRejoin?.((peer, port) => mesh.rejoin(peer, port, Date.now() + coordinator.connectTimeoutMs));

  const listening = await mesh.listen(options.claimed ?? spec.port);
  if (!listening.ok) return listening;
  const ports = await coordinator.peerPorts(listening.port);
  const connected = await Promise.race([
    mesh.connect((peer) => ports[peer] ?? 0, Date.now() + coordinator.connectTimeoutMs),
    failed,
  ]);
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
  naps = startNaps(timer);
  if (stopRequest !== Number.POSITIVE_INFINITY || failure !== undefined) naps.stop();
  // Naps never outlive the VM's run: they end on a failure, a stop, the start, or a throw (a bug); a CSV file that
  // cannot be created (one already there, a full disk) is a failure below.
  const window = await Promise.race([coordinator.agreeWindow(mesh), failed]).catch((error: unknown) => {
    naps?.stop();
    throw error;
  });
  if ('ok' in window) {
    naps.stop();
    mesh.close();
    refusals.flush();
    return window;
  }
  start = 'agreed';
  const startAt = toLocal(window.startEpochMs);
  // A restarted VM joins the running schedule: it skips the deadlines that passed while it was down.
  const firstTick =
    spec.restart === undefined ? 0 : Math.max(0, Math.ceil(((timer.now() - startAt) * spec.clockRate) / 1000));
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
    onCannotWrite: (line) => fail('cannot-write', line),
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
  loop = run.loop;
  loop.stopBy(toLocal(stopRequest));
  if (failure !== undefined) loop.stopBy(timer.now());
  void naps.until(startAt);
  await run.ended;
  naps.stop();
  if (failure !== undefined) {
    mesh.close();
    csv.close();
    refusals.flush();
    return failure;
  }
  const sentTo = (peer: number) => stats.sentTo.get(peer) ?? 0;
  const ended = await endLinks(mesh, sentTo, toLocal(Math.min(stopRequest, window.stopEpochMs)), timer);
  // Recorded, not only warned of: the check explains copies lost on these links by it.
  const missing = mesh.withoutEndMarker();
  stats.unendedLinks = unendedLinks(ended, missing);
  const endWarned = endWarning(spec.id, ended, missing.open);
  if (endWarned !== undefined) log.warn(endWarned);
  if (failure !== undefined) {
    mesh.close();
    csv.close();
    refusals.flush();
    return failure;
  }
  const pendingAtStop = machine.pending();
  mesh.close();
  csv.close();
  refusals.flush();
  return {
    ok: true,
    stats: stats.toStats({
      id: spec.id,
      clockRate: spec.clockRate,
      port: listening.port,
      ticks: work.ticks(),
      sent: machine.sends,
      finalClock: machine.clock,
      pendingAtStop,
      stoppedEarly: stopRequest < window.stopEpochMs,
      latency: latency.figures(),
    }),
  };
}
