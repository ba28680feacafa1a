/**
 * One run from a validated config into an existing empty folder: supervise the VMs, then write the manifest.
 * Used by `launcher run` and by experiments; whatever happens, the CSVs written so far stay and the manifest says
 * how the run ended. Signals are the caller's (the CLI's): it aborts `interrupt` to stop the run in order, `kill`
 * to end it at once. An expected fs failure of the run folder comes back as a value (io-failure.ts), not thrown.
 */
import { injectsFaults } from '../config/fault-config.js';
import type { RunConfig } from '../config/run-config.js';
import { FaultLog } from '../run-folder/faults-csv.js';
import { clocklabVersion, writeManifest } from '../run-folder/folder-writer.js';
import { type IoFailure, orIoFailure } from '../run-folder/io-failure.js';
import type { Manifest } from '../run-folder/manifest.js';
import { endingFields, exitCodeOf, reasonOf } from '../run-folder/run-ending.js';
import { eitherAborts, onAbort } from '../shared/on-abort.js';
import { epochOffsetMs, preciseEpochMs } from '../shared/precise-epoch.js';
import type { InterruptAnswer, SuspendingRun } from '../shared/stop-signals.js';
import { epochTimer } from '../shared/timer-port.js';
import { localVmTransport } from './local-vm-transport.js';
import { manifestVms } from './manifest-vms.js';
import { remoteTransportFor } from './remote-vm-transport.js';
import { resolveRun } from './resolve-run.js';
import { endingOf, type SupervisorOutcome, stoppedAt } from './run-outcome.js';
import { dropStartRecord, startRecordWritten } from './run-start-record.js';
import { RunSupervisor } from './run-supervisor.js';
import type { VmTransport } from './vm-transport.js';

export type ExecuteOptions = {
  dir: string;
  runId: string;
  verbose: boolean;
  /** Where progress and VM output go; `undefined` keeps the run quiet (experiments draw their own progress). */
  progressTo: { write(text: string): unknown } | undefined;
  /**
   * The live view of the run (the CLI's terminal display), made once the VMs' rates are known: `rates` per experiment
   * second, as the summary table after the run gives them; `speed` turns them and the run's real time into each other.
   */
  watch?: (run: { rates: readonly number[]; speed: number }) => RunWatcher;
  /** Aborted (Ctrl-C): every VM stops ticking at one instant just ahead, trades end markers and flushes. */
  interrupt?: AbortSignal;
  /** Told, as `interrupt` aborts, whether the run stops or its ticks were complete already (it stops nothing). */
  answerInterrupt?: (answer: InterruptAnswer) => void;
  /** Aborted (a second Ctrl-C): every VM is killed at once. */
  kill?: AbortSignal;
  /**
   * Called once no VM is left running (the supervisor is done): the signal it returns, aborted (a stop signal from
   * then on), cuts what the end still waits on, a lost host asked for its VMs' last rows; `kill` cuts it too.
   */
  onVmsEnded?: () => AbortSignal;
  /**
   * With VMs on other hosts: given what must be done before the launcher stops at a Ctrl-Z (its VMs told to hold,
   * or they take its silence for a cut) and once it runs on, it listens for that signal until the returned function
   * is called.
   */
  onSuspend?: (run: SuspendingRun) => () => void;
  /** How VMs are started: local child processes unless given. */
  transport?: VmTransport;
};

/** A live view of a run: told when it starts, each VM's progress, and when it ends. */
export type RunWatcher = {
  start(startEpochMs: number, stopEpochMs: number): void;
  update(id: number, progress: { tick: number; clock: number; queue: number }): void;
  stop(): void;
};

/** A run that ended, ok or not, with its manifest written. */
export type RunEnded = { kind: 'ended'; exitCode: number; manifest: Manifest; failure: string | undefined };

/** Or the run folder could not be written to the end (a full disk, a vanished folder): what was written stays. */
export type RunResult = RunEnded | IoFailure;

export function executeRun(config: RunConfig, options: ExecuteOptions): Promise<RunResult> {
  return orIoFailure(() => runIntoFolder(config, options));
}

async function runIntoFolder(config: RunConfig, options: ExecuteOptions): Promise<RunResult> {
  const { dir, runId } = options;
  // The epoch clock's one measurement (about 0.5 ms of spinning) now, not in the first kill it stamps.
  epochOffsetMs();
  const run = resolveRun(config, dir, runId, options.verbose);
  const startedAt = new Date(preciseEpochMs()).toISOString();
  const version = clocklabVersion();
  const progress = options.watch?.({ rates: run.clockRates, speed: config.speed });
  const faultLog = injectsFaults(config.faults) ? new FaultLog(dir, config.speed) : undefined;
  const plan = { specs: run.specs, durationMs: run.realDurationMs, faults: config.faults, speed: config.speed };
  // With config.hosts, VMs run on those hosts over ssh.
  const remote = remoteTransportFor(config, runId, dir);
  const onHost = (id: number) => (remote === undefined ? '' : `, host ${remote.hostOf(id)}`);
  /** The start record's write, begun as the start is told; it never rejects (startRecordWritten). */
  let startRecord: Promise<boolean> = Promise.resolve(false);
  const supervisor = new RunSupervisor(
    plan,
    {
      onProgress: (p) => progress?.update(p.id, p),
      // The start's phases, for whoever follows a slow start (VMs on hosts) or signals it at a given one.
      onListening: () => {
        if (options.verbose) options.progressTo?.write('every VM listens: linking them (their ports handed out)\n');
      },
      onStarted: (start, stop, vms) => {
        const list = vms.map((vm, id) => `vm${id} (pid ${vm.pid}, port ${vm.port}${onHost(id)})`).join(', ');
        const told = { startedAt, startEpochMs: start, stopEpochMs: stop, vms };
        startRecord = startRecordWritten(dir, run, told, remote, version);
        options.progressTo?.write(`started ${list}\n`);
        progress?.start(start, stop);
      },
      onOutput: (id, line) => options.progressTo?.write(`vm${id}: ${line}\n`),
      onFault: (event) => {
        faultLog?.record(event);
        options.progressTo?.write(`fault: ${event.kind}${event.vm === '' ? '' : ` vm${event.vm}`} ${event.detail}\n`);
      },
    },
    { transport: options.transport ?? remote ?? localVmTransport, timer: epochTimer, stampNow: preciseEpochMs },
  );
  const unlisten = [
    onAbort(options.interrupt, () => {
      const answer = supervisor.interrupt(); // first: an optional call would skip its argument
      options.answerInterrupt?.(answer);
    }),
    onAbort(options.kill, () => supervisor.forceStop()),
    ...(remote === undefined || options.onSuspend === undefined
      ? []
      : [options.onSuspend({ prepare: () => remote.hold(), resume: () => remote.resume() })]),
  ];
  let outcome: SupervisorOutcome;
  try {
    outcome = await supervisor.run().finally(() => {
      for (const off of unlisten) off();
      progress?.stop();
    });
    await faultLog?.close();
  } finally {
    // On every path, a throw too (an experiment goes on to its next trial): the hosts' CSVs and shells are closed,
    // and the transport's timers (its stall watch) stop.
    const cut = eitherAborts(options.kill, options.onVmsEnded?.());
    await remote?.finish({ killed: options.kill?.aborted === true, cut });
  }
  const vms = await manifestVms(dir, run.specs, outcome.stats, supervisor, remote);
  const ending = endingOf(outcome);
  const manifest: Manifest = {
    runId,
    ...endingFields(ending),
    seed: run.seed,
    config: run.config,
    clockRates: run.clockRates,
    speed: run.config.speed,
    startedAt,
    // On the clock startEpochMs and every row are on (check judges the end by it).
    endedAt: new Date(preciseEpochMs()).toISOString(),
    ...(outcome.startEpochMs === undefined ? {} : { startEpochMs: outcome.startEpochMs }),
    ...stoppedAt(outcome, run.config),
    version: await version,
    ...(remote === undefined ? {} : { hosts: remote.report() }),
    vms,
  };
  if (!outcome.ok && outcome.reason === 'cannot-write') {
    // The run folder could not be written (a full disk), as a sim's failing write would say it: one line. The
    // manifest is still tried, so that what was written reads; when it cannot be written either, both are said.
    const alsoManifest = await orIoFailure(() => writeManifest(dir, manifest));
    if (alsoManifest === undefined) await dropStartRecord(dir, startRecord);
    const then = alsoManifest === undefined ? '' : `; then ${alsoManifest.line}`;
    return { kind: 'io-failure', line: `${outcome.detail}${then}` };
  }
  await writeManifest(dir, manifest);
  await dropStartRecord(dir, startRecord);
  return { kind: 'ended', exitCode: exitCodeOf(ending), manifest, failure: reasonOf(ending) };
}
