/**
 * One remote VM life against a stand-in for ssh: a node script that speaks as a VM would on the channel, and says
 * back on stderr what it was sent. No host needed: what is tested is the launcher's side of the channel.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { RemoteCsv, type WriteAtPosition } from '../../launcher/remote-csv.js';
import { fetchChunkBytes, fetchChunkCommand } from '../../launcher/remote-csv-fetch.js';
import { setAsideMark } from '../../launcher/remote-cut-back.js';
import type { ShellResult } from '../../launcher/remote-host-shell.js';
import { pauseMarks, signalCommand } from '../../launcher/remote-pause-guard.js';
import { cutBackCommand, reapCommand } from '../../launcher/remote-vm-exit.js';
import { type RemoteHostLink, RemoteVmLife } from '../../launcher/remote-vm-life.js';
import type { VmToLauncher } from '../../shared/ipc-messages.js';
import type { VmSpec } from '../../shared/vm-spec.js';

/** How the launcher's session on a host kills VM 4242 (ending a pause's guard first). */
const killCommand = signalCommand(4242, 'KILL', pauseMarks('/opt/clocklab/logs/.remote-r1', 1));

const dir = mkdtempSync(join(tmpdir(), 'clocklab-remote-life-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Says hello and relays two rows, echoes each line it reads to stderr, and ends as `ending` says on `stop`. */
const fakeVm = (ending: string, more = '') => `
const out = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
out({ type: 'hello', id: 1, pid: 4242 });
out({ type: 'rows', id: 1, offset: 0, text: 'header\\nrow0\\n' });
${more}
out({ type: 'listening', id: 1, port: 40001 });
let pending = '';
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    process.stderr.write('got ' + line + '\\n');
    if (JSON.parse(line).type === 'stop') { ${ending} }
  }
});`;

const spec = { id: 1, machines: 2, outDir: '/launcher/run', clockRate: 1000 } as VmSpec;

type ShellAnswer = (command: string) => Promise<ShellResult>;

type LifeOptions = {
  answer?: ShellAnswer;
  resumeAt?: number;
  more?: string;
  script?: string;
  writeAt?: WriteAtPosition;
  /** The launcher's session on the host was lost (HostShell.connectionLost). */
  connectionLost?: boolean;
};

function lifeWith(ending: string, fetched = '', options: LifeOptions = {}) {
  const commands: string[] = [];
  const bounds: (number | undefined)[] = [];
  const unheard: [number, number][] = [];
  let spawns = 0;
  // A fetch's answer: the file's size there (what the run folder had, then `fetched`), then `fetched` in base64.
  const answer: ShellAnswer =
    options.answer ??
    (async (command) => {
      const from = Number(/tail -c \+(\d+)/.exec(command)?.[1] ?? 1) - 1;
      return { ok: true, output: [String(from + Buffer.byteLength(fetched)), Buffer.from(fetched).toString('base64')] };
    });
  const host: RemoteHostLink = {
    name: 'h2',
    ssh: 'root@10.0.0.3',
    dir: '/opt/clocklab',
    scratchDir: '/opt/clocklab/logs/.remote-r1',
    spawner: () => {
      spawns += 1;
      const script = options.script ?? fakeVm(ending, options.more);
      return spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    },
    shell: {
      run: (command, timeoutMs) => {
        commands.push(command);
        bounds.push(timeoutMs);
        return answer(command);
      },
      connectionLost: options.connectionLost === true,
    },
    gate: { enter: async () => () => {} },
    toHostTime: (epochMs) => epochMs + 100,
    onPong: () => {},
    onUnheard: (vm, quietMs) => unheard.push([vm, quietMs]),
  };
  const messages: VmToLauncher[] = [];
  let heard: () => void = () => {};
  const listening = new Promise<void>((resolve) => {
    heard = resolve;
  });
  const output: string[] = [];
  const file = join(dir, `vm-1-${Math.random()}.csv`);
  const csv = new RemoteCsv(file, options.writeAt);
  const life = new RemoteVmLife(
    host,
    spec,
    {
      onMessage: (m) => {
        messages.push(m);
        if (m.type === 'listening') heard();
      },
      onOutput: (l) => output.push(l),
      onExit: () => {},
    },
    csv,
    options.resumeAt,
  );
  return { life, messages, listening, output, commands, bounds, file, csv, unheard, spawns: () => spawns };
}

describe('a remote VM life', () => {
  test("init points the VM at its host's scratch folder; instants go over in the host's clock", async () => {
    const { life, messages, output } = lifeWith(`process.stderr.write('clocklab-vm-exit 0\\n'); process.exit(0);`);
    life.send({ type: 'init', spec });
    life.send({ type: 'start', startEpochMs: 1000, stopEpochMs: 2000 });
    life.send({ type: 'stop', atEpochMs: 1500 });
    const exit = await life.exited;
    expect(exit).toEqual({ id: 1, pid: 4242, code: 0, signal: undefined });
    const sent = output.filter((line) => line.startsWith('got ')).map((line) => JSON.parse(line.slice(4)));
    expect(sent[0].spec.outDir).toBe('/opt/clocklab/logs/.remote-r1');
    expect(sent.slice(1)).toEqual([
      { type: 'start', startEpochMs: 1100, stopEpochMs: 2100 },
      { type: 'stop', atEpochMs: 1600 },
    ]);
    expect(messages).toEqual([{ type: 'listening', id: 1, port: 40001 }]);
    expect(life.pid).toBe(4242);
  });

  test('the run folder cannot take its rows (a full disk): the run fails naming the file, the rows stay on the host, the VM is not stopped for a gap', async () => {
    const full: WriteAtPosition = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const more = "out({ type: 'rows', id: 1, offset: 12, text: 'row1\\n' });";
    const { life, messages, output, commands, csv } = lifeWith(
      `out({ type: 'done', id: 1, stats: { id: 1, clockRate: 10, port: 40001, ticks: 2, sent: 0, received: 0, finalClock: 2, maxJump: 1, maxQueue: 0, pendingAtStop: [], lostPeers: [], unendedLinks: [], refused: 0, stoppedEarly: true } }); process.stderr.write('clocklab-vm-exit 0\\n'); process.exit(0);`,
      '',
      { writeAt: full, more },
    );
    life.send({ type: 'stop', atEpochMs: 1 });
    expect(await life.exited).toEqual({ id: 1, pid: 4242, code: 0, signal: undefined });
    expect(messages.filter((m) => m.type === 'failed' || m.type === 'done').map((m) => m.type)).toEqual([
      'failed',
      'done',
    ]);
    expect(messages.find((m) => m.type === 'failed')).toEqual({
      type: 'failed',
      id: 1,
      reason: 'cannot-write',
      detail: `cannot write ${csv.path} (ENOSPC)`,
    });
    expect(output.filter((line) => line.startsWith('its rows') || line.startsWith('rows refused'))).toEqual([
      'its rows from byte 0 stay on host h2 (root@10.0.0.3) in /opt/clocklab/logs/.remote-r1/vm-1.csv: the run folder cannot take them (ENOSPC)',
    ]);
    expect(commands).toEqual([]); // no kill: later rows are not a gap, they stay on the host with the rest
    expect(csv.failed).toBe('ENOSPC');
    expect(csv.rowsOnHost).toEqual({
      host: 'h2',
      file: '/opt/clocklab/logs/.remote-r1/vm-1.csv',
      fromByte: 0,
      why: 'the run folder cannot take them (ENOSPC)',
    });
  });

  test('a VM that gave the launcher up: its word comes on stderr and is kept, not shown; its unrelayed rows are fetched', async () => {
    // As the VM ends cut off: its stdout backlog is dropped with it, and only its stderr says why.
    const { life, output, unheard, commands } = lifeWith(
      `process.stderr.write('clocklab-vm-unheard 10004\\ncontrol channel: nothing from the launcher for 10 s\\n' +
        'clocklab-vm-exit 0\\n'); process.exit(0);`,
      'row1\n',
    );
    life.send({ type: 'start', startEpochMs: 1000, stopEpochMs: 2000 });
    life.send({ type: 'stop', atEpochMs: 1 });
    expect(await life.exited).toEqual({ id: 1, pid: 4242, code: 0, signal: undefined });
    expect(unheard).toEqual([[1, 10_004]]);
    expect(output.filter((line) => !line.startsWith('got '))).toEqual([
      'control channel: nothing from the launcher for 10 s',
    ]);
    expect(commands).toEqual([fetchChunkCommand('/opt/clocklab/logs/.remote-r1/vm-1.csv', 12, fetchChunkBytes)]);
  });

  test('a VM killed on its host: SIGKILL, and the rows it never relayed are fetched from its file there', async () => {
    const { life, commands, file, csv } = lifeWith(
      `process.stderr.write('clocklab-vm-exit 137\\n'); process.exit(0);`,
      'row1\nrow2\n',
    );
    life.send({ type: 'start', startEpochMs: 1000, stopEpochMs: 2000 });
    life.send({ type: 'stop', atEpochMs: 1 });
    expect(await life.exited).toEqual({ id: 1, pid: 4242, code: undefined, signal: 'SIGKILL' });
    expect(commands).toEqual([fetchChunkCommand('/opt/clocklab/logs/.remote-r1/vm-1.csv', 12, fetchChunkBytes)]);
    csv.close();
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\nrow1\nrow2\n');
  });

  test('a VM killed on its host whose channel never brings its status (stalled): SIGKILL all the same, rows fetched', async () => {
    // The stand-in never ends by itself: only the launcher dropping its "ssh client" ends the channel.
    const { life, listening, commands, file, csv } = lifeWith('', 'row1\n', { more: 'setInterval(() => {}, 1000);' });
    await listening;
    life.send({ type: 'start', startEpochMs: 1000, stopEpochMs: 2000 });
    life.signal('SIGKILL');
    expect(await life.exited).toEqual({ id: 1, pid: 4242, code: undefined, signal: 'SIGKILL' });
    expect(commands).toEqual([
      killCommand,
      fetchChunkCommand('/opt/clocklab/logs/.remote-r1/vm-1.csv', 12, fetchChunkBytes),
    ]);
    csv.close();
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\nrow1\n');
  });

  test('a VM never sent its start that ends on its closed channel (exit 1) before its kill does: no rows are asked for', async () => {
    // Stopped before the start (a Ctrl-C as the VMs link up): it never made its CSV on its host.
    const { life, listening, commands } = lifeWith('', '', {
      script: `process.stdout.write(JSON.stringify({ type: 'hello', id: 1, pid: 4242 }) + '\\n');
process.stdout.write(JSON.stringify({ type: 'listening', id: 1, port: 40001 }) + '\\n');
process.stdin.on('end', () => { process.stderr.write('clocklab-vm-exit 1\\n'); process.exit(0); });
process.stdin.resume();`,
      // The kill's round trip is not back before the VM's own end; anything else is answered at once.
      answer: (command) =>
        command === killCommand ? new Promise(() => {}) : Promise.resolve({ ok: true, output: [''] }),
    });
    await listening;
    life.signal('SIGKILL');
    expect(await life.exited).toEqual({ id: 1, pid: 4242, code: 1, signal: undefined });
    expect(commands).toEqual([killCommand]);
  });

  test('a VM killed before it said hello (still connecting): its channel is dropped at once, and it ends as killed', async () => {
    const { life, commands, spawns } = lifeWith('', '', { script: 'setInterval(() => {}, 1000);' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(spawns()).toBe(1);
    life.signal('SIGKILL');
    expect(await life.exited).toEqual({ id: 1, pid: undefined, code: undefined, signal: 'SIGKILL' });
    // No pid to kill on the host, and no rows to ask for: it never got its start.
    expect(commands).toEqual([]);
  });

  test('a life whose ssh never connected (its host unreachable): lost, and no rows are said to stay there', async () => {
    const { life, commands, output } = lifeWith('', '', {
      script: `process.stderr.write('ssh: connect to host 10.0.0.3 port 22: Connection timed out\\n'); process.exit(255);`,
    });
    expect((await life.exited).lost).toBe(
      'was never reached on host h2 (root@10.0.0.3): its ssh session ended before the VM started there (ssh: connect to host 10.0.0.3 port 22: Connection timed out)',
    );
    expect(life.hostLost).toBe(true);
    expect(await life.recoverRows(10_000)).toEqual({ ok: true, bytes: 0 });
    expect(commands).toEqual([]);
    expect(output).toEqual(['ssh: connect to host 10.0.0.3 port 22: Connection timed out']);
  });

  test('a kill its host could not carry out, then a stalled channel: the host is named as lost', async () => {
    const { life, listening, commands } = lifeWith('', '', {
      more: 'setInterval(() => {}, 1000);',
      answer: async () => ({ ok: false, output: ['no answer from the host in 15 s'] }),
    });
    await listening;
    life.signal('SIGKILL');
    expect((await life.exited).lost).toMatch(/^was lost: host h2 \(root@10\.0\.0\.3\) became unreachable/);
    expect(commands).toEqual([killCommand]);
  }, 15_000);

  test('ssh ending without the VM exit status: the host is named as lost', async () => {
    const { life, commands } = lifeWith(
      `process.stderr.write('Connection closed by 10.0.0.3 port 22\\n'); process.exit(255);`,
    );
    life.send({ type: 'stop', atEpochMs: 1 });
    expect(await life.exited).toEqual({
      id: 1,
      pid: 4242,
      code: undefined,
      signal: undefined,
      lost: 'was lost: host h2 (root@10.0.0.3) became unreachable (Connection closed by 10.0.0.3 port 22)',
    });
    expect(commands).toEqual([]); // an unreachable host is not asked for rows
  });

  test("ssh's complaint ends in CRLF: its line is shown, and names the lost host, without the CR", async () => {
    const { life, output } = lifeWith(
      `process.stderr.write('Connection to 10.0.0.3 closed by remote host.\\r\\n'); process.exit(255);`,
    );
    life.send({ type: 'stop', atEpochMs: 1 });
    expect((await life.exited).lost).toBe(
      'was lost: host h2 (root@10.0.0.3) became unreachable (Connection to 10.0.0.3 closed by remote host.)',
    );
    expect(output.filter((line) => line.startsWith('Connection'))).toEqual([
      'Connection to 10.0.0.3 closed by remote host.',
    ]);
  });

  test('a life lost with its host: at the end, if the host answers, its VM is made sure to be gone and its rows fetched', async () => {
    const { life, commands, output, file, csv } = lifeWith(
      `process.stderr.write('Connection closed by 10.0.0.3 port 22\\n'); process.exit(255);`,
      'row1\n',
    );
    life.send({ type: 'stop', atEpochMs: 1 });
    expect((await life.exited).lost).toMatch(/^was lost: host h2/);
    expect(life.hostLost).toBe(true);
    expect((await life.recoverRows(10_000)).ok).toBe(true);
    expect(commands).toEqual([
      reapCommand(4242, 1),
      fetchChunkCommand('/opt/clocklab/logs/.remote-r1/vm-1.csv', 12, fetchChunkBytes),
    ]);
    expect(output.filter((line) => line.startsWith('its rows'))).toEqual([
      'its rows after byte 12, never relayed, were fetched from host h2 (root@10.0.0.3) at the end',
    ]);
    csv.close();
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\nrow1\n');
  });

  test('a life lost with its host that still does not answer: one line saying where its rows stay', async () => {
    const { life, output, file, csv } = lifeWith(
      `process.stderr.write('Connection closed by 10.0.0.3 port 22\\n'); process.exit(255);`,
      '',
      { answer: async () => ({ ok: false, output: ['the ssh session to the host ended'] }) },
    );
    life.send({ type: 'stop', atEpochMs: 1 });
    await life.exited;
    expect((await life.recoverRows(10_000)).ok).toBe(false);
    expect(output.filter((line) => line.startsWith('its rows'))).toEqual([
      'its rows after byte 12, if any, stay on host h2 (root@10.0.0.3) in /opt/clocklab/logs/.remote-r1/vm-1.csv (the ssh session to the host ended)',
    ]);
    expect(csv.rowsOnHost).toEqual({
      host: 'h2',
      file: '/opt/clocklab/logs/.remote-r1/vm-1.csv',
      fromByte: 12,
      why: 'the ssh session to the host ended',
      ifAny: true,
    });
    csv.close();
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\n');
  });

  /** A VM that says hello and listens, relays no row, and is lost as its channel is told `stop`. */
  const silentVm = `
const out = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
out({ type: 'hello', id: 1, pid: 4242 });
out({ type: 'listening', id: 1, port: 40001 });
process.stdin.on('data', (chunk) => {
  if (String(chunk).includes('"stop"')) { process.stderr.write('Connection closed by 10.0.0.3 port 22\\n'); process.exit(255); }
});`;
  const unanswered = async () => ({ ok: false, output: ['the ssh session to the host ended'] });

  test('a life lost before it was sent its start, its host silent: it wrote no row there, and that is what is said', async () => {
    const { life, listening, output, csv } = lifeWith('', '', { script: silentVm, answer: unanswered });
    await listening;
    life.send({ type: 'stop', atEpochMs: 1 });
    expect((await life.exited).lost).toMatch(/^was lost: host h2/);
    expect((await life.recoverRows(10_000)).ok).toBe(false);
    expect(output.filter((line) => / row/.test(line))).toEqual([
      'no row of it stays on host h2 (root@10.0.0.3): it was never sent the start, so it wrote none (the ssh session to the host ended)',
    ]);
    expect(csv.rowsOnHost).toBeUndefined();
  });

  test("a life lost before its start, the launcher's session on its host lost too: its host is not asked at all", async () => {
    const { life, listening, output, commands, csv } = lifeWith('', '', { script: silentVm, connectionLost: true });
    await listening;
    life.send({ type: 'stop', atEpochMs: 1 });
    await life.exited;
    expect(await life.recoverRows(10_000)).toEqual({
      ok: false,
      why: "not asked: the launcher's session there was lost too",
    });
    expect(commands).toEqual([]);
    expect(output.filter((line) => / row/.test(line))).toEqual([
      "no row of it stays on host h2 (root@10.0.0.3): it was never sent the start, so it wrote none (not asked: the launcher's session there was lost too)",
    ]);
    expect(csv.rowsOnHost).toBeUndefined();
  });

  test('a life lost before its start, its host answering: killed there at once, in one command bounded at 2 s, nothing fetched', async () => {
    const { life, listening, output, commands, bounds } = lifeWith('', '', { script: silentVm });
    await listening;
    life.send({ type: 'stop', atEpochMs: 1 });
    await life.exited;
    expect(await life.recoverRows(10_000)).toEqual({ ok: true, bytes: 0 });
    expect(commands).toEqual([reapCommand(4242, 1, 0)]);
    expect(bounds).toEqual([2_000]);
    expect(output.filter((line) => / row/.test(line))).toEqual([]);
  });

  test('a life lost as its start went out, no row of it come, its host silent: its rows stay there only if the start reached it', async () => {
    const { life, listening, output, csv } = lifeWith('', '', { script: silentVm, answer: unanswered });
    await listening;
    life.send({ type: 'start', startEpochMs: 1000, stopEpochMs: 2000 });
    life.send({ type: 'stop', atEpochMs: 1 });
    expect((await life.exited).lost).toMatch(/^was lost: host h2/);
    expect((await life.recoverRows(10_000)).ok).toBe(false);
    const file = '/opt/clocklab/logs/.remote-r1/vm-1.csv';
    expect(output.filter((line) => / row/.test(line))).toEqual([
      'asking host h2 (root@10.0.0.3) for its rows after byte 0, never relayed (Ctrl-C stops waiting)',
      `no row of it came after its start was sent; if the start reached it, its rows after byte 0 stay on host h2 (root@10.0.0.3) in ${file} (the ssh session to the host ended)`,
    ]);
    expect(csv.rowsOnHost).toEqual({
      host: 'h2',
      file,
      fromByte: 0,
      why: 'the ssh session to the host ended',
      ifStarted: true,
    });
  });

  test('a fetch that fails (an answer over the bound) says so in one line naming the host and where the rows stay; nothing is written', async () => {
    const over = 'the host answered with a line of 20000000 bytes, over the bound';
    const { life, output, file, csv } = lifeWith(
      `process.stderr.write('clocklab-vm-exit 137\\n'); process.exit(0);`,
      '',
      {
        answer: async () => ({ ok: false, output: [over] }),
      },
    );
    life.send({ type: 'start', startEpochMs: 1000, stopEpochMs: 2000 });
    life.send({ type: 'stop', atEpochMs: 1 });
    expect((await life.exited).signal).toBe('SIGKILL');
    expect(output.filter((line) => line.startsWith('could not fetch'))).toEqual([
      `could not fetch its rows after byte 12, if any, from host h2 (root@10.0.0.3): ${over}; they stay there in /opt/clocklab/logs/.remote-r1/vm-1.csv`,
    ]);
    expect(csv.rowsOnHost).toEqual({
      host: 'h2',
      file: '/opt/clocklab/logs/.remote-r1/vm-1.csv',
      fromByte: 12,
      why: over,
      ifAny: true,
    });
    csv.close();
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\n');
  });

  test('a restart whose cut-back fails on its host ends before its VM starts, in one line naming the host', async () => {
    const { life, commands, spawns } = lifeWith('', '', {
      resumeAt: 40,
      answer: async () => ({ ok: false, output: ['truncate: Read-only file system'] }),
    });
    expect(await life.exited).toEqual({
      id: 1,
      pid: undefined,
      code: undefined,
      signal: undefined,
      lost: 'could not restart: its CSV on host h2 (root@10.0.0.3) could not be cut back to 40 bytes (truncate: Read-only file system)',
    });
    expect(commands).toEqual([cutBackCommand('/opt/clocklab/logs/.remote-r1/vm-1.csv', 40)]);
    expect(spawns()).toBe(0);
  });

  test("a restart after its life's rows were kept on the host: init goes first, told to number past them", async () => {
    const { life, output, csv } = lifeWith(`process.stderr.write('clocklab-vm-exit 0\\n'); process.exit(0);`, '', {
      resumeAt: 0,
      answer: async () => ({ ok: true, output: [setAsideMark] }),
    });
    // The killed life's rows past the run folder's end could not be fetched: its record, then the restart's resume.
    csv.keptOnHost({ host: 'h2', file: '/opt/clocklab/logs/.remote-r1/vm-1.csv', fromByte: 0, why: 'junk' });
    csv.resumeAt();
    const restart = { clock: 4, sends: 1, lastNumber: 1, rowsBefore: 4, vector: [2, 4] };
    life.send({ type: 'init', spec: { ...spec, restart } });
    life.send({ type: 'stop', atEpochMs: 1500 });
    await life.exited;
    expect(csv.earlierRowsOnHost).toHaveLength(1);
    const sent = output.filter((line) => line.startsWith('got ')).map((line) => JSON.parse(line.slice(4)));
    expect(sent.map((message) => message.type)).toEqual(['init', 'stop']);
    expect(sent[0].spec.restart).toEqual({ ...restart, aboveKeptRows: 'first-tick' });
  });

  test('a kill that comes during the cut-back: the new life never starts its VM', async () => {
    let cutBackDone: (result: ShellResult) => void = () => {};
    const { life, spawns } = lifeWith('', '', {
      resumeAt: 12,
      answer: () =>
        new Promise((resolve) => {
          cutBackDone = resolve;
        }),
    });
    await new Promise((resolve) => setImmediate(resolve));
    life.signal('SIGKILL');
    cutBackDone({ ok: true, output: [] });
    expect(await life.exited).toEqual({ id: 1, pid: undefined, code: undefined, signal: 'SIGKILL' });
    expect(spawns()).toBe(0);
  });

  test('rows that come past the end of what the run folder holds are refused: no hole, and the life fails', async () => {
    // The relay jumps: bytes 12..39 never came, so these would leave a hole of zero bytes in the CSV.
    const { life, output, commands, file, csv } = lifeWith('', '', {
      more: `out({ type: 'rows', id: 1, offset: 40, text: 'row5\\n' });`,
    });
    expect(await life.exited).toEqual({
      id: 1,
      pid: 4242,
      code: undefined,
      signal: undefined,
      lost: 'had rows from host h2 refused (bytes at 40 came past the 12 the run folder holds)',
    });
    expect(output.filter((line) => line.startsWith('rows refused'))).toEqual([
      'rows refused: bytes at 40 came past the 12 the run folder holds; they stay on host h2',
    ]);
    expect(commands).toEqual([killCommand]);
    expect(csv.rowsOnHost).toEqual({
      host: 'h2',
      file: '/opt/clocklab/logs/.remote-r1/vm-1.csv',
      fromByte: 12,
      why: 'rows refused: bytes at 40 came past the 12 the run folder holds',
    });
    csv.close();
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\n');
  });
});
