/**
 * The control channel of a VM on another host: the SSH channel's stdin (launcher -> VM) and stdout (VM -> launcher),
 * one JSON message per line, bounded and checked. Clock samples are answered here, at once, so their timestamps
 * hold no VM work. When stdin ends (the launcher hung up, or the SSH connection died) the VM is told to stop; and
 * as well when nothing came for silentChannelMs (the launcher writes at least every keepAliveMs): a network cut
 * leaves the session open on this host, stdin never ends, and what the VM writes may be drained by nobody, so from
 * then on no write is waited for. It still writes: a launcher only suspended that long reads it later, and the VM
 * says it stops unheard, on stderr (shared/remote-messages.ts says why). A launcher about to stop by Ctrl-Z says
 * `hold` first: the limit is heldChannelMs then, until it speaks again.
 */
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';
import { LineSplitter } from '../shared/line-splitter.js';
import {
  heldChannelMs,
  maxRemoteLineBytes,
  type RemoteVmToLauncher,
  silentChannelMs,
  unheardLine,
} from '../shared/remote-messages.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { ControlChannel } from './control-channel.js';
import { watchSilence } from './silence-watch.js';
import { checkLauncherLine } from './stdio-messages.js';

export type StdioPorts = {
  stdin: NodeJS.ReadableStream & { destroy(): void };
  stdout: NodeJS.WritableStream;
  /** Where the VM's own lines go; the launcher reads it too (the word that the VM stops unheard). */
  stderr: Pick<NodeJS.WritableStream, 'write'>;
  warn(line: string): void;
  /** Epoch ms with fractions: the VM's clock as NTP samples read it. */
  now(): number;
  /** What the launcher's silence is timed with (a monotonic clock). */
  timer: Pick<TimerPort, 'now' | 'setTimer' | 'setImmediate'>;
};

export type StdioChannel = ControlChannel & {
  sendRemote(message: RemoteVmToLauncher): void;
  /** True once the channel was taken for closed because the launcher went silent. */
  wentSilent(): boolean;
  /**
   * Resolves once the word that it stops unheard is in stderr's pipe, or after `withinMs` (a stderr nobody drains
   * must not hold the exit); at once when it did not go silent.
   */
  unheardSaid(withinMs: number): Promise<void>;
};

export function stdioChannel(ports: StdioPorts): StdioChannel {
  const { stdin, stdout } = ports;
  const handlers: ((message: LauncherToVm) => void)[] = [];
  const closeHandlers: (() => void)[] = [];
  let open = true;
  let closed = false;
  let silent = false;
  /** Last messages still waiting for their write: let go if the launcher turns out gone. */
  const waiting = new Set<() => void>();
  const write = (message: RemoteVmToLauncher, done?: () => void) => {
    if (!open) return done?.();
    stdout.write(`${JSON.stringify(message)}\n`, () => done?.());
  };
  let said = Promise.resolve();
  const limits = { limitMs: silentChannelMs, heldLimitMs: heldChannelMs };
  const watch = watchSilence(ports.timer, limits, (quietMs) => {
    silent = true;
    said = new Promise((resolve) => ports.stderr.write(`${unheardLine(quietMs)}\n`, () => resolve()));
    ports.warn(
      `control channel: nothing from the launcher for ${Math.round(quietMs / 1000)} s (this host cut off from it?): ` +
        'stopping as if it had closed',
    );
    for (const done of waiting) done();
    waiting.clear();
    onEnd();
  });
  // A launcher that hung up leaves a broken pipe: nothing more to say, and nothing to crash over.
  stdout.on('error', () => {
    open = false;
  });
  const splitter = new LineSplitter(maxRemoteLineBytes);
  stdin.on('data', (chunk: Buffer) => {
    const received = ports.now();
    watch.heard();
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
      else if (message.type === 'hold') watch.hold();
      else if (message.type !== 'alive') for (const handler of handlers) handler(message);
    }
  });
  function onEnd() {
    watch.stop();
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers) handler();
  }
  stdin.on('end', onEnd);
  stdin.on('close', onEnd);
  stdin.on('error', onEnd);

  return {
    send: (message: VmToLauncher) => write(message),
    sendRemote: (message) => write(message),
    sendLast: (message) =>
      new Promise<void>((resolve) => {
        if (silent) {
          write(message);
          return resolve();
        }
        const done = () => {
          waiting.delete(done);
          resolve();
        };
        waiting.add(done);
        write(message, done);
      }),
    onMessage: (handler) => handlers.push(handler),
    onClose: (handler) => closeHandlers.push(handler),
    wentSilent: () => silent,
    unheardSaid: (withinMs) =>
      new Promise<void>((resolve) => {
        const bound = ports.timer.setTimer(resolve, withinMs);
        void said.then(() => {
          bound.cancel();
          resolve();
        });
      }),
    close() {
      // Done: stop reading so the process can exit; the launcher sees stdout end.
      watch.stop();
      closed = true;
      stdin.destroy();
      stdout.end();
    },
  };
}
