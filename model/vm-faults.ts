/**
 * The config's link faults as each VM sees them, in real milliseconds. For each link the last matching rule that
 * sets a property wins, so a general rule can come first and exceptions after it.
 */
import type { DelayDistribution, FaultConfig } from '../config/fault-config.js';
import type { DelaySpec, VmFaultSpec } from '../shared/vm-spec.js';

export function vmFaultSpec(
  faults: FaultConfig | undefined,
  id: number,
  machines: number,
  speed: number,
): VmFaultSpec | undefined {
  if (faults === undefined || (faults.links.length === 0 && faults.partitions.length === 0)) return undefined;
  const matches = (rule: { from?: number | undefined; to?: number | undefined }, from: number, to: number) =>
    (rule.from === undefined || rule.from === from) && (rule.to === undefined || rule.to === to);
  const dropTo: number[] = [];
  const delayFrom: (DelaySpec | null)[] = [];
  for (let peer = 0; peer < machines; peer++) {
    dropTo.push(0);
    delayFrom.push(null);
    if (peer === id) continue;
    for (const rule of faults.links) {
      if (rule.dropProbability !== undefined && matches(rule, id, peer)) dropTo[peer] = rule.dropProbability;
      if (rule.delay !== undefined && matches(rule, peer, id)) delayFrom[peer] = scaled(rule.delay, speed);
    }
  }
  const partitions = faults.partitions.flatMap((partition) => {
    const mine = partition.groups.findIndex((group) => group.includes(id));
    if (mine === -1) return [];
    const peers = partition.groups.flatMap((group, g) => (g === mine ? [] : group));
    return [{ peers, fromMs: (partition.fromSecond * 1000) / speed, toMs: (partition.toSecond * 1000) / speed }];
  });
  return { dropTo, delayFrom, partitions };
}

function scaled(delay: DelayDistribution, speed: number): DelaySpec {
  switch (delay.kind) {
    case 'constant':
      return { kind: 'constant', ms: delay.ms / speed };
    case 'uniform':
      return { kind: 'uniform', minMs: delay.minMs / speed, maxMs: delay.maxMs / speed };
    case 'exponential':
      return { kind: 'exponential', meanMs: delay.meanMs / speed };
    default: {
      const never: never = delay;
      throw new Error(`unknown delay ${JSON.stringify(never)}`);
    }
  }
}
