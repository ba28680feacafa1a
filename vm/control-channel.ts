/**
 * The VM's end of its control channel to the launcher: Node IPC for a VM the launcher forked, the SSH channel's
 * stdin/stdout for a VM on another host (stdio-channel.ts). Both carry the same messages.
 */
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';

export type ControlChannel = {
  send(message: VmToLauncher): void;
  /** Resolves once the message is handed on (or the channel is gone). */
  sendLast(message: VmToLauncher): Promise<void>;
  onMessage(handler: (message: LauncherToVm) => void): void;
  /** The launcher is gone (or hung up): the VM must not linger. */
  onClose(handler: () => void): void;
  close(): void;
};

const ignoreSendError = () => {};

export function ipcChannel(): ControlChannel {
  return {
    send(message) {
      // With a callback, a send that fails is passed to it, not thrown as the process's 'error' event: a launcher
      // that died while this VM was paused (or busy) is noticed only after the VM's next tick has sent its progress,
      // and that send's EPIPE killed the VM before it wrote its end record. The close that follows stops it.
      if (process.connected) process.send?.(message, undefined, {}, ignoreSendError);
    },
    sendLast(message) {
      return new Promise<void>((resolve) => {
        if (!process.connected) return resolve();
        process.send?.(message, undefined, {}, () => resolve());
      });
    },
    onMessage(handler) {
      process.on('message', (raw) => handler(raw as LauncherToVm));
    },
    onClose(handler) {
      process.on('disconnect', handler);
    },
    close() {
      // The launcher may be gone by now (its channel closed is what stopped us): disconnecting again would throw.
      if (process.connected) process.disconnect?.();
    },
  };
}
