/**
 * The end of a run on hosts, against stand-ins: a local `sh` as each host's shell session (so its commands really
 * run, on this machine's files) and a node script as a VM whose ssh connection is lost. What is tested: a lost VM's
 * last rows are fetched from its host at the end when the host answers, and not waited for when the run was killed.
 * The end is reached as the launcher reaches it, through the transport's finish, after real VM lives on its hosts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * is a local `sh`, and each VM's ssh a node script, `vm` for the command that starts it.
 */
function transportOn(
  dir: string,
  runDir: string,
  run: { hosts: HostConfig[]; placement: number[]; vm: (command: string) => string },
): RemoteVmTransport {
  return new RemoteVmTransport({
    hosts: run.hosts,
    placement: run.placement,
    runId: 'r1',
    runDir,
    defaultDir: dir,
    spawner: (_destination, command) =>
      command === 'exec sh'
        ? spawn('sh', [], { stdio: ['pipe', 'pipe', 'pipe'] })
        : spawn(process.execPath, ['-e', run.vm(command)], { stdio: ['pipe', 'pipe', 'pipe'] }),
    now: () => Date.now(),
  });
}

/** Says hello, relays the header, then its connection is lost (ssh ends with 255 and no exit status). */
const lostVm = `
process.stdout.write(JSON.stringify({ type: 'hello', id: 0, pid: 4242 }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'rows', id: 0, offset: 0, text: 'header\\n' }) + '\\n');
setTimeout(() => { process.stderr.write('Connection closed by 10.0.0.2 port 22\\n'); process.exit(255); }, 50);`;

async function lostRun(name: string, killed: boolean) {
  const dir = join(root, name);
  const runDir = join(dir, 'run');
  mkdirSync(runDir, { recursive: true });
  // What the VM wrote on its host: the header it relayed, and a row it never did.
  const scratch = join(dir, 'logs', '.remote-r1');
  mkdirSync(scratch, { recursive: true });
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
  });
  const output: string[] = [];
  const exited = new Promise<VmExit>((resolve) => {
    const spec = { id: 0, machines: 1, outDir: runDir, clockRate: 10 } as VmSpec;
    transport.start(spec, { onMessage: () => {}, onOutput: (line) => output.push(line), onExit: resolve });
  });
  const exit = await exited;
  await transport.finish({ killed });
  const runCsv = readFileSync(join(runDir, 'vm-0.csv'), 'utf8');
  return { exit, output, runCsv, scratchKept: existsSync(scratch), otherKept: existsSync(otherScratch) };
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
      'vm0: its rows after byte 7, never relayed, were fetched from host h1 (root@10.0.0.2) at the end',
    ]);
  });

  test('a run killed at once does not wait on a lost host: one line says where the rows stay, and they stay', async () => {
    const { output, runCsv, scratchKept, otherKept } = await lostRun('killed', true);
    const file = join(root, 'killed', 'logs', '.remote-r1', 'vm-0.csv');
    expect(output.filter((line) => line.startsWith('its rows'))).toEqual([
      `its rows after byte 7 stay on host h1 (root@10.0.0.2) in ${file} (not asked: the run was killed at once)`,
    ]);
    expect(runCsv).toBe('header\n');
    expect([scratchKept, otherKept]).toEqual([true, false]);
  });
});
