/**
 * One ssh session per host kept open for the launcher's own commands there (signalling a VM for an injected pause
 * or kill, fetching a killed VM's last rows, removing scratch files): a plain `sh` reading commands on stdin, so a
 * command costs one round trip rather than a new ssh connection (hundreds of ms). Commands run one at a time; each
 * ends with a marker line carrying its exit status. The session ends when its stdin closes.
 */
import type { ChildProcess } from 'node:child_process';
import { LineSplitter } from '../shared/line-splitter.js';
import type { SshSpawner } from './remote-ssh.js';

export type ShellResult = { ok: boolean; output: string[] };

const commandTimeoutMs = 15_000;

export class HostShell {
  readonly #spawner: SshSpawner;
  readonly #ssh: string;
  #child: ChildProcess | undefined;
  #count = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #current: { marker: string; output: string[]; done(result: ShellResult): void } | undefined;

  constructor(spawner: SshSpawner, ssh: string) {
    this.#spawner = spawner;
    this.#ssh = ssh;
  }

  /** Runs `command` in the host's shell after the ones before it; never rejects. */
  run(command: string): Promise<ShellResult> {
    const result = this.#queue.then(() => this.#runNow(command));
    this.#queue = result;
    return result;
  }

  /** Opens the session now, so the first command (often a timed fault) pays no connection time. */
  open(): void {
    this.#session();
  }

  /** Ends the session; the launcher does not wait for the ssh client to go (a lost host may keep it a while). */
  close(): void {
    const child = this.#child;
    this.#child = undefined;
    child?.stdin?.end();
    child?.stdout?.destroy();
    child?.stderr?.destroy();
    child?.unref();
  }

  #runNow(command: string): Promise<ShellResult> {
    const child = this.#session();
    if (child.stdin === null || !child.stdin.writable) return Promise.resolve({ ok: false, output: [] });
    const marker = `clocklab-done-${this.#count++}`;
    return new Promise<ShellResult>((resolve) => {
      const timer = setTimeout(() => finish({ ok: false, output: ['no answer from the host'] }), commandTimeoutMs);
      const finish = (result: ShellResult) => {
        clearTimeout(timer);
        this.#current = undefined;
        resolve(result);
      };
      this.#current = { marker, output: [], done: finish };
      child.stdin?.write(`${command}\necho "${marker} $?"\n`);
    });
  }

  #session(): ChildProcess {
    if (this.#child !== undefined) return this.#child;
    const child = this.#spawner(this.#ssh, 'exec sh');
    this.#child = child;
    child.stdin?.on('error', () => {});
    const lines = new LineSplitter(1 << 24);
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const split of lines.push(chunk)) {
        const current = this.#current;
        if (!split.ok || current === undefined) continue;
        if (split.line.startsWith(`${current.marker} `)) {
          current.done({ ok: split.line === `${current.marker} 0`, output: current.output });
        } else current.output.push(split.line);
      }
    });
    child.stderr?.resume();
    child.on('close', () => {
      if (this.#child === child) this.#child = undefined;
      this.#current?.done({ ok: false, output: ['the ssh session to the host ended'] });
    });
    return child;
  }
}
