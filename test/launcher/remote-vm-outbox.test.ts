/**
 * What the launcher sends a remote VM life, on a fake channel: in the host's clock, a restarted life's held until its
 * cut-back, nothing once it ended; the start's going out noted; a Ctrl-Z's hold and resume.
 */
import { describe, expect, test } from '@jest/globals';
import type { RemoteHostLink } from '../../launcher/remote-host-link.js';
import { RemoteVmOutbox } from '../../launcher/remote-vm-outbox.js';
import type { VmSpec } from '../../shared/vm-spec.js';

const host = { scratchDir: '/opt/clocklab/logs/.remote-r1', toHostTime: (ms: number) => ms + 100 } as RemoteHostLink;

/** An outbox on a channel that records each line (parsed) and each keep-alive hold and resume. */
function outboxOf(restarted: boolean) {
  const lines: unknown[] = [];
  const keepAlive: string[] = [];
  let ended = false;
  const channel = {
    writable: true,
    write: (line: string, flushed?: () => void) => {
      lines.push(JSON.parse(line));
      flushed?.();
    },
    holdKeepAlive: () => keepAlive.push('hold'),
    resumeKeepAlive: () => keepAlive.push('resume'),
  };
  const outbox = new RemoteVmOutbox(host, channel, restarted, () => ended);
  return { outbox, lines, keepAlive, end: () => (ended = true) };
}

describe("a remote VM life's outbox", () => {
  test("sends each message in the host's clock, notes the start, and sends nothing once the life ended", () => {
    const { outbox, lines, end } = outboxOf(false);
    outbox.send({ type: 'stop', atEpochMs: 1000 });
    expect(outbox.startSent).toBe(false);
    outbox.send({ type: 'start', startEpochMs: 2000, stopEpochMs: 3000 });
    expect(outbox.startSent).toBe(true);
    expect(outbox.open).toBe(true);
    end();
    outbox.send({ type: 'stop', atEpochMs: 4000 });
    outbox.write({ type: 'hold' });
    expect(outbox.open).toBe(false);
    expect(lines).toEqual([
      { type: 'stop', atEpochMs: 1100 },
      { type: 'start', startEpochMs: 2100, stopEpochMs: 3100 },
    ]);
  });

  test("a restarted life's messages wait for the cut-back, then go in order, the init pointed at the host's folder", async () => {
    const { outbox, lines } = outboxOf(true);
    const spec = { id: 1, outDir: '/tmp/run' } as VmSpec;
    outbox.send({ type: 'init', spec });
    outbox.send({ type: 'start', startEpochMs: 2000, stopEpochMs: 3000 });
    expect([lines, outbox.startSent]).toEqual([[], false]);
    await outbox.release({ earlierRowsOnHost: [], length: 0, path: '/tmp/run/vm-1.csv' });
    expect(lines).toEqual([
      { type: 'init', spec: { id: 1, outDir: '/opt/clocklab/logs/.remote-r1' } },
      { type: 'start', startEpochMs: 2100, stopEpochMs: 3100 },
    ]);
    expect(outbox.startSent).toBe(true);
  });

  test("a Ctrl-Z's hold: keep-alives held, the hold sent, resolved once written; resumed after; none once ended", async () => {
    const { outbox, lines, keepAlive, end } = outboxOf(false);
    await outbox.hold();
    outbox.resume();
    end();
    await outbox.hold();
    outbox.resume();
    expect(lines).toEqual([{ type: 'hold' }]);
    expect(keepAlive).toEqual(['hold', 'resume']);
  });
});
