/** What the checker reports: broken rules (each tied to a VM and, when it has one, a CSV row) and notes. */
import { printable } from '../shared/printable-text.js';

/** Every rule checkRun enforces, with the sentence a report prints for it. */
export const ruleText = {
  'row-format': "every row has the header's columns (11, or 12 with vector_clock) with well-formed values",
  'tick-sequence': 'ticks run 0, 1, 2, ... with no gap or repeat',
  'clock-rising': 'the logical clock rises strictly from row to row',
  'receive-clock': 'a receive sets the clock to max(previous, msg_clock) + 1',
  'local-clock': 'a send or internal event sets the clock to previous + 1',
  'jump-column': 'jump = logical_clock - previous logical_clock (0 before the first row)',
  'send-msg-clock': "a send's msg_clock equals its logical_clock",
  'msg-id-sequence':
    "a VM's sends are numbered <vm>-1, <vm>-2, ... in order (a restarted life's first send may skip past an earlier life's rows kept on its host)",
  'receive-after-send': 'a receive happens at a higher clock than its send',
  'carried-clock': "a receive's msg_clock is the clock its send carried",
  'fifo-link': 'messages from one sender are received in the order they were sent',
  'exactly-once':
    'each copy sent is received once, or pending at the stop, or dropped, or lost with a killed VM or a link that never ended: exactly one of these',
  'unknown-message': 'every message received, pending or dropped was sent to that VM',
  'elapsed-order': "elapsed_ms does not go back from row to row of one VM's CSV",
  'receive-time':
    "a receive's elapsed_ms is not before its send's, for VMs on one host (one clock; within 1 ms plus 500 ppm of the time since the start for OS processes, each placing the common start on its own clock at its own start); not judged across hosts, whose clocks differ by an offset known only to within a round trip",
  'tick-count': 'a VM logs clockRate x durationSeconds ticks, within max(2, 2%)',
  'after-stop':
    "a VM logs no tick due at or after its stop: the run's end, the stop a signal set, or its own (the manifest's stopElapsedMs)",
  'tick-time':
    "a row's elapsed_ms is not before its tick's deadline (tick x 1000 / (clockRate x speed)) nor after the run's end (the manifest's endedAt - startEpochMs; the sim's length plus half a period), within the clocks' tolerance of receive-time; on another host the end is judged only with the host's start and end clock samples",
  'manifest-figures':
    "a VM's ticks, sent, received, finalClock, maxJump and maxQueue in the manifest are its CSV's complete rows, send rows, receive rows, last row's clock, highest jump and highest queue_len",
  'manifest-status':
    "the manifest's status agrees with how its VMs ended: ok, with no reason, when each ended done at the run's end or down from an injected kill; failed or interrupted with a reason, and a VM killed, dead or stopped on its own, or (interrupted) the signal's stoppedAtMs",
  'vector-own':
    "every event raises the VM's own vector clock entry by exactly 1 (the first of a restarted life past an earlier life's rows kept on its host, by 1 or more)",
  'vector-local': "a send or internal event changes no other entry of the VM's vector clock",
  'vector-receive': "a receive's other vector entries are max(previous, the send's vector)",
  'vector-order': "a send's vector clock is below its receive's (<= in every entry, < in one)",
} as const;

export type RuleName = keyof typeof ruleText;

/**
 * The rules whose sentence names the manifest, as said of a folder of VMs run by hand (run-folder/by-hand-run.ts):
 * there each VM's vm-K.json stands in for its manifest entry, and it records no stop of its own.
 */
const byHandRuleText: Partial<Record<RuleName, string>> = {
  'after-stop':
    "a VM logs no tick due at or after its stop: the session's planned end (a vm-K.json records no stop of its own, nor a Ctrl-C's instant)",
  'tick-time':
    "a row's elapsed_ms is not before its tick's deadline (tick x 1000 / (clockRate x speed)) nor after the session's end (the latest vm-K.json's endedAt - startEpochMs, when every VM wrote both), within the clocks' tolerance of receive-time",
  'manifest-figures':
    "a VM's ticks, sent, received, finalClock, maxJump and maxQueue in its vm-K.json (standing in for the manifest) are its CSV's complete rows, send rows, receive rows, last row's clock, highest jump and highest queue_len",
};

/** The sentence for `rule`, naming what stands in for the manifest in a folder of VMs run by hand. */
export function ruleTextOf(rule: RuleName, byHand: boolean): string {
  return (byHand ? byHandRuleText[rule] : undefined) ?? ruleText[rule];
}

export type Violation = {
  rule: RuleName;
  vm: number;
  /** The offending row, when the finding is about one row (a manifest entry or a count has none). */
  tick: number | null;
  line: number | null;
  /** What the finding is about when not the VM's CSV (`manifest.json` for the run's status); absent: vm-K.csv. */
  file?: string;
  found: string;
  expected: string;
};

/** Something worth knowing that breaks no rule: a VM that ended early, a cut last line, messages it took along. */
export type CheckNote = {
  vm: number;
  text: string;
  /**
   * Set on a VM that ended at a stop it was told having run every tick due before it (`the stop a signal set (2.646 s
   * of 10 s)`): nothing amiss, so the lines fold the VMs of one stop into one, after the notes that matter
   * (format-check.ts).
   */
  endedAtStop?: string;
};

/**
 * Collects violations, keeping the first `keepPerRule` of each rule: a broken run can break one rule on every row,
 * and a million copies of the same finding help nobody. Counts stay exact.
 */
export class ViolationLog {
  readonly #keepPerRule: number;
  readonly #kept: Violation[] = [];
  readonly #counts = new Map<RuleName, number>();

  constructor(keepPerRule = 100) {
    this.#keepPerRule = keepPerRule;
  }

  /**
   * Every finding goes through here: its texts are made printable, so a value quoted from a CSV or the manifest (a
   * msg_id of the pending list, a vector) reaches no terminal raw.
   */
  add(violation: Violation): void {
    const count = (this.#counts.get(violation.rule) ?? 0) + 1;
    this.#counts.set(violation.rule, count);
    if (count > this.#keepPerRule) return;
    this.#kept.push({ ...violation, found: printable(violation.found), expected: printable(violation.expected) });
  }

  get count(): number {
    let total = 0;
    for (const n of this.#counts.values()) total += n;
    return total;
  }

  countsByRule(): Partial<Record<RuleName, number>> {
    return Object.fromEntries(this.#counts) as Partial<Record<RuleName, number>>;
  }

  /** Kept violations by VM, then line (findings without a row last). */
  list(): Violation[] {
    const line = (v: Violation) => v.line ?? Number.POSITIVE_INFINITY;
    return [...this.#kept].sort((a, b) => a.vm - b.vm || line(a) - line(b));
  }
}
