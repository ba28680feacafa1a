import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { aliveLine, keepAlive } from '../../launcher/remote-keep-alive.js';
import { RemoteVmChannel } from '../../launcher/remote-vm-channel.js';
import { keepAliveMs, silentChannelMs } from '../../shared/remote-messages.js';
import { checkLauncherLine } from '../../vm/stdio-messages.js';
import { FakeTimer } from '../fake-timer.js';

/** An ssh client stand-in: what the channel writes to its stdin is kept, line by line. */
function fakeClient() {
  const child = new EventEmitter() as EventEmitter & Partial<ChildProcess>;
  const stdin = new PassThrough();
  const lines: string[] = [];
  stdin.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(line);
  });
  Object.assign(child, { stdin, stdout: new PassThrough(), stderr: new PassThrough() });
  return { child: child as ChildProcess, lines };
}

const events = { line() {}, refused() {}, stderr() {}, close() {} };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the launcher's keep-alive on a remote VM's channel", () => {
  test('a line the VM accepts, every keepAliveMs, well within the silence a VM waits out', () => {
    expect(checkLauncherLine(aliveLine.trim())).toEqual({ ok: true, message: { type: 'alive' } });
    expect(keepAliveMs * 4).toBeLessThan(silentChannelMs);
    const timer = new FakeTimer(0);
    const at: number[] = [];
    const alive = keepAlive(timer, () => at.push(timer.now()));
    timer.advanceTo(5 * keepAliveMs);
    expect(at).toEqual([1, 2, 3, 4, 5].map((k) => k * keepAliveMs));
    alive.stop();
    timer.run();
    expect(at.length).toBe(5);
  });

  test('goes on every channel while it is open; stops when the launcher ends it, or when the client closes', async () => {
    const timer = new FakeTimer(0);
    const ended = fakeClient();
    const closed = fakeClient();
    const channels = [new RemoteVmChannel(timer), new RemoteVmChannel(timer)];
    channels[0]?.open(ended.child, events);
    channels[1]?.open(closed.child, events);
    timer.advanceTo(3 * keepAliveMs);
    channels[0]?.end();
    closed.child.emit('close', 255, null);
    timer.advanceTo(10 * keepAliveMs);
    await settle();
    expect(ended.lines).toEqual([aliveLine.trim(), aliveLine.trim(), aliveLine.trim()]);
    expect(closed.lines).toEqual([aliveLine.trim(), aliveLine.trim(), aliveLine.trim()]);
    expect(timer.pending).toBe(0);
  });

  test('held for a Ctrl-Z: nothing between the hold and the resume (it would end the hold), then a line at once', async () => {
    const timer = new FakeTimer(0);
    const client = fakeClient();
    const channel = new RemoteVmChannel(timer);
    channel.open(client.child, events);
    timer.advanceTo(keepAliveMs);
    channel.holdKeepAlive();
    channel.write('{"type":"hold"}\n');
    timer.advanceTo(10 * keepAliveMs);
    channel.resumeKeepAlive();
    timer.advanceTo(11 * keepAliveMs);
    await settle();
    expect(client.lines).toEqual([aliveLine.trim(), '{"type":"hold"}', aliveLine.trim(), aliveLine.trim()]);
  });

  test('a line written with a callback: called once it is handed to the client, or at once when it never will be', async () => {
    const timer = new FakeTimer(0);
    const client = fakeClient();
    const channel = new RemoteVmChannel(timer);
    const flushed: string[] = [];
    channel.write('{"type":"hold"}\n', () => flushed.push('kept for later'));
    channel.open(client.child, events);
    channel.write('{"type":"hold"}\n', () => flushed.push('written'));
    await settle();
    client.child.emit('close', 0, null);
    channel.write('{"type":"hold"}\n', () => flushed.push('closed'));
    expect(flushed).toEqual(['kept for later', 'written', 'closed']);
    expect(client.lines).toEqual(['{"type":"hold"}', '{"type":"hold"}']);
    channel.end();
  });
});
