/** The figures one VM keeps while it runs, turned into its VmStats when it stops. */
import type { DropReason, VmStats } from '../shared/vm-spec.js';
import type { TickOutcome } from './machine.js';

export class RunStats {
  received = 0;
  refused = 0;
  maxJump = 0;
  maxQueue = 0;
  readonly sentTo = new Map<number, number>();
  readonly dropped: string[] = [];
  readonly droppedBy = { linkDown: 0, partition: 0, injectedDrop: 0 };
  readonly lostPeers = new Set<number>();

  record(outcome: TickOutcome): void {
    if (outcome.event === 'receive') this.received += 1;
    this.maxJump = Math.max(this.maxJump, outcome.jump);
    this.maxQueue = Math.max(this.maxQueue, outcome.queueLen);
  }

  sent(peer: number): void {
    this.sentTo.set(peer, (this.sentTo.get(peer) ?? 0) + 1);
  }

  drop(msgId: string, peer: number, reason: DropReason): void {
    this.dropped.push(`${msgId}>${peer}`);
    if (reason === 'link-down') this.droppedBy.linkDown += 1;
    else if (reason === 'partition') this.droppedBy.partition += 1;
    else this.droppedBy.injectedDrop += 1;
  }

  toStats(
    base: Pick<
      VmStats,
      'id' | 'clockRate' | 'port' | 'ticks' | 'sent' | 'finalClock' | 'pendingAtStop' | 'stoppedEarly' | 'latency'
    >,
  ): VmStats {
    return {
      ...base,
      received: this.received,
      maxJump: this.maxJump,
      maxQueue: this.maxQueue,
      dropped: this.dropped,
      droppedBy: { ...this.droppedBy },
      lostPeers: [...this.lostPeers].sort((a, b) => a - b),
      refused: this.refused,
    };
  }
}
