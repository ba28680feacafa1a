import { describe, expect, test } from '@jest/globals';
import { ConnectGate } from '../../launcher/host-connect-gate.js';

describe('ConnectGate', () => {
  test('lets `limit` in at once; each leave lets the next waiting one in, in order', async () => {
    const gate = new ConnectGate(2);
    const order: string[] = [];
    const leaves: (() => void)[] = [];
    const enter = (name: string) =>
      gate.enter().then((leave) => {
        order.push(name);
        leaves.push(leave);
      });
    const all = ['a', 'b', 'c', 'd'].map(enter);
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['a', 'b']);
    leaves[0]?.();
    leaves[0]?.(); // a second leave by the same holder frees nothing more
    await all[2];
    expect(order).toEqual(['a', 'b', 'c']);
    leaves[1]?.();
    await all[3];
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });
});
