/**
 * The bare reference of a punctuality case, measured in the same bench run: as many bare Node processes as the case
 * has VMs (bare-ticker.ts), at the same rate, told one common start instant with the launcher's own start lead once
 * every one of them said it is ready. They run with a local VM's Node options (launcher/vm-node-options.ts).
 */
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { startLeadMs } from '../launcher/start-lead.js';
import { localVmNodeOptions } from '../launcher/vm-node-options.js';
import { sharedClockEnv } from '../shared/precise-epoch.js';
import type { BareToParent, ParentToBare } from './bare-protocol.js';
import { track } from './child-guard.js';
import type { LatenessSummary } from './lateness-summary.js';

const tickerEntry = fileURLToPath(new URL('./bare-ticker.js', import.meta.url));

export type BareProcess = LatenessSummary & { cpuUs: number };

export async function bareReference(processes: number, rate: number, seconds: number): Promise<BareProcess[]> {
  const children = Array.from({ length: processes }, () =>
    track(
      execaNode(tickerEntry, [], {
        ipc: true,
        serialization: 'json',
        reject: false,
        stdin: 'ignore',
        nodeOptions: localVmNodeOptions(rate),
        env: { NODE_EXTRA_CA_CERTS: undefined, ...sharedClockEnv() },
      }),
    ),
  );
  const inbox: BareToParent[] = [];
  let exited = 0;
  let wake = () => {};
  for (const child of children) {
    child.on('message', (m) => {
      inbox.push(m as BareToParent);
      wake();
    });
    void child.then(() => {
      exited += 1;
      wake();
    });
  }
  const gather = <T extends BareToParent['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<BareToParent, { type: T }>[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`bare reference: no '${type}' within ${timeoutMs} ms`)),
        timeoutMs,
      );
      wake = () => {
        const got = inbox.filter((m): m is Extract<BareToParent, { type: T }> => m.type === type);
        if (got.length === processes) {
          clearTimeout(timer);
          resolve(got);
        } else if (exited === processes) reject(new Error(`a bare reference process exited before '${type}'`));
      };
      wake();
    });
  const tellAll = (message: ParentToBare) => {
    for (const child of children) void child.sendMessage(message);
  };
  try {
    tellAll({ type: 'init', rate });
    await gather('ready', 30_000);
    const startEpochMs = Date.now() + startLeadMs(processes);
    tellAll({ type: 'start', startEpochMs, stopEpochMs: startEpochMs + seconds * 1000 });
    const done = await gather('done', seconds * 1000 + 30_000);
    await Promise.all(children);
    return done.map(({ type: _, ...summary }) => summary);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.allSettled(children);
  }
}
