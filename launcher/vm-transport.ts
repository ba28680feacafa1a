/**
 * How the supervisor starts and talks to one VM, whatever carries it: a local child process with an IPC channel
 * (local-vm-transport.ts) or a process on another host. The supervisor only ever sees these types, so it is tested
 * with a fake transport, and a remote transport needs nothing from it but this file.
 */
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import type { SilenceCut } from './silence-cut.js';

/** How one life of a VM ended. `signal` is the signal's name when a signal ended it (e.g. `SIGKILL`). */
export type VmExit = {
  id: number;
  pid: number | undefined;
  code: number | undefined;
  signal: string | undefined;
  /** Set when the VM was lost rather than seen to exit (its host became unreachable): what happened, naming the host. */
  lost?: string;
  /** Lost before it ever answered (its ssh session ended first): it never ran, so no "before the run ended". */
  neverReached?: true;
};

/**
 * Signals the supervisor sends to a VM's process: pause and resume (injected pauses) and kill (injected kills, a
 * forced stop). An orderly stop is a `stop` message on the control channel, never a signal.
 */
export type VmSignal = 'SIGSTOP' | 'SIGCONT' | 'SIGKILL';

/**
 * How a signal is sent. `pauseMs` comes with an injected pause's SIGSTOP: how long it lasts, so that a VM on another
 * host is continued by then even if its launcher cannot reach it. `now`: a kill of a forced stop (a second Ctrl-C),
 * which must wait on nothing that can hang, such as the channel to a host cut off.
 */
export type SignalHow = { pauseMs?: number; now?: boolean };

/** What a VM's life tells the supervisor; each callback runs on the supervisor's event loop. */
export type VmEvents = {
  onMessage(message: VmToLauncher): void;
  /** One line the VM wrote to its stdout or stderr, without the newline. */
  onOutput(line: string): void;
  /** Called once, when the life has ended and its control channel is closed. */
  onExit(exit: VmExit): void;
};

/** One life of one VM: from its start to its exit. A restarted VM is a new life. */
export type VmLife = {
  /** The OS process id where the transport knows it (shown to the user and recorded in the manifest). */
  readonly pid: number | undefined;
  /** Sends a control message; dropped without error once the channel is closed (the VM is gone). */
  send(message: LauncherToVm): void;
  /** Signals the VM's process; does nothing once it has exited. */
  signal(signal: VmSignal, how?: SignalHow): void;
  /** Resolves once the life has ended (after `onExit`). Never rejects. */
  readonly exited: Promise<VmExit>;
};

/**
 * Starts VMs. The spec is the one the VM will receive in its `init` message (sent by the supervisor): a transport
 * may use it to choose how to start the process (e.g. its clock rate picks the VM's runtime flags).
 * A VM whose control channel closes must stop (in order if it was ticking), so no VM outlives its launcher.
 */
export type VmTransport = {
  start(spec: VmSpec, events: VmEvents): VmLife;
  /**
   * True when a VM's exit is seen as it happens (a local child's, within milliseconds of its end), so the instant it
   * is seen can stand for the VM's stop; absent where it comes late (a remote VM's, over ssh).
   */
  readonly exitsSeenAtOnce?: boolean;
  /** Extra lead a start or stop message needs to reach every VM before its instant (VMs on other hosts). */
  extraLeadMs?(): number;
  /** Where VM `id` runs, for lines naming it (`host h2`); absent for VMs on this machine. */
  whereIs?(id: number): string;
  /**
   * Before VM `id`'s restart reads its CSV: what its killed life wrote that the run folder lacks is asked for once
   * more, where it could not be at the kill (a remote VM's host); absent where nothing can be missing.
   */
  beforeRestart?(id: number): Promise<void>;
  /** VMs that stopped early because they heard nothing from the launcher, if any did (remote VMs: silence-cut.ts). */
  silenceCut?(): SilenceCut | undefined;
};
