import { describe, expect, test } from '@jest/globals';
import { type RemoteVmInbox, takeRemoteErrorLine, takeRemoteLine } from '../../launcher/remote-vm-inbox.js';
import type { VmToLauncher } from '../../shared/ipc-messages.js';

/** An inbox that notes where each line went, in order. */
function noting() {
  const went: unknown[] = [];
  const inbox: RemoteVmInbox = {
    host: {
      name: 'h2',
      ssh: 'root@10.0.0.3',
      onPong: (pong) => went.push(['pong', pong.n]),
    },
    rows: {
      write: (offset, text) => {
        went.push(['rows', offset, text]);
        return undefined;
      },
    },
    events: {
      onMessage: (message: VmToLauncher) => went.push(['message', message]),
      onOutput: (line) => went.push(['output', line]),
    },
    hello: (pid) => went.push(['hello', pid]),
    finished: () => went.push(['finished']),
  };
  return { inbox, went };
}

const take = (message: unknown) => {
  const { inbox, went } = noting();
  takeRemoteLine(JSON.stringify(message), 1, inbox);
  return went;
};

describe("a remote VM's lines", () => {
  test("a VM that cannot listen at its host's address: its failure names the host", () => {
    expect(take({ type: 'failed', id: 1, reason: 'listen-failed', detail: '10.0.0.99:0: EADDRNOTAVAIL' })).toEqual([
      ['finished'],
      [
        'message',
        {
          type: 'failed',
          id: 1,
          reason: 'listen-failed',
          detail: '10.0.0.99:0: EADDRNOTAVAIL on host h2 (root@10.0.0.3)',
        },
      ],
    ]);
  });

  test('a VM that cannot write its CSV on its host: its failure names the host, where the file is', () => {
    const detail = 'cannot create /opt/clocklab/logs/.remote-r1 (EROFS)';
    expect(take({ type: 'failed', id: 1, reason: 'cannot-write', detail })).toEqual([
      ['finished'],
      ['message', { type: 'failed', id: 1, reason: 'cannot-write', detail: `${detail} on host h2 (root@10.0.0.3)` }],
    ]);
  });

  test("a failure about its peers is the VM's own: no host named", () => {
    const failed = { type: 'failed', id: 1, reason: 'peer-timeout', detail: 'VM 0 did not connect' };
    expect(take(failed)).toEqual([['finished'], ['message', failed]]);
  });

  test("hello, pong and rows are the launcher's; the rest goes on as a local VM's would", () => {
    expect(take({ type: 'hello', id: 1, pid: 4242 })).toEqual([['hello', 4242]]);
    expect(take({ type: 'pong', n: 3, t1: 1, t2: 2, t3: 3 })).toEqual([['pong', 3]]);
    expect(take({ type: 'rows', id: 1, offset: 12, text: 'row1\n' })).toEqual([['rows', 12, 'row1\n']]);
    expect(take({ type: 'listening', id: 1, port: 40001 })).toEqual([
      ['message', { type: 'listening', id: 1, port: 40001 }],
    ]);
  });

  test('a line that speaks for another VM is refused in one line, and goes nowhere else', () => {
    expect(take({ type: 'hello', id: 2, pid: 4242 })).toEqual([
      ['output', 'control channel: refused speaks for VM 2, not VM 1'],
    ]);
  });

  test('its word on stderr that it gave the launcher up is kept; its other stderr lines go on as they are', () => {
    const went: unknown[] = [];
    const host = { onUnheard: (vm: number, quietMs: number) => went.push(['unheard', vm, quietMs]) };
    for (const line of ['clocklab-vm-unheard 10003', 'clocklab-vm-exit 0', 'say clocklab-vm-unheard 5', 'x']) {
      takeRemoteErrorLine(line, 1, host, (other) => went.push(['other', other]));
    }
    expect(went).toEqual([
      ['unheard', 1, 10_003],
      ['other', 'clocklab-vm-exit 0'],
      ['other', 'say clocklab-vm-unheard 5'],
      ['other', 'x'],
    ]);
  });
});
