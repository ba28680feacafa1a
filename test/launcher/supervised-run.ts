/** A RunSupervisor over fake VMs and a fake clock, for the tests of its paths. */
import type { FaultConfig } from '../../config/fault-config.js';
import type { SupervisorOutcome } from '../../launcher/run-outcome.js';
import { RunSupervisor } from '../../launcher/run-supervisor.js';
import { startLeadMs } from '../../launcher/start-lead.js';
import type { FaultEvent } from '../../run-folder/faults-csv.js';
import type { VmSpec } from '../../shared/vm-spec.js';
import { FakeTimer } from '../fake-timer.js';
import { FakeTransport, finish, obedient, type Script } from './fake-vm-transport.js';

export const t0 = 1_700_000_000_000;
export const durationMs = 10_000;

export function spec(id: number, machines: number, clockRate = 10, outDir = '/nonexistent/clocklab-test'): VmSpec {
  return {
    id,
    machines,
    runId: 'test-run',
    clockRate,
    eventRange: 5,
    seed: 1,
    host: '127.0.0.1',
    port: 0,
    outDir, // by default a restart reads no CSV there: a first life that wrote nothing
    secret: 'secret',
    verbose: false,
  };
}

export function supervise(
  options: {
    script?: Script;
    machines?: number;
    faults?: FaultConfig;
    rates?: number[];
    exitsSeenAtOnce?: boolean;
    /** Where the VMs' CSVs are (a restart reads its VM's); none by default. */
    outDir?: string;
  } = {},
) {
  const machines = options.machines ?? 3;
  const transport = new FakeTransport(options.script ?? obedient);
  transport.exitsSeenAtOnce = options.exitsSeenAtOnce ?? false;
  const timer = new FakeTimer(t0);
  const faults: FaultEvent[] = [];
  const started: number[] = [];
  const supervisor = new RunSupervisor(
    {
      specs: Array.from({ length: machines }, (_, id) => spec(id, machines, options.rates?.[id], options.outDir)),
      durationMs,
      faults: options.faults,
      speed: 1,
    },
    {
      onProgress() {},
      onStarted: (start) => started.push(start),
      onOutput() {},
      onFault: (event) => faults.push(event),
    },
    { transport, timer },
  );
  let outcome: SupervisorOutcome | undefined;
  const running = supervisor.run().then((result) => {
    outcome = result;
    return result;
  });
  return { supervisor, transport, timer, faults, started, running, outcome: () => outcome };
}

/** VM 1 killed 2 s into the run and restarted 1 s later, its clock kept. */
export const killAndRestartVm1: FaultConfig = {
  links: [],
  partitions: [],
  pauses: [],
  kills: [{ vm: 1, atSecond: 2, restartAfterSeconds: 1, clock: 'kept' }],
};

export const startAt = t0 + startLeadMs(3);
export const stopAt = startAt + durationMs;

/** Every VM's first life finishes at the configured stop. */
export function finishAll(transport: FakeTransport, ids: number[]): void {
  for (const id of ids) finish(transport.vm(id));
}
