/**
 * The control channel of a VM on another host: the SSH channel's stdin (launcher -> VM) and stdout (VM -> launcher),
 * one JSON message per line, bounded and checked. Clock samples are answered here, at once, so their timestamps
 * hold no VM work. When stdin ends (the launcher hung up, or the SSH connection died) the VM is told to stop.
 */
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';
import { LineSplitter } from '../shared/line-splitter.js';
import { maxRemoteLineBytes, type RemoteVmToLauncher } from '../shared/remote-messages.js';
import type { ControlChannel } from './control-channel.js';
import { checkLauncherLine } from './stdio-messages.js';

export type StdioPorts = {
  stdin: NodeJS.ReadableStream & { destroy(): void };
  stdout: NodeJS.WritableStream;
  warn(line: string): void;
  /** Epoch ms with fractions: the VM's clock as NTP samples read it. */
  now(): number;
};

export type StdioChannel = ControlChannel & { sendRemote(message: RemoteVmToLauncher): void };

export function stdioChannel(ports: StdioPorts): StdioChannel {
  const { stdin, stdout } = ports;
  const handlers: ((message: LauncherToVm) => void)[] = [];
  const closeHandlers: (() => void)[] = [];
  let open = true;
  const write = (message: RemoteVmToLauncher, done?: () => void) => {
    if (!open) return done?.();
    stdout.write(`${JSON.stringify(message)}\n`, () => done?.());
  };
  // A launcher that hung up leaves a broken pipe: nothing more to say, and nothing to crash over.
  stdout.on('error', () => {
    open = false;
  });
  const splitter = new LineSplitter(maxRemoteLineBytes);
  stdin.on('data', (chunk: Buffer) => {
    const received = ports.now();
    for (const split of splitter.push(chunk)) {
      if (!split.ok) {
        ports.warn(`control channel: refused ${split.detail}`);
        continue;
      }
      const checked = checkLauncherLine(split.line);
      if (!checked.ok) {
        ports.warn(`control channel: refused ${checked.detail}`);
        continue;
      }
      const message = checked.message;
      if (message.type === 'ping') write({ type: 'pong', n: message.n, t1: message.t1, t2: received, t3: ports.now() });
      else for (const handler of handlers) handler(message);
    }
  });
  let closed = false;
  const onEnd = () => {
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers) handler();
  };
  stdin.on('end', onEnd);
  stdin.on('close', onEnd);
  stdin.on('error', onEnd);

  return {
    send: (message: VmToLauncher) => write(message),
    sendRemote: (message) => write(message),
    sendLast: (message) => new Promise<void>((resolve) => write(message, resolve)),
    onMessage: (handler) => handlers.push(handler),
    onClose: (handler) => closeHandlers.push(handler),
    close() {
      // Done: stop reading so the process can exit; the launcher sees stdout end.
      closed = true;
      stdin.destroy();
      stdout.end();
    },
  };
}
