/**
 * Coordination through the launcher's control channel (IPC, or SSH for a VM on another host): the launcher hands
 * out the peers' ports and the common start instant, and can ask for an early stop. A VM whose launcher dies (the
 * channel closes) stops at once; it keeps its own drops too, for the end record it then writes (vm-end-record-file.ts).
 */

import type { VmToLauncher } from '../shared/ipc-messages.js';
import { preciseEpochMs } from '../shared/precise-epoch.js';
import type { Drop } from '../shared/vm-spec.js';
import { type ControlChannel, ipcChannel } from './control-channel.js';
import type { Coordinator, RunWindow } from './coordinator.js';

type Waiters = { peers?: (ports: number[]) => void; start?: (window: RunWindow) => void };

export type LaunchedCoordinator = Coordinator & {
  /**
   * Set once the channel closed after the start (the launcher is gone, and will not hear this VM's end): the stop the
   * VM ran to (epoch ms), the earliest of the close, the run's stop and any stop the launcher told before it went.
   */
  readonly launcherGoneAtEpochMs: number | undefined;
  /** Every copy this VM dropped, as told to the launcher. */
  readonly drops: readonly Drop[];
};

export function launchedCoordinator(id: number, channel: ControlChannel = ipcChannel()): LaunchedCoordinator {
  const waiters: Waiters = {};
  let started = false;
  let launcherGoneAt: number | undefined;
  // The stops the VM may have run to before the close: a launcher that dies after the run's stop (its VMs ending
  // their links) closed the channel after the VM stopped, and its record said the close, past the run's end.
  let stopBefore = Number.POSITIVE_INFINITY;
  const drops: Drop[] = [];
  let stopHandler: (at: number) => void = () => {};
  let rejoinHandler: (peer: number, port: number) => void = () => {};
  const send = (message: VmToLauncher) => channel.send(message);
  channel.onMessage((message) => {
    switch (message.type) {
      case 'peers':
        return waiters.peers?.(message.ports);
      case 'start':
        started = true;
        stopBefore = Math.min(stopBefore, message.stopEpochMs);
        return waiters.start?.({
          startEpochMs: message.startEpochMs,
          stopEpochMs: message.stopEpochMs,
          ...(message.peerOffsetsMs === undefined ? {} : { peerOffsetsMs: message.peerOffsetsMs }),
        });
      case 'stop':
        stopBefore = Math.min(stopBefore, message.atEpochMs);
        return stopHandler(message.atEpochMs);
      case 'rejoin':
        return rejoinHandler(message.id, message.port);
      case 'init':
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown launcher message ${JSON.stringify(never)}`);
      }
    }
  });
  channel.onClose(() => {
    // The launcher is gone (or this VM is done): never linger as an orphan. Before the start there is nothing to
    // keep; once ticking, the stop request ends the run in order and the CSV keeps every row.
    if (!started) process.exit(1);
    // On the clock the rows are stamped on (Date.now() is up to 1 ms behind it).
    const now = preciseEpochMs();
    launcherGoneAt = Math.min(now, stopBefore);
    stopHandler(now);
  });

  return {
    connectTimeoutMs: 10_000,
    peerPorts(ownPort) {
      return new Promise((resolve) => {
        waiters.peers = resolve;
        send({ type: 'listening', id, port: ownPort });
      });
    },
    agreeWindow() {
      return new Promise((resolve) => {
        waiters.start = resolve;
        send({ type: 'connected', id });
      });
    },
    peersMayStop: false,
    startAgreedByPeers: false,
    onPeerReady() {},
    onStopRequest(handler) {
      stopHandler = handler;
    },
    reportDrop(drop) {
      drops.push(drop);
      send({ type: 'dropped', id, ...drop });
    },
    drops,
    get launcherGoneAtEpochMs() {
      return launcherGoneAt;
    },
    onRejoin(handler) {
      rejoinHandler = handler;
    },
    reportProgress(progress) {
      send({ type: 'progress', id, ...progress });
    },
  };
}
