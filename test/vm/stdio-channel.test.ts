import { PassThrough } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import type { LauncherToVm } from '../../shared/ipc-messages.js';
import { stdioChannel } from '../../vm/stdio-channel.js';

function channelOnStreams() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const warnings: string[] = [];
  const written: unknown[] = [];
  stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line !== '') written.push(JSON.parse(line));
  });
  let now = 1000;
  const channel = stdioChannel({ stdin, stdout, warn: (line) => warnings.push(line), now: () => now++ });
  const received: LauncherToVm[] = [];
  channel.onMessage((message) => received.push(message));
  return { stdin, channel, warnings, written, received };
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
    const { stdin, channel } = channelOnStreams();
    let closed = 0;
    channel.onClose(() => {
      closed += 1;
    });
    stdin.end();
    await tick();
    expect(closed).toBe(1);
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
