/** What ends a VM's run early: the first failure only, the earliest stop, and the naps and loop either one ends. */
import { describe, expect, test } from '@jest/globals';
import { RunHalt } from '../../vm/run-halt.js';

/** The timer's clock reads 42; epoch ms read on it 1000 less. */
function halted() {
  const halt = new RunHalt({ now: () => 42 }, (epochMs) => epochMs - 1000);
  const seen: string[] = [];
  const naps = {
    until: () => Promise.resolve(),
    stop: () => {
      seen.push('naps stopped');
    },
  };
  const loop = { stopBy: (at: number) => seen.push(`loop ends by ${at}`) };
  return { halt, naps, loop, seen };
}

describe('RunHalt', () => {
  test('the first failure is the one kept: it ends the naps and the loop now, then settles failed', async () => {
    const { halt, naps, loop, seen } = halted();
    halt.napsBegun(naps);
    halt.loopArmed(loop);
    seen.length = 0;
    let settled = false;
    const failed = halt.failed.then((failure) => {
      settled = true;
      return failure;
    });
    halt.fail('queue-full', 'VM 0 holds over 10 queued messages');
    halt.fail('peer-out-of-range', 'VM 1 sent VM 0 a clock of -1');
    expect(seen).toEqual(['naps stopped', 'loop ends by 42']);
    expect(settled).toBe(false);
    expect(await failed).toEqual({ ok: false, reason: 'queue-full', detail: 'VM 0 holds over 10 queued messages' });
    expect(halt.failure).toEqual(await failed);
  });

  test('a stop keeps the earliest instant asked, and moves the loop to each on the timer clock', () => {
    const { halt, naps, loop, seen } = halted();
    expect(halt.stopRequest).toBe(Number.POSITIVE_INFINITY);
    halt.napsBegun(naps);
    halt.loopArmed(loop);
    seen.length = 0;
    halt.requestStop(5000);
    halt.requestStop(7000);
    expect(halt.stopRequest).toBe(5000);
    expect(seen).toEqual(['naps stopped', 'loop ends by 4000', 'naps stopped', 'loop ends by 6000']);
    expect(halt.failure).toBeUndefined();
  });

  test('a stop or a failure before the naps and the loop began ends them as they begin', () => {
    const stopped = halted();
    stopped.halt.requestStop(3000);
    stopped.halt.napsBegun(stopped.naps);
    stopped.halt.loopArmed(stopped.loop);
    expect(stopped.seen).toEqual(['naps stopped', 'loop ends by 2000']);

    const failed = halted();
    failed.halt.fail('cannot-write', 'cannot write /tmp/run/vm-0.csv (ENOSPC)');
    failed.halt.napsBegun(failed.naps);
    failed.halt.loopArmed(failed.loop);
    expect(failed.seen).toEqual(['naps stopped', 'loop ends by Infinity', 'loop ends by 42']);
  });

  test('with neither, the naps go on and the loop keeps its own end', () => {
    const { halt, naps, loop, seen } = halted();
    halt.napsBegun(naps);
    halt.loopArmed(loop);
    expect(seen).toEqual(['loop ends by Infinity']);
  });
});
