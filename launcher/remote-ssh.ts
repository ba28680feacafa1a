/**
 * How the launcher reaches a host: the system `ssh` client in batch mode (never a password prompt), or the command
 * in CLOCKLAB_SSH_COMMAND, run through `sh -c` with the arguments appended, as git does with GIT_SSH_COMMAND. The
 * user's own options come first, so they win over the defaults added here (ssh keeps an option's first value).
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Detects a host gone quiet (network cut) in about 6 s even when no byte is due. */
const defaultOptions = [
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=10',
  '-o',
  'ServerAliveInterval=2',
  '-o',
  'ServerAliveCountMax=3',
  '-T',
];

export type SshSpawner = (destination: string, remoteCommand: string) => ChildProcess;

export function sshSpawner(env: NodeJS.ProcessEnv = process.env): SshSpawner {
  const command = env.CLOCKLAB_SSH_COMMAND?.trim() || 'ssh';
  return (destination, remoteCommand) =>
    spawn('sh', ['-c', `${command} "$@"`, 'clocklab-ssh', ...defaultOptions, '--', destination, remoteCommand], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // A process group of its own: a terminal's Ctrl-C (SIGINT to the foreground group) must reach the launcher
      // only, which stops remote VMs in order over these channels. Killed with it, ssh would cut them off instead.
      // If the launcher dies, each client sees its stdin close and ends its session, so none is left behind.
      detached: true,
    });
}

/** Ends an ssh client now: its whole process group (it runs in one of its own), not only the `sh -c` around it. */
export function dropClient(child: ChildProcess): void {
  try {
    if (child.pid === undefined) child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** One word for a POSIX shell: single-quoted (config paths are validated to hold no quote). */
export function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export type SshResult = { code: number | null; signal: string | null; stdout: string; stderr: string };

/** Runs one command on a host and collects its output; gives up (killing the client) after `timeoutMs`. */
export function sshRun(
  spawner: SshSpawner,
  destination: string,
  remoteCommand: string,
  timeoutMs: number,
  stop?: AbortSignal,
) {
  return new Promise<SshResult>((resolve) => {
    const child = spawner(destination, remoteCommand);
    // Aborted (a stop signal to the launcher): the session ends now, as at its timeout.
    const onStop = () => child.kill('SIGKILL');
    stop?.addEventListener('abort', onStop, { once: true });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < 1 << 20) stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 1 << 16) stderr += chunk;
    });
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      stderr += error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last non-empty line ssh wrote to stderr: usually what went wrong ("Connection refused", "Permission denied"). */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim());
  return lines.filter((line) => line !== '').at(-1) ?? '';
}
