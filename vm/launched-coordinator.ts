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
  /** When the channel closed after the start (epoch ms), the stop it set: the launcher is gone, and will not hear this VM's end. */
  readonly launcherGoneAtEpochMs: number | undefined;
  /** Every copy this VM dropped, as told to the launcher. */
  readonly drops: readonly Drop[];
};

export function launchedCoordinator(id: number, channel: ControlChannel = ipcChannel()): LaunchedCoordinator {
  const waiters: Waiters = {};
  let started = false;
  let launcherGoneAt: number | undefined;
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
        return waiters.start?.({
          startEpochMs: message.startEpochMs,
          stopEpochMs: message.stopEpochMs,
          ...(message.peerOffsetsMs === undefined ? {} : { peerOffsetsMs: message.peerOffsetsMs }),
        });
      case 'stop':
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
    launcherGoneAt = preciseEpochMs();
    stopHandler(launcherGoneAt);
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
