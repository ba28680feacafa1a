/**
 * How a VM tells of the links it lost without a line per link. Before the start a loss is held: when the launcher
 * stops every VM of a run that failed before its start, each VM saw up to every other one go, and said so link by
 * link (200 VMs: 12,929 lines over the one line saying why the run failed). A VM that starts tells what it lost
 * before the start in one line; one stopped first tells nothing (nothing it sent was lost). After the start a loss
 * opens a second in which the others are gathered, and that second ends with one line naming them all.
 */
import { type RefusalClock, realRefusalClock, summaryEveryMs } from './refusal-log.js';

/** Past this many, a line names the first ones and counts the rest. */
export const peersNamed = 8;

export class LostLinkLog {
  readonly #prefix: string;
  readonly #warn: (line: string) => void;
  readonly #clock: RefusalClock;
  #held: number[] = [];
  #started = false;
  #timer: { cancel(): void } | undefined;

  constructor(prefix: string, warn: (line: string) => void, clock: RefusalClock = realRefusalClock) {
    this.#prefix = prefix;
    this.#warn = warn;
    this.#clock = clock;
  }

  lost(peer: number): void {
    this.#held.push(peer);
    if (this.#started && this.#timer === undefined)
      this.#timer = this.#clock.after(summaryEveryMs, () => this.#tell(''));
  }

  /** The VMs agreed on the start: what was lost before it is told now. */
  started(): void {
    this.#started = true;
    this.#tell(' before the start');
  }

  /** The end of the run: what is still held is told (before the start, nothing: the VM never ticked). */
  flush(): void {
    if (this.#started) this.#tell('');
  }

  #tell(when: string): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const peers = this.#held;
    this.#held = [];
    if (peers.length === 0) return;
    if (peers.length === 1) {
      this.#warn(`${this.#prefix}: link to VM ${peers[0]} dropped${when}; sends to it are recorded as dropped`);
      return;
    }
    const named = peers.slice(0, peersNamed).map((peer) => `VM ${peer}`);
    const rest = peers.length > peersNamed ? ` and ${peers.length - peersNamed} more` : '';
    this.#warn(
      `${this.#prefix}: links to ${peers.length} peers dropped${when} (${named.join(', ')}${rest}); sends to them are recorded as dropped`,
    );
  }
}
