/**
 * The launcher's shell session on a host, against a stand-in session the test answers by hand (so a command can be
 * made to answer late, or too long), and against a real local `sh` for the chunked fetch of a killed VM's rows.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from '@jest/globals';
import { fetchChunkCommand, fetchRest } from '../../launcher/remote-csv-fetch.js';
import { HostShell, type ShellResult } from '../../launcher/remote-host-shell.js';

const dir = mkdtempSync(join(tmpdir(), 'clocklab-host-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type FakeSession = {
  commands: { command: string; marker: string }[];
  stdout: PassThrough;
  killed: boolean;
  /** Ends the session's ssh client, as its `close` event says. */
  end(code: number | null, signal: NodeJS.Signals | null): void;
  /** The launcher ended the session's stdin (its shell then ends). */
  stdinEnded(): boolean;
};

/** Sessions that answer `echo X` at once and keep quiet on anything else until the test answers. */
function fakeSessions() {
  const sessions: FakeSession[] = [];
  const spawner = () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const session: FakeSession = {
      commands: [],
      stdout,
      killed: false,
      end: () => {},
      stdinEnded: () => stdin.writableEnded,
    };
    sessions.push(session);
    let pending = '';
    stdin.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const command = lines[i] ?? '';
        const marker = /^echo "(\S+) \$\?"$/.exec(lines[i + 1] ?? '')?.[1] ?? '';
        session.commands.push({ command, marker });
        if (command.startsWith('echo ')) stdout.write(`${command.slice(5)}\n${marker} 0\n`);
      }
    });
    const child = Object.assign(new EventEmitter(), {
      stdin,
      stdout,
      stderr: new PassThrough(),
      pid: undefined,
      kill: () => {
        session.killed = true;
        return true;
      },
      unref: () => {},
    });
    session.end = (code, signal) => child.emit('close', code, signal);
    return child as unknown as ChildProcess;
  };
  return { sessions, spawner };
}

/** The first session answers its first command (`running`) with `output`, then that command's marker, status 0. */
async function firstAnswers(sessions: FakeSession[], running: Promise<ShellResult>, output: string) {
  await new Promise((resolve) => setImmediate(resolve));
  const first = sessions[0];
  if (first === undefined) throw new Error('no session was opened');
  first.stdout.write(`${output}${first.commands[0]?.marker} 0\n`);
  return { first, result: await running };
}

describe("the launcher's shell session on a host", () => {
  test("a command that times out and then prints late does not pollute the next command's output", async () => {
    const { sessions, spawner } = fakeSessions();
    const shell = new HostShell(spawner, 'root@h2', { timeoutMs: 50 });
    const hung = await shell.run('sleep 100');
    expect(hung).toEqual({ ok: false, output: ['no answer from the host in 0.05 s'] });
    // The timed-out command's output and marker arrive late, on the session it ran in.
    const first = sessions[0];
    if (first === undefined) throw new Error('no session was opened');
    if (first.stdout.writable) first.stdout.write(`late row\n${first.commands[0]?.marker} 0\n`);
    expect(await shell.run('echo fresh')).toEqual({ ok: true, output: ['fresh'] });
    expect(sessions.length).toBe(2); // the next command went over a new session
  });

  test('a session out of step is set aside, not ended, until the end of the run: a pause guard there watches its shell', async () => {
    const { sessions, spawner } = fakeSessions();
    const shell = new HostShell(spawner, 'root@h2', { timeoutMs: 50 });
    const { first, result } = await firstAnswers(sessions, shell.run('kill -STOP 4242 && { (guard) & }'), '');
    expect(result).toEqual({ ok: true, output: [] });
    expect(await shell.run('cat slow')).toEqual({ ok: false, output: ['no answer from the host in 0.05 s'] });
    expect(await shell.run('echo next')).toEqual({ ok: true, output: ['next'] });
    // Its shell (and the guard watching it) lives on: neither its ssh client killed nor its stdin ended.
    expect({ killed: first.killed, stdinEnded: first.stdinEnded() }).toEqual({ killed: false, stdinEnded: false });
    expect(first.commands.map((c) => c.command)).toEqual(['kill -STOP 4242 && { (guard) & }', 'cat slow']);
    shell.close();
    expect(first.killed).toBe(true);
  });

  test('closed at the end of a run: the command waiting on a silent host fails at once, the queued ones open nothing', async () => {
    const { sessions, spawner } = fakeSessions();
    const shell = new HostShell(spawner, 'root@h2', { timeoutMs: 60_000 });
    const hung = shell.run('kill -KILL 4242');
    const queued = shell.run('kill -KILL 4343');
    await new Promise((resolve) => setImmediate(resolve));
    shell.close();
    const closed = { ok: false, output: ['the run ended before the host answered'] };
    expect(await hung).toEqual(closed);
    expect(await queued).toEqual(closed);
    expect(await shell.run('echo later')).toEqual(closed);
    expect(sessions.map((session) => session.commands.map((c) => c.command))).toEqual([['kill -KILL 4242']]);
  });

  test('a session that ends by itself marks the connection lost, until a command is answered again', async () => {
    const { sessions, spawner } = fakeSessions();
    const shell = new HostShell(spawner, 'root@h2', { timeoutMs: 50 });
    expect(await shell.run('echo one')).toEqual({ ok: true, output: ['one'] });
    expect(shell.connectionLost).toBe(false);
    // ssh lost its connection: the client ends without the launcher asking.
    sessions[0]?.end(255, null);
    expect(shell.connectionLost).toBe(true);
    expect(await shell.run('echo two')).toEqual({ ok: true, output: ['two'] });
    expect(shell.connectionLost).toBe(false);
    // One the launcher ends (a command out of step, the end of the run) is no news of the host.
    await shell.run('sleep 100');
    sessions[1]?.end(null, 'SIGKILL');
    expect(shell.connectionLost).toBe(false);
    shell.close();
    sessions[2]?.end(0, null);
    expect(shell.connectionLost).toBe(false);
  });

  test('a line over the bound fails its command, and the next command runs on a new session', async () => {
    const { sessions, spawner } = fakeSessions();
    const shell = new HostShell(spawner, 'root@h2', { maxLineBytes: 100 });
    const { first, result } = await firstAnswers(sessions, shell.run('cat big'), `${'A'.repeat(200)}\nmore\n`);
    expect(result).toEqual({ ok: false, output: ['the host answered with a line of 200 bytes, over the bound'] });
    expect(await shell.run('echo next')).toEqual({ ok: true, output: ['next'] });
    expect(first.killed).toBe(false); // set aside, as one that timed out
    expect(sessions.length).toBe(2);
  });
});

describe("fetching a killed VM's rows from its host", () => {
  const localSh = () => spawn('sh', [], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });

  test('in bounded chunks, byte for byte, from where the relay stopped', async () => {
    const file = join(dir, 'vm-3.csv');
    const content = Buffer.from(`header\n${Array.from({ length: 40 }, (_, k) => `row ${k} \u00e9\n`).join('')}`);
    writeFileSync(file, content);
    const shell = new HostShell(localSh, 'local');
    const commands: string[] = [];
    const counting = {
      run: (command: string) => {
        commands.push(command);
        return shell.run(command);
      },
    };
    const got = Buffer.alloc(content.length);
    const fetched = await fetchRest(counting, file, 7, (offset, bytes) => void bytes.copy(got, offset), 64);
    shell.close();
    expect(fetched).toEqual({ ok: true, bytes: content.length - 7 });
    expect(got.subarray(7)).toEqual(content.subarray(7));
    // The first answer gives the file's size: the fetch stops at it, with no chunk of nothing to say it ended.
    expect(commands.length).toBe(Math.ceil((content.length - 7) / 64));
    expect(commands[1]).toBe(fetchChunkCommand(file, 7 + 64, 64));
  });

  test('an answer with a line over the bound fails the fetch, naming why; nothing is written', async () => {
    const { sessions, spawner } = fakeSessions();
    const shell = new HostShell(spawner, 'root@h2', { maxLineBytes: 100 });
    const writes: number[] = [];
    const fetching = fetchRest(shell, '/x/vm-1.csv', 0, (offset) => void writes.push(offset));
    await new Promise((resolve) => setImmediate(resolve));
    const first = sessions[0];
    if (first === undefined) throw new Error('no session was opened');
    first.stdout.write(`${'QUFB'.repeat(50)}\n${first.commands[0]?.marker} 0\n`);
    expect(await fetching).toEqual({ ok: false, why: 'the host answered with a line of 200 bytes, over the bound' });
    expect(writes).toEqual([]);
  });

  test('an answer that is not base64 fails the fetch', async () => {
    const fetched = await fetchRest(
      { run: async () => ({ ok: true, output: ['3', 'late row', 'QUFB'] }) },
      'f',
      0,
      () => undefined,
    );
    // Its size there came: rows past the run folder's end are known to be there.
    expect(fetched).toEqual({ ok: false, why: 'the answer was not base64', hostBytes: 3 });
  });

  test('a file that holds nothing past the run folder: nothing is missing, whatever came for the empty chunk', async () => {
    const junk = { run: async () => ({ ok: true, output: ['12', 'not base64!'] }) };
    expect(await fetchRest(junk, 'f', 12, () => 'no write expected')).toEqual({ ok: true, bytes: 0 });
  });
});
