/** Helpers for integration tests: run the built CLI in a temp folder and read what a run wrote. */
import { readFileSync, watch } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { execa, execaNode } from 'execa';
import { Manifest } from '../../run-folder/manifest.js';
import { isAlive } from '../../shared/process-alive.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const launcherBin = join(projectRoot, 'dist/bin/launcher.js');
export const vmBin = join(projectRoot, 'dist/vm/main.js');

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'clocklab-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export function launcher(args: string[], cwd: string) {
  return track(execaNode(launcherBin, args, { cwd, reject: false, all: true }));
}

/** What `track` needs of an execa subprocess, whatever its options. */
type Subprocess = PromiseLike<unknown> & {
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  kill(signal?: NodeJS.Signals): boolean;
};
type Tracked = { subprocess: Subprocess; group: boolean };
const tracked = new Set<Tracked>();

/**
 * Keeps `subprocess` from outliving its test: after each test (and each file) whatever is still running is killed
 * (its whole process group with `group`, for one started `detached`) and awaited, so a failed or timed-out test
 * leaves no run behind. Its stdout and stderr are transcribed from the first byte, for `waitForLine`.
 */
export function track<T extends Subprocess>(subprocess: T, options: { group?: boolean } = {}): T {
  const entry = { subprocess, group: options.group === true };
  tracked.add(entry);
  for (const stream of [subprocess.stdout, subprocess.stderr]) if (stream !== null) transcriptOf(stream);
  const forget = () => tracked.delete(entry);
  subprocess.then(forget, forget);
  return subprocess;
}

/** The built launcher as a terminal's foreground job: the leader of its own process group, tracked as one. */
export function launcherInOwnGroup(args: string[], cwd: string) {
  return track(execaNode(launcherBin, args, { cwd, reject: false, detached: true }), { group: true });
}

/** Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group. */
export function ctrlC(leader: { pid?: number | undefined }): void {
  process.kill(-(leader.pid ?? 0), 'SIGINT');
}

/**
 * The built launcher on a new pseudo-terminal (script(1)) as its foreground job, so its live view is on: the pty's
 * line discipline turns a typed ETX byte into SIGINT for that whole job, exactly as a terminal does.
 */
export function launcherOnTerminal(args: string[], cwd: string) {
  const command = [process.execPath, launcherBin, ...args].map((word) => `'${word}'`).join(' ');
  return track(execa('script', ['-qefc', command, '/dev/null'], { cwd, reject: false, stdin: 'pipe' }));
}

/** Types Ctrl-C on `terminal` once `ready` resolves; if it rejects, closes the pty instead (a hangup for the run). */
export async function typeCtrlC(terminal: ReturnType<typeof launcherOnTerminal>, ready: Promise<unknown>) {
  try {
    await ready;
    terminal.stdin.write('\x03');
  } catch (error) {
    terminal.kill('SIGKILL');
    throw error;
  } finally {
    terminal.stdin.end();
  }
}

/** The launcher's line naming the pids and ports of a 3-VM run's VMs. */
export const threeVmsStarted =
  /started vm0 \(pid (\d+), port \d+\), vm1 \(pid (\d+), port \d+\), vm2 \(pid (\d+), port \d+\)/;

async function stopLeftovers(): Promise<void> {
  const left = [...tracked];
  tracked.clear();
  for (const { subprocess, group } of left) {
    if (subprocess.exitCode !== null || subprocess.signalCode !== null) continue;
    try {
      if (group && subprocess.pid !== undefined) process.kill(-subprocess.pid, 'SIGKILL');
      else subprocess.kill('SIGKILL');
    } catch {
      // gone already
    }
  }
  await Promise.allSettled(left.map(({ subprocess }) => subprocess));
}
afterEach(stopLeftovers);
afterAll(stopLeftovers);

/**
 * The launcher under a file-size limit (`ulimit -f`, in KiB for bash): Node ignores SIGXFSZ, so a write past it fails
 * with EFBIG as one on a full disk fails with ENOSPC, with no mount and no root; its VMs inherit the limit.
 * `stdout`: a file its standard output goes to, under the same limit (captured with stderr otherwise). `env`: more
 * environment for it (CLOCKLAB_SSH_COMMAND for test hosts).
 */
export function launcherWithFileLimit(
  kib: number,
  args: string[],
  cwd: string,
  stdout?: string,
  env: Record<string, string> = {},
) {
  const redirect = stdout === undefined ? '' : ' > "$LIMITED_STDOUT"';
  const script = `ulimit -f ${kib} && exec "$0" "$@"${redirect}`;
  return track(
    execa('bash', ['-c', script, process.execPath, launcherBin, ...args], {
      cwd,
      reject: false,
      all: true,
      env: stdout === undefined ? env : { ...env, LIMITED_STDOUT: stdout },
    }),
  );
}

/**
 * Three VMs at 5 ticks/s for 2 s (ticks 0..9, deadlines 0..1800 ms), seed 3, run by the built CLI into `DIR/run`,
 * which checks valid: the folder tests copy and edit.
 */
export async function fiveTicksRun(dir: string): Promise<string> {
  const config = join(dir, 'five.json');
  await writeFile(
    config,
    JSON.stringify({ machines: 3, clockRate: { min: 5, max: 5 }, eventRange: 4, durationSeconds: 2, seed: 3 }),
  );
  const run = join(dir, 'run');
  const made = await launcher(['run', config, '--out', run], dir);
  expect(made.stdout).toMatch(/^check: valid: /m);
  expect(made.exitCode).toBe(0);
  return run;
}

export type CsvRow = Record<string, string>;

export async function readCsv(file: string): Promise<{ header: string; rows: CsvRow[] }> {
  const text = await readFile(file, 'utf8');
  return { header: text.slice(0, text.indexOf('\n')), rows: parse(text, { columns: true }) as CsvRow[] };
}

export async function readManifest(dir: string): Promise<Manifest> {
  // Through the one schema: what the launcher wrote must be what every reader accepts.
  return Manifest.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
}

export { isAlive } from '../../shared/process-alive.js';

export const csvHeader =
  'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock,vector_clock';

type Transcript = { text: string; ended: boolean; wake: Set<() => void> };
const transcripts = new WeakMap<NodeJS.ReadableStream, Transcript>();

/** Everything `stream` has said since it was first waited on, kept so that one chunk can satisfy several waits. */
function transcriptOf(stream: NodeJS.ReadableStream): Transcript {
  const known = transcripts.get(stream);
  if (known !== undefined) return known;
  const transcript: Transcript = { text: '', ended: false, wake: new Set() };
  const wakeAll = () => {
    for (const wake of [...transcript.wake]) wake();
  };
  stream.on('data', (chunk: Buffer | string) => {
    transcript.text += chunk.toString();
    wakeAll();
  });
  stream.once('end', () => {
    transcript.ended = true;
    wakeAll();
  });
  transcripts.set(stream, transcript);
  return transcript;
}

/**
 * Resolves with the first match of `pattern` in what `stream` has said since it was first waited on (the launcher says
 * what it is doing on stderr). Waits in a row on one stream all see the whole transcript: a line that arrived in the
 * same chunk as an earlier wait's line is not lost.
 */
export function waitForLine(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpExecArray> {
  const transcript = transcriptOf(stream);
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = pattern.exec(transcript.text);
      if (match !== null) {
        transcript.wake.delete(look);
        resolve(match);
      } else if (transcript.ended) {
        transcript.wake.delete(look);
        reject(new Error(`stream ended without a line matching ${pattern}`));
      }
    };
    transcript.wake.add(look);
    look();
  });
}

/**
 * Resolves once `file` holds at least `rows` CSV rows, woken by file-system events rather than by a timer. Creates
 * nothing: a folder made ahead of the program would be one it did not make (an experiment moves such a trial folder
 * aside, and a watch on it would then never fire). With `until` (the subprocess writing it), rejects saying so if
 * that ends first, instead of waiting out jest's timeout.
 */
export function waitForRows(file: string, rows: number, until?: PromiseLike<unknown>): Promise<void> {
  const count = async () => (await readFile(file, 'utf8').catch(() => '')).split('\n').length - 2;
  return waitForState(
    file,
    async () => (await count()) >= rows,
    until,
    () => `${rows} rows in ${file}`,
  );
}

/** Resolves once `path` exists (a file renamed into place whole appears at once). */
export function waitForPath(path: string, until?: PromiseLike<unknown>): Promise<void> {
  return waitForState(
    path,
    () => exists(path),
    until,
    () => path,
  );
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Resolves once `ready()` holds, asked again on each change in `path`'s folder. A folder that does not exist yet is
 * waited for the same way, one level up: every watch is set before its check, so no change falls between the two.
 */
async function waitForState(
  path: string,
  ready: () => Promise<boolean>,
  until: PromiseLike<unknown> | undefined,
  what: () => string,
): Promise<void> {
  const folder = dirname(path);
  if (folder !== path && !(await exists(folder))) await waitForState(folder, () => exists(folder), until, what);
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let checking = false;
    let again = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      watcher.close();
      if (error === undefined) resolve();
      else reject(error);
    };
    const check = async (): Promise<void> => {
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      do {
        again = false;
        if (await ready()) finish();
      } while (again && !settled);
      checking = false;
    };
    const watcher = watch(folder, (_event, name) => {
      if (name === null || name === basename(path)) void check();
    });
    watcher.on('error', (error) => finish(error));
    void check();
    // One last look once the writer ended: what it wrote before it exited counts.
    until?.then(
      () => check().then(() => finish(new Error(`the process ended before ${what()}`))),
      () => check().then(() => finish(new Error(`the process failed before ${what()}`))),
    );
  });
}

/** Waits until no process has any of these pids; processes that are not our children give no exit event to wait on. */
export async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isRunning);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    alive = alive.filter(isRunning);
  }
  return alive;
}

/** Whether `pid` still runs: a zombie (dead, not yet reaped by a parent that is stopped or slow) runs nothing. */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // reaped meanwhile
  }
}
