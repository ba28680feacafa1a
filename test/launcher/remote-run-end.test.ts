/**
 * The end of a run on hosts, against stand-ins: a local `sh` as each host's shell session (so its commands really
 * run, on this machine's files) and a node script as a VM whose ssh connection is lost. What is tested: a lost VM's
 * last rows are fetched from its host at the end when the host answers, and not waited for when the run was killed.
 * The end is reached as the launcher reaches it, through the transport's finish, after real VM lives on its hosts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { HostConfig } from '../../config/host-config.js';
import { RemoteVmTransport } from '../../launcher/remote-vm-transport.js';
import type { VmExit, VmLife } from '../../launcher/vm-transport.js';
import type { VmSpec } from '../../shared/vm-spec.js';

const root = mkdtempSync(join(tmpdir(), 'clocklab-remote-run-end-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A transport for run `r1` whose hosts' clocklab is in `dir` (unless a host says otherwise): each host's shell session
 * is a local `sh` (`bin` first on its PATH, when given), and each VM's ssh a node script, `vm` for the command that
 * starts it.
 */
function transportOn(
  dir: string,
  runDir: string,
  run: {
    hosts: HostConfig[];
    placement: number[];
    vm: (command: string) => string;
    bin?: string;
    silentShell?: boolean;
  },
): RemoteVmTransport {
  const path = run.bin === undefined ? {} : { env: { ...process.env, PATH: `${run.bin}:${process.env.PATH}` } };
  // A session that reads its commands and never answers: a host gone, whose connection has not failed yet.
  const shell = run.silentShell === true ? ['-c', 'cat > /dev/null'] : [];
  return new RemoteVmTransport({
    hosts: run.hosts,
    placement: run.placement,
    runId: 'r1',
    runDir,
    defaultDir: dir,
    spawner: (_destination, command) =>
      command === 'exec sh'
        ? spawn('sh', shell, { stdio: ['pipe', 'pipe', 'pipe'], ...path })
        : spawn(process.execPath, ['-e', run.vm(command)], { stdio: ['pipe', 'pipe', 'pipe'] }),
    now: () => Date.now(),
  });
}

/** Run `r1` under `root/name`: its run folder, and its scratch folder on a host whose clocklab is in `dir`. */
function runFolders(name: string) {
  const dir = join(root, name);
  const runDir = join(dir, 'run');
  mkdirSync(runDir, { recursive: true });
  const scratch = join(dir, 'logs', '.remote-r1');
  mkdirSync(scratch, { recursive: true });
  return { dir, runDir, scratch };
}

/** Says hello, relays the header, then its connection is lost (ssh ends with 255 and no exit status). */
const lostVm = `
process.stdout.write(JSON.stringify({ type: 'hello', id: 0, pid: 4242 }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'rows', id: 0, offset: 0, text: 'header\\n' }) + '\\n');
setTimeout(() => { process.stderr.write('Connection closed by 10.0.0.2 port 22\\n'); process.exit(255); }, 50);`;

/**
 * VM 0 lost with h1, then the end of the run; `killed`: the run was killed at once; `silentHost`: h1's shell sessions
 * never answer (a host gone), and `cut` aborts once the end says it asks h1 for the VM's rows.
 */
async function lostRun(name: string, killed: boolean, silentHost?: { cut: AbortController }) {
  const { dir, runDir, scratch } = runFolders(name);
  // What the VM wrote on its host: the header it relayed, and a row it never did.
  writeFileSync(join(scratch, 'vm-0.csv'), 'header\nrow0\n');
  // A pause's mark whose end never reached the host (remote-pause-guard.ts): it goes with the VM's CSV.
  writeFileSync(join(scratch, '.pause-vm-0-4242-1'), '');
  const otherScratch = join(dir, 'h2', 'logs', '.remote-r1');
  mkdirSync(otherScratch, { recursive: true });
  const transport = transportOn(dir, runDir, {
    // h2 runs none of the VMs: nothing of it is lost, so its scratch folder goes whatever became of h1.
    hosts: [
      { name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2' },
      { name: 'h2', ssh: 'root@10.0.0.3', address: '10.0.0.3', dir: join(dir, 'h2') },
    ],
    placement: [0],
    vm: () => lostVm,
    ...(silentHost === undefined ? {} : { silentShell: true }),
  });
  const output: string[] = [];
  const exited = new Promise<VmExit>((resolve) => {
    const spec = { id: 0, machines: 1, outDir: runDir, clockRate: 10 } as VmSpec;
    const onOutput = (line: string) => {
      output.push(line);
      if (line.startsWith('asking host h1')) silentHost?.cut.abort();
    };
    transport.start(spec, { onMessage: () => {}, onOutput, onExit: resolve });
  });
  const exit = await exited;
  await transport.finish({ killed, cut: silentHost?.cut.signal });
  const runCsv = readFileSync(join(runDir, 'vm-0.csv'), 'utf8');
  const kept = transport.rowsOnHost(0);
  return { exit, output, runCsv, kept, scratchKept: existsSync(scratch), otherKept: existsSync(otherScratch) };
}

/** Says hello and is lost before it was sent the start: it relayed nothing. */
const unstartedVm = `
process.stdout.write(JSON.stringify({ type: 'hello', id: 1, pid: 4343 }) + '\\n');
setTimeout(() => { process.stderr.write('Connection closed by 10.0.0.2 port 22\\n'); process.exit(255); }, 10);`;

/** As lostVm, but lost only once the launcher writes it something. */
const lostWhenToldVm = `
process.stdout.write(JSON.stringify({ type: 'hello', id: 0, pid: 4242 }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'rows', id: 0, offset: 0, text: 'header\\n' }) + '\\n');
process.stdin.once('data', () => { process.stderr.write('Connection closed by 10.0.0.2 port 22\\n'); process.exit(255); });`;

/** Says hello, relays the header and a row, and ends by itself (its status reported as the shell does). */
const endingVm = (id: number) => `
process.stdout.write(JSON.stringify({ type: 'hello', id: ${id}, pid: 4242 }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'rows', id: ${id}, offset: 0, text: 'header\\nrow0\\n' }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'done', id: ${id}, stats: { id: ${id}, clockRate: 10, port: 40001, ticks: 2, sent: 0, received: 0, finalClock: 2, maxJump: 1, maxQueue: 0, pendingAtStop: [], lostPeers: [], unendedLinks: [], refused: 0, stoppedEarly: true } }) + '\\n');
setTimeout(() => { process.stderr.write('clocklab-vm-exit 0\\n'); process.exit(0); }, 50);`;

describe('the end of a run on hosts', () => {
  test("hosts sharing one file system: a host's clean-up leaves another host's rows the run folder could not take", async () => {
    const dir = join(root, 'shared');
    const runDir = join(dir, 'run');
    mkdirSync(join(runDir, 'vm-0.csv'), { recursive: true }); // VM 0's rows cannot be written into the run folder
    const scratch = join(dir, 'logs', '.remote-r1');
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, 'vm-0.csv'), 'header\nrow0\n');
    writeFileSync(join(scratch, 'vm-1.csv'), 'header\nrow0\n');
    // Both hosts have clocklab in the same folder: one scratch folder for both.
    const transport = transportOn(dir, runDir, {
      hosts: [
        { name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2' },
        { name: 'h2', ssh: 'root@10.0.0.3', address: '10.0.0.3' },
      ],
      placement: [0, 1],
      vm: (command) => endingVm(command.includes('--id 1 ') ? 1 : 0),
    });
    const ends = [0, 1].map(
      (id) =>
        new Promise<VmExit>((resolve) => {
          const spec = { id, machines: 2, outDir: runDir, clockRate: 10 } as VmSpec;
          transport.start(spec, { onMessage: () => {}, onOutput: () => {}, onExit: resolve });
        }),
    );
    await Promise.all(ends);
    await transport.finish();
    expect(readFileSync(join(runDir, 'vm-1.csv'), 'utf8')).toBe('header\nrow0\n');
    // h2's VM is all in the run folder: its file goes; h1's stays, with the folder.
    expect([existsSync(join(scratch, 'vm-0.csv')), existsSync(join(scratch, 'vm-1.csv'))]).toEqual([true, false]);
  });

  test("rows the run folder could not take keep their host's scratch folder, the only place they are", async () => {
    const dir = join(root, 'unwritable');
    const runDir = join(dir, 'run');
    // Something already holds the VM's CSV name in the run folder: its rows cannot be written there.
    mkdirSync(join(runDir, 'vm-0.csv'), { recursive: true });
    const scratch = join(dir, 'logs', '.remote-r1');
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, 'vm-0.csv'), 'header\nrow0\n');
    const transport = transportOn(dir, runDir, {
      hosts: [{ name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2' }],
      placement: [0],
      vm: () => endingVm(0),
    });
    const output: string[] = [];
    const failed: string[] = [];
    const exited = new Promise<VmExit>((resolve) => {
      const spec = { id: 0, machines: 1, outDir: runDir, clockRate: 10 } as VmSpec;
      transport.start(spec, {
        onMessage: (message) => {
          if (message.type === 'failed') failed.push(message.detail);
        },
        onOutput: (line) => output.push(line),
        onExit: resolve,
      });
    });
    expect((await exited).code).toBe(0);
    await transport.finish();
    expect(failed).toEqual([`cannot write ${join(runDir, 'vm-0.csv')} (EEXIST)`]);
    expect(output).toEqual([
      `its rows from byte 0 stay on host h1 (root@10.0.0.2) in ${join(scratch, 'vm-0.csv')}: the run folder cannot take them (EEXIST)`,
    ]);
    expect(readFileSync(join(scratch, 'vm-0.csv'), 'utf8')).toBe('header\nrow0\n');
  });

  test("a VM lost with its host that answers at the end: its last rows are fetched and the host's scratch removed", async () => {
    const { exit, output, runCsv, scratchKept, otherKept } = await lostRun('answers', false);
    expect(exit.lost).toMatch(/^was lost: host h1 \(root@10\.0\.0\.2\) became unreachable/);
    expect(output.filter((line) => line.startsWith('its rows'))).toEqual([
      'its rows after byte 7, never relayed, were fetched from host h1 (root@10.0.0.2) at the end',
    ]);
    expect(runCsv).toBe('header\nrow0\n');
    expect([scratchKept, otherKept]).toEqual([false, false]);
  });

  test("a VM never sent the start, lost first, on a host whose launcher session was lost: the other VM's rows are still asked for", async () => {
    const dir = join(root, 'unstarted-first');
    const runDir = join(dir, 'run');
    mkdirSync(runDir, { recursive: true });
    const scratch = join(dir, 'logs', '.remote-r1');
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, 'vm-0.csv'), 'header\nrow0\n');
    let sessions = 0;
    const transport = new RemoteVmTransport({
      hosts: [{ name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2' }],
      placement: [0, 0],
      runId: 'r1',
      runDir,
      defaultDir: dir,
      // The launcher's first session on h1 ends by itself (its connection lost); the next one answers.
      spawner: (_destination, command) => {
        if (command !== 'exec sh') {
          const script = command.includes('--id 1 ') ? unstartedVm : lostWhenToldVm;
          return spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
        }
        sessions += 1;
        return spawn('sh', sessions === 1 ? ['-c', 'exit 255'] : [], { stdio: ['pipe', 'pipe', 'pipe'] });
      },
      now: () => Date.now(),
    });
    const output: string[] = [];
    const start = (id: number) => {
      let life: VmLife | undefined;
      const exited = new Promise<VmExit>((resolve) => {
        const spec = { id, machines: 2, outDir: runDir, clockRate: 10 } as VmSpec;
        life = transport.start(spec, {
          onMessage: () => {},
          onOutput: (line) => output.push(`vm${id}: ${line}`),
          onExit: resolve,
        });
      });
      return { life, exited };
    };
    const vm0 = start(0);
    const vm1 = start(1);
    // VM 1 is lost first: it is the first of h1's lost lives.
    expect((await vm1.exited).lost).toMatch(/^was lost: host h1 /);
    vm0.life?.send({ type: 'stop', atEpochMs: 1 });
    expect((await vm0.exited).lost).toMatch(/^was lost: host h1 /);
    await transport.finish();
    expect(readFileSync(join(runDir, 'vm-0.csv'), 'utf8')).toBe('header\nrow0\n');
    expect(output.filter((line) => / row/.test(line))).toEqual([
      'vm0: asking host h1 (root@10.0.0.2) for its rows after byte 7, never relayed (Ctrl-C stops waiting)',
      'vm0: its rows after byte 7, never relayed, were fetched from host h1 (root@10.0.0.2) at the end',
    ]);
  });

  test('a stop signal while the end waits on a lost host that does not answer cuts the wait: the rows, if any, recorded where they stay', async () => {
    const cut = new AbortController();
    const { output, runCsv, kept, scratchKept } = await lostRun('cut', false, { cut });
    const file = join(root, 'cut', 'logs', '.remote-r1', 'vm-0.csv');
    // The host never answered: whether the VM wrote past its last relay, the launcher cannot know.
    expect(output.filter((line) => /^(its rows|asking)/.test(line))).toEqual([
      'asking host h1 (root@10.0.0.2) for its rows after byte 7, never relayed (Ctrl-C stops waiting)',
      `its rows after byte 7, if any, stay on host h1 (root@10.0.0.2) in ${file} (a stop signal cut the wait for its answer)`,
    ]);
    expect(kept).toEqual({
      host: 'h1',
      file,
      fromByte: 7,
      why: 'a stop signal cut the wait for its answer',
      ifAny: true,
    });
    expect(runCsv).toBe('header\n');
    expect(scratchKept).toBe(true);
  });

  test('a run killed at once does not wait on a lost host: one line says where the rows stay, and they stay', async () => {
    const { output, runCsv, scratchKept, otherKept } = await lostRun('killed', true);
    const file = join(root, 'killed', 'logs', '.remote-r1', 'vm-0.csv');
    expect(output.filter((line) => line.startsWith('its rows'))).toEqual([
      `its rows after byte 7, if any, stay on host h1 (root@10.0.0.2) in ${file} (not asked: the run was killed at once)`,
    ]);
    expect(runCsv).toBe('header\n');
    expect([scratchKept, otherKept]).toEqual([true, false]);
  });
});

/**
 * What `base64` does in a host's shell: `junk` answers junk, each time (the fetch of a killed VM's rows fails, as on a
 * host where it cannot be done); `once`, the first time only; `held`, the first time, then it waits for a word on
 * the FIFO `held` before it answers as the real one; `empty` fails with no output, each time.
 */
type Base64 = 'junk' | 'once' | 'empty' | { held: string };

function base64Stub(dir: string, how: Base64): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v base64'], { encoding: 'utf8' }).trim();
  const count = join(dir, 'base64-calls');
  if (typeof how === 'object') execFileSync('mkfifo', [how.held]);
  const wait = typeof how === 'object' ? `cat '${how.held}' > /dev/null; ` : '';
  const script =
    how === 'junk'
      ? 'echo "not base64!"\n'
      : how === 'empty'
        ? 'exit 1\n'
        : `n=$(cat '${count}' 2>/dev/null || echo 0); echo $((n + 1)) > '${count}'\n` +
          `if [ "$n" -lt 1 ]; then echo "not base64!"; else ${wait}exec '${real}' "$@"; fi\n`;
  writeFileSync(join(bin, 'base64'), `#!/bin/sh\n${script}`, { mode: 0o755 });
  return bin;
}

/** Says hello, relays the header and a row, listens; on its start it is killed on its host (the shell reports 137). */
const killedVm = `
process.stdout.write(JSON.stringify({ type: 'hello', id: 1, pid: 4242 }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'rows', id: 1, offset: 0, text: 'header\\nrow0\\n' }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'listening', id: 1, port: 40001 }) + '\\n');
process.stdin.on('data', (chunk) => {
  if (String(chunk).includes('"start"')) { process.stderr.write('clocklab-vm-exit 137\\n'); process.exit(0); }
});`;

/** A restarted life: says hello, relays a row of its own at the byte the run folder holds, and ends. */
const nextLife = (offset: number) => `
process.stdout.write(JSON.stringify({ type: 'hello', id: 1, pid: 4343 }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'rows', id: 1, offset: ${offset}, text: 'row9\\n' }) + '\\n');
setTimeout(() => { process.stderr.write('clocklab-vm-exit 0\\n'); process.exit(0); }, 50);`;

/**
 * VM 1 on h1, with VM 0 beside it (which ends by itself), killed once its start is sent, having written two rows on
 * its host past the one it relayed; `base64` in h1's shell does as `how` says. Resolves once both ended; `restart`
 * then starts a new life of VM 1 as the supervisor does (beforeRestart first).
 */
async function killedVm1(name: string, how: Base64) {
  const { dir, runDir, scratch } = runFolders(name);
  writeFileSync(join(scratch, 'vm-0.csv'), 'header\nrow0\n');
  writeFileSync(join(scratch, 'vm-1.csv'), 'header\nrow0\nrow1\nrow2\n');
  let lives = 0;
  const transport = transportOn(dir, runDir, {
    hosts: [{ name: 'h1', ssh: 'root@10.0.0.2', address: '10.0.0.2' }],
    placement: [0, 0],
    bin: base64Stub(dir, how),
    vm: (command) => {
      if (!command.includes('--id 1 ')) return endingVm(0);
      return lives++ === 0 ? killedVm : nextLife(statSync(join(runDir, 'vm-1.csv')).size);
    },
  });
  const output: string[] = [];
  const life = (id: number) =>
    new Promise<VmExit>((resolve) => {
      const spec = { id, machines: 2, outDir: runDir, clockRate: 10 } as VmSpec;
      const first = lives === 0;
      const started = transport.start(spec, {
        onMessage: (message) => {
          if (id === 1 && first && message.type === 'listening')
            started.send({ type: 'start', startEpochMs: 1, stopEpochMs: 2 });
        },
        onOutput: (line) => output.push(line),
        onExit: resolve,
      });
    });
  const exits = await Promise.all([life(0), life(1)]);
  return {
    scratch,
    exits,
    output,
    transport,
    restart: async () => {
      await transport.beforeRestart(1);
      return life(1);
    },
    runCsv: () => readFileSync(join(runDir, 'vm-1.csv'), 'utf8'),
  };
}

describe("a killed VM's rows its host would not give (a fetch that fails)", () => {
  test('stay recorded, and at the end its file there stays with its folder while the others go', async () => {
    const { scratch, exits, output, transport, runCsv } = await killedVm1('unfetched', 'junk');
    await transport.finish();
    const file = join(scratch, 'vm-1.csv');
    expect(exits[1]?.signal).toBe('SIGKILL');
    expect(output.filter((line) => line.startsWith('could not fetch'))).toEqual([
      `could not fetch its rows after byte 12 from host h1 (root@10.0.0.2): the answer was not base64; they stay there in ${file}`,
    ]);
    expect(transport.rowsOnHost(1)).toEqual({ host: 'h1', file, fromByte: 12, why: 'the answer was not base64' });
    expect(runCsv()).toBe('header\nrow0\n');
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\nrow1\nrow2\n');
    expect(existsSync(join(scratch, 'vm-0.csv'))).toBe(false);
  });

  test('a base64 that fails with no output fails the fetch: the bytes its file there holds past the relay are not taken for none', async () => {
    const { scratch, output, transport, runCsv } = await killedVm1('empty-answer', 'empty');
    await transport.finish();
    const file = join(scratch, 'vm-1.csv');
    const why = 'the host sent 0 of the 10 bytes asked for from byte 12 (its file there holds 22)';
    expect(output.filter((line) => line.startsWith('could not fetch'))).toEqual([
      `could not fetch its rows after byte 12 from host h1 (root@10.0.0.2): ${why}; they stay there in ${file}`,
    ]);
    expect(transport.rowsOnHost(1)).toEqual({ host: 'h1', file, fromByte: 12, why });
    expect(runCsv()).toBe('header\nrow0\n');
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\nrow1\nrow2\n');
  });

  test('fetched on the second try, before the restart: in the run folder, no record, the scratch folder gone', async () => {
    const { scratch, output, transport, restart, runCsv } = await killedVm1('second-try', 'once');
    await restart();
    await transport.finish();
    expect(output).toContain(
      'its rows after byte 12, not fetched at its kill, were fetched from host h1 (root@10.0.0.2) before its restart',
    );
    expect([transport.rowsOnHost(1), transport.earlierRowsOnHost(1)]).toEqual([undefined, []]);
    expect(runCsv()).toBe('header\nrow0\nrow1\nrow2\nrow9\n');
    expect(existsSync(scratch)).toBe(false);
  });

  test('never fetched: set aside whole before the restart cuts its file back; the copy stays, named in the record', async () => {
    const { scratch, output, transport, restart, runCsv } = await killedVm1('set-aside', 'junk');
    await restart();
    await transport.finish();
    const aside = join(scratch, 'vm-1.life-1.csv');
    expect(output).toContain(
      `its life 1's rows from byte 12 on could not be fetched (the answer was not base64): they stay on host h1 (root@10.0.0.2) in ${aside}; its life 2 goes on from that byte`,
    );
    expect(transport.rowsOnHost(1)).toBeUndefined();
    expect(transport.earlierRowsOnHost(1)).toEqual([
      { life: 1, host: 'h1', file: aside, fromByte: 12, why: 'the answer was not base64' },
    ]);
    // The run folder goes on from byte 12 with the new life's rows; the first life's rows past it are in the copy.
    expect(runCsv()).toBe('header\nrow0\nrow9\n');
    expect(readFileSync(aside, 'utf8')).toBe('header\nrow0\nrow1\nrow2\n');
    expect(existsSync(join(scratch, 'vm-1.csv'))).toBe(false);
  });

  test("the run's end while they are fetched again (a restart given up at the stop) waits for them before closing", async () => {
    const held = join(root, 'held-answer');
    const { transport, runCsv } = await killedVm1('stop-while-fetching', { held });
    void transport.beforeRestart(1); // the restart that asked is given up: no new life comes
    const ended = transport.finish();
    // The fetch answers only now: had the end closed the run folder's CSV first, its rows could not be written.
    const answer = await open(held, 'w');
    await answer.write('go\n');
    await answer.close();
    await ended;
    expect(runCsv()).toBe('header\nrow0\nrow1\nrow2\n');
    expect(transport.rowsOnHost(1)).toBeUndefined();
  });
});
