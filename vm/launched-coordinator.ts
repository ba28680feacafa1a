/**
 * Coordination through the launcher's IPC channel: the launcher hands out the peers' ports and the common start
 * instant, and can ask for an early stop. A VM whose launcher dies (the channel disconnects) stops at once.
 */
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';
import type { Coordinator, RunWindow } from './coordinator.js';

type Waiters = { peers?: (ports: number[]) => void; start?: (window: RunWindow) => void };

export function launchedCoordinator(id: number): Coordinator {
  const waiters: Waiters = {};
  let started = false;
  let stopHandler: (at: number) => void = () => {};
  let rejoinHandler: (peer: number, port: number) => void = () => {};
  const send = (message: VmToLauncher) => {
    if (process.connected) process.send?.(message);
  };
  process.on('message', (raw) => {
    const message = raw as LauncherToVm;
    switch (message.type) {
      case 'peers':
        return waiters.peers?.(message.ports);
      case 'start':
        started = true;
        return waiters.start?.({ startEpochMs: message.startEpochMs, stopEpochMs: message.stopEpochMs });
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
  process.on('disconnect', () => {
    // The launcher is gone (or this VM is done): never linger as an orphan. Before the start there is nothing to
    // keep; once ticking, the stop request ends the run in order and the CSV keeps every row.
    if (!started) process.exit(1);
    stopHandler(Date.now());
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
    onPeerReady() {},
    onStopRequest(handler) {
      stopHandler = handler;
    },
    reportDrop(drop) {
      send({ type: 'dropped', id, ...drop });
    },
    onRejoin(handler) {
      rejoinHandler = handler;
    },
    reportProgress(progress) {
      send({ type: 'progress', id, ...progress });
    },
  };
}
