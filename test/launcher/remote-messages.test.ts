import { describe, expect, test } from '@jest/globals';
import { checkRemoteLine } from '../../launcher/remote-messages.js';

describe('a remote VM line', () => {
  test('each message type it may send is accepted, typed', () => {
    const lines = [
      { type: 'hello', id: 2, pid: 4242 },
      { type: 'pong', n: 0, t1: 1.5, t2: 2.25, t3: 2.5 },
      { type: 'rows', id: 2, offset: 10, text: '2,0,internal\n' },
      { type: 'listening', id: 2, port: 40000 },
      { type: 'progress', id: 2, tick: 5, clock: 7, queue: 0 },
      { type: 'dropped', id: 2, copy: '2-1>0', reason: 'link-down' },
      { type: 'failed', id: 2, reason: 'peer-timeout', detail: 'VM 0 never accepted' },
      // Mid-run failures too (they were refused as malformed, so the launcher never heard why a remote VM stopped).
      { type: 'failed', id: 2, reason: 'queue-full', detail: 'VM 2 holds over 1000 queued messages' },
      { type: 'failed', id: 2, reason: 'peer-out-of-range', detail: 'VM 0 sent VM 2 a clock of -1' },
    ];
    for (const line of lines) expect(checkRemoteLine(JSON.stringify(line), 2)).toEqual({ ok: true, message: line });
  });

  const refused: [string, string, RegExp][] = [
    ['not JSON', 'hello', /^not JSON/],
    ['an unknown type', '{"type":"exec","id":2}', /^malformed/],
    ['an extra field', '{"type":"connected","id":2,"x":1}', /^malformed/],
    ['a negative offset', '{"type":"rows","id":2,"offset":-1,"text":""}', /^malformed/],
    ['another VM id', '{"type":"connected","id":3}', /^speaks for VM 3, not VM 2$/],
    ['done with figures missing', '{"type":"done","id":2,"stats":{"id":2}}', /^malformed/],
  ];
  test.each(refused)('%s is refused as a value', (_, line, detail) => {
    const checked = checkRemoteLine(line, 2);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.detail).toMatch(detail);
  });
});
