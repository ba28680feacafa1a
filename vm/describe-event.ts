/** The one-line account of a tick that `--verbose` prints: what happened, at which time, and to the clock. */
import type { TickOutcome } from '../model/machine.js';

export function describeEvent(id: number, tick: number, elapsedMs: number, outcome: TickOutcome): string {
  const head = `vm${id} tick ${tick} at ${(elapsedMs / 1000).toFixed(3)}s clock ${outcome.clock} (+${outcome.jump})`;
  switch (outcome.event) {
    case 'receive':
      return `${head} receive ${outcome.message.id} from vm${outcome.message.from} carrying ${outcome.message.clock}, queue ${outcome.queueLen}`;
    case 'send':
      return `${head} send ${outcome.msgId} to vm${outcome.to.join(', vm')}`;
    case 'internal':
      return `${head} internal`;
    default: {
      const never: never = outcome;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
