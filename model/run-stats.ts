/** The figures one VM keeps while it runs, turned into its VmFigures when it stops (drops go to its coordinator). */
import type { UnendedLink } from '../shared/unended-links.js';
import type { VmFigures } from '../shared/vm-spec.js';
import type { TickOutcome } from './machine.js';

export class RunStats {
  received = 0;
  refused = 0;
  maxJump = 0;
  maxQueue = 0;
  readonly sentTo = new Map<number, number>();
  readonly lostPeers = new Set<number>();
  /** Set by a VM that stopped waiting for some end markers (end-links.ts); a sim's VMs always get theirs. */
  unendedLinks: UnendedLink[] = [];

  record(outcome: TickOutcome): void {
    if (outcome.event === 'receive') this.received += 1;
    this.maxJump = Math.max(this.maxJump, outcome.jump);
    this.maxQueue = Math.max(this.maxQueue, outcome.queueLen);
  }

  sent(peer: number): void {
    this.sentTo.set(peer, (this.sentTo.get(peer) ?? 0) + 1);
  }

  toStats(
    base: Pick<
      VmFigures,
      'id' | 'clockRate' | 'port' | 'ticks' | 'sent' | 'finalClock' | 'pendingAtStop' | 'stoppedEarly' | 'latency'
    >,
  ): VmFigures {
    return {
      ...base,
      received: this.received,
      maxJump: this.maxJump,
      maxQueue: this.maxQueue,
      lostPeers: [...this.lostPeers].sort((a, b) => a - b),
      unendedLinks: [...this.unendedLinks].sort((a, b) => a.from - b.from),
      refused: this.refused,
    };
  }
}
