/**
 * A fake VmTransport for supervisor tests: each VM life records every control message and signal it got, and a
 * script decides how it answers. Messages reach the supervisor on a later microtask, as IPC messages arrive later.
 */

import type { SilenceCut } from '../../launcher/silence-cut.js';
import type { VmEvents, VmExit, VmLife, VmSignal, VmTransport } from '../../launcher/vm-transport.js';
import type { LauncherToVm, VmToLauncher } from '../../shared/ipc-messages.js';
import type { VmFigures, VmSpec } from '../../shared/vm-spec.js';

/** How a fake VM answers a control message. */
export type Script = (vm: FakeVm, message: LauncherToVm) => void;

export class FakeVm implements VmLife {
  readonly id: number;
  readonly pid: number;
  readonly spec: VmSpec;
  readonly received: LauncherToVm[] = [];
  readonly signals: VmSignal[] = [];
  readonly exited: Promise<VmExit>;
  ended = false;
  /** False: a SIGKILL is recorded but the process is seen to end only when the test calls exit (a slow death). */
  diesOnKill = true;
  readonly #events: VmEvents;
  readonly #script: Script;
  #resolve: (exit: VmExit) => void = () => {};

  constructor(spec: VmSpec, pid: number, events: VmEvents, script: Script) {
    this.id = spec.id;
    this.spec = spec;
    this.pid = pid;
    this.#events = events;
    this.#script = script;
    this.exited = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  send(message: LauncherToVm): void {
    if (this.ended) return;
    this.received.push(message);
    this.#script(this, message);
  }

  signal(signal: VmSignal): void {
    if (this.ended) return;
    this.signals.push(signal);
    if (signal === 'SIGKILL' && this.diesOnKill) this.exit({ signal: 'SIGKILL' });
  }

  emit(message: VmToLauncher): void {
    if (this.ended) return;
    queueMicrotask(() => this.#events.onMessage(message));
  }

  /** The process ends (after the messages it already sent, as a real channel delivers them first). */
  exit(how: { code?: number; signal?: string; lost?: string }): void {
    if (this.ended) return;
    this.ended = true;
    queueMicrotask(() => {
      const exit = {
        id: this.id,
        pid: this.pid,
        code: how.code,
        signal: how.signal,
        ...(how.lost === undefined ? {} : { lost: how.lost }),
      };
      this.#events.onExit(exit);
      this.#resolve(exit);
    });
  }

  /** The types of the control messages it got, in order. */
  get types(): string[] {
    return this.received.map((m) => m.type);
  }
}

export class FakeTransport implements VmTransport {
  /** Every life, in the order started. */
  readonly lives: FakeVm[] = [];
  #script: Script;
  #waiters: ((vm: FakeVm) => void)[] = [];
  /** Set: the next start throws it (a transport that cannot start a process). */
  failNextStart: Error | undefined;
  /** Set: where each VM runs, as a transport to other hosts names it. */
  whereIs?: (id: number) => string;
  /** Set: VMs that stopped having heard nothing from the launcher, as a transport to other hosts records them. */
  silenceCut?: () => SilenceCut | undefined;
  /** Set: what a restart awaits before it reads its VM's CSV, as a transport to other hosts fetches rows then. */
  beforeRestart?: (id: number) => Promise<void>;
  /** True: exits are seen as they happen, as a local child's are (set before the supervisor is made). */
  exitsSeenAtOnce = false;

  constructor(script: Script = obedient) {
    this.#script = script;
  }

  start(spec: VmSpec, events: VmEvents): VmLife {
    const failure = this.failNextStart;
    this.failNextStart = undefined;
    if (failure !== undefined) throw failure;
    const vm = new FakeVm(spec, 1000 + this.lives.length, events, (v, m) => this.#script(v, m));
    this.lives.push(vm);
    for (const waiter of this.#waiters.splice(0)) waiter(vm);
    return vm;
  }

  /** VM `id`'s latest life. */
  vm(id: number): FakeVm {
    const vm = this.lives.filter((life) => life.id === id).at(-1);
    if (vm === undefined) throw new Error(`VM ${id} never started`);
    return vm;
  }

  /** Resolves with the next life started. */
  nextStart(): Promise<FakeVm> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

export function figures(id: number, extra: Partial<VmFigures> = {}): VmFigures {
  return {
    id,
    clockRate: 10,
    port: 7000 + id,
    ticks: 5,
    sent: 1,
    received: 1,
    finalClock: 6,
    maxJump: 1,
    maxQueue: 0,
    pendingAtStop: [],
    lostPeers: [],
    unendedLinks: [],
    refused: 0,
    stoppedEarly: false,
    ...extra,
  };
}

/**
 * A well-behaved VM: listens when it gets its spec, connects when it gets the ports, and on a stop request (or
 * `finish`) reports its figures and exits 0.
 */
export const obedient: Script = (vm, message) => {
  switch (message.type) {
    case 'init':
      vm.emit({ type: 'listening', id: vm.id, port: 7000 + vm.id });
      return;
    case 'peers':
      vm.emit({ type: 'connected', id: vm.id });
      return;
    case 'stop':
      finish(vm, { stoppedEarly: true });
      return;
    case 'start':
    case 'rejoin':
      return;
  }
};

/** An obedient VM that never answers a stop request: only a kill ends it once started. */
export const deafToStop: Script = (vm, message) => {
  if (message.type !== 'stop') obedient(vm, message);
};

/** The VM reached its stop: it reports its figures and exits 0. */
export function finish(vm: FakeVm, extra: Partial<VmFigures> = {}): void {
  vm.emit({ type: 'done', id: vm.id, stats: figures(vm.id, extra) });
  vm.exit({ code: 0 });
}

/** Lets queued messages, exits and promise callbacks run (the fakes deliver on microtasks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
