import { PassThrough, Writable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import type { LauncherToVm } from '../../shared/ipc-messages.js';
import { heldChannelMs, keepAliveMs, silentChannelMs, unheardIn } from '../../shared/remote-messages.js';
import { stdioChannel } from '../../vm/stdio-channel.js';
import { FakeTimer } from '../fake-timer.js';

/** A stdout nobody drains: no write ever completes (the channel's far end cut off). */
const undrained = () => new Writable({ write() {} });

function channelOnStreams(
  stdout: NodeJS.WritableStream = new PassThrough(),
  stderr: NodeJS.WritableStream = new PassThrough(),
) {
  const stdin = new PassThrough();
  const timer = new FakeTimer(0);
  const warnings: string[] = [];
  const written: unknown[] = [];
  stdout.on('data', (chunk: Buffer | string) => {
    for (const line of chunk.toString().split('\n')) if (line !== '') written.push(JSON.parse(line));
  });
  let errors = '';
  stderr.on('data', (chunk: Buffer | string) => {
    errors += chunk.toString();
  });
  let now = 1000;
  const warn = (line: string) => warnings.push(line);
  const channel = stdioChannel({ stdin, stdout, stderr, warn, now: () => now++, timer });
  const received: LauncherToVm[] = [];
  channel.onMessage((message) => received.push(message));
  let closed = 0;
  channel.onClose(() => {
    closed += 1;
  });
  return { stdin, channel, timer, warnings, written, received, closes: () => closed, stderr: () => errors };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the VM control channel on stdin/stdout', () => {
  test('launcher messages arrive checked; a clock sample is answered at once with its receive and send times', async () => {
    const { stdin, written, received } = channelOnStreams();
    stdin.write('{"type":"peers","ports":[4000,4001]}\n{"type":"ping","n":3,"t1":12.5}\n{"type":"st');
    stdin.write('op","atEpochMs":99}\n');
    await tick();
    expect(received).toEqual([
      { type: 'peers', ports: [4000, 4001] },
      { type: 'stop', atEpochMs: 99 },
    ]);
    expect(written).toEqual([{ type: 'pong', n: 3, t1: 12.5, t2: 1000, t3: 1001 }]);
  });

  test('malformed, unknown and oversize lines are refused with a warning, and the channel goes on', async () => {
    const { stdin, warnings, received } = channelOnStreams();
    stdin.write('not json\n{"type":"exec","cmd":"rm"}\n{"type":"start","startEpochMs":"soon","stopEpochMs":1}\n');
    stdin.write(`{"type":"init","spec":{}}\n${'x'.repeat(2 << 20)}\n{"type":"rejoin","id":1,"port":5}\n`);
    await tick();
    expect(warnings).toEqual([
      'control channel: refused not JSON: not json',
      'control channel: refused malformed or unknown message "exec"',
      'control channel: refused malformed or unknown message "start"',
      'control channel: refused malformed or unknown message "init"',
      'control channel: refused a line of 2097152 bytes',
    ]);
    expect(received).toEqual([{ type: 'rejoin', id: 1, port: 5 }]);
  });

  test('stdin ending (the launcher or the SSH connection gone) tells the VM to stop', async () => {
    const { stdin, timer, closes, warnings } = channelOnStreams();
    stdin.end();
    await tick();
    expect(closes()).toBe(1);
    timer.run();
    expect(closes()).toBe(1);
    expect(warnings).toEqual([]);
  });

  test("the launcher's keep-alives hold the channel open, and reach no handler", async () => {
    const { stdin, timer, closes, received, warnings } = channelOnStreams();
    for (let at = keepAliveMs; at <= 10 * silentChannelMs; at += keepAliveMs) {
      timer.advanceTo(at);
      stdin.write('{"type":"alive"}\n');
      await tick();
    }
    expect({ closes: closes(), received, warnings }).toEqual({ closes: 0, received: [], warnings: [] });
  });

  test('nothing from the launcher for silentChannelMs (a network cut: stdin never ends): the VM is told to stop, once, with one line why', async () => {
    const { stdin, channel, timer, closes, warnings, written, stderr } = channelOnStreams();
    timer.advanceTo(3_000);
    stdin.write('{"type":"alive"}\n');
    await tick();
    timer.advanceTo(3_000 + silentChannelMs - 1);
    expect(closes()).toBe(0);
    timer.advanceTo(3_000 + silentChannelMs);
    expect(closes()).toBe(1);
    expect(warnings).toEqual([
      'control channel: nothing from the launcher for 10 s (this host cut off from it?): stopping as if it had closed',
    ]);
    stdin.end();
    await tick();
    timer.run();
    expect(closes()).toBe(1);
    // Still written, not waited for: a launcher only suspended that long reads it when it wakes.
    await channel.sendLast({ type: 'connected', id: 1 });
    await tick();
    expect(written).toEqual([{ type: 'connected', id: 1 }]);
    // Why, on stderr, where no rows relay piles up ahead of it; written, so the exit need not wait.
    await channel.unheardSaid(60_000);
    expect(stderr()).toBe(`clocklab-vm-unheard ${silentChannelMs}\n`);
    expect(unheardIn(stderr().trimEnd())).toBe(silentChannelMs);
  });

  test('a stderr nobody drains does not hold the exit: the wait for the word is bounded; none without a silence', async () => {
    const quiet = channelOnStreams();
    let done = false;
    void quiet.channel.unheardSaid(1_000).then(() => {
      done = true;
    });
    await tick();
    expect(done).toBe(true);
    const { channel, timer, closes } = channelOnStreams(new PassThrough(), undrained());
    timer.advanceTo(silentChannelMs);
    await tick();
    expect(closes()).toBe(1);
    let said = false;
    void channel.unheardSaid(1_000).then(() => {
      said = true;
    });
    await tick();
    expect(said).toBe(false);
    timer.advanceTo(silentChannelMs + 1_000);
    await tick();
    expect(said).toBe(true);
  });

  test('a launcher about to stop (Ctrl-Z) says hold: the longer limit until it speaks again, then the short one from then', async () => {
    const { stdin, timer, closes, received, warnings } = channelOnStreams();
    timer.advanceTo(1_000);
    stdin.write('{"type":"hold"}\n');
    await tick();
    timer.advanceTo(1_000 + heldChannelMs - 1);
    expect({ closes: closes(), received, warnings }).toEqual({ closes: 0, received: [], warnings: [] });
    const resumed = timer.now();
    stdin.write('{"type":"alive"}\n');
    await tick();
    timer.advanceTo(resumed + silentChannelMs - 1);
    expect(closes()).toBe(0);
    timer.advanceTo(resumed + silentChannelMs);
    expect(closes()).toBe(1);
  });

  test('a last message whose write never completes is let go once the launcher is taken for gone; later ones at once', async () => {
    const { channel, timer, closes } = channelOnStreams(undrained());
    let sent = false;
    void channel.sendLast({ type: 'connected', id: 1 }).then(() => {
      sent = true;
    });
    await tick();
    expect(sent).toBe(false);
    timer.advanceTo(silentChannelMs);
    await tick();
    expect({ sent, closes: closes(), silent: channel.wentSilent() }).toEqual({ sent: true, closes: 1, silent: true });
    await channel.sendLast({ type: 'listening', id: 1, port: 4001 });
  });

  test('messages go out one JSON line each; sendLast resolves once written', async () => {
    const { channel, written } = channelOnStreams();
    channel.send({ type: 'connected', id: 1 });
    await channel.sendLast({ type: 'listening', id: 1, port: 4001 });
    await tick();
    expect(written).toEqual([
      { type: 'connected', id: 1 },
      { type: 'listening', id: 1, port: 4001 },
    ]);
  });
});
