/**
 * What an experiment is doing and how long remains, on stderr: a line as each trial starts and ends, and a status
 * line (trials done, which are running, time left) refreshed in place on a terminal, or printed every 10 s otherwise.
 * Time left: what every trial still to run is expected to take (trial-times.ts), less what the running ones have run
 * already, divided by the trials run at once.
 */
import { counted } from '../shared/counted.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { Trial } from './experiment-plan.js';
import { isSim, TrialTimes } from './trial-times.js';

const ttyEveryMs = 500;
const plainEveryMs = 10_000;

type Running = { trial: Trial; position: number; startedAt: number };

export class ExperimentProgress {
  readonly #out: NodeJS.WriteStream;
  readonly #total: number;
  readonly #parallel: number;
  readonly #queued: Set<Trial>;
  readonly #running = new Map<Trial, Running>();
  readonly #times = new TrialTimes();
  readonly #clock: Pick<TimerPort, 'now'>;
  #done: number;
  #timer: NodeJS.Timeout | undefined;
  #statusShown = false;

  /** `toRun`: trials this invocation will run; the rest of `total` were complete already. */
  constructor(
    out: NodeJS.WriteStream,
    total: number,
    toRun: readonly Trial[],
    parallel: number,
    clock: Pick<TimerPort, 'now'> = { now: () => Date.now() },
  ) {
    this.#out = out;
    this.#clock = clock;
    this.#total = total;
    this.#parallel = parallel;
    this.#queued = new Set(toRun);
    this.#done = total - toRun.length;
  }

  begin(): void {
    this.#timer = setInterval(() => this.#status(), this.#out.isTTY ? ttyEveryMs : plainEveryMs);
    this.#timer.unref();
  }

  trialStarted(trial: Trial): void {
    this.#queued.delete(trial);
    const position = this.#done + this.#running.size + 1;
    this.#running.set(trial, { trial, position, startedAt: this.#clock.now() });
    const runs = isSim(trial)
      ? `${trial.config.durationSeconds} s of virtual time`
      : `runs ${(trial.realDurationMs / 1000).toFixed(1)} s`;
    this.#line(`${this.#tag(position)} ${name(trial)} (seed ${trial.seed}): started, ${runs}`);
  }

  trialEnded(trial: Trial, outcome: string): void {
    const running = this.#running.get(trial);
    this.#running.delete(trial);
    this.#done += 1;
    const now = this.#clock.now();
    const wallMs = now - (running?.startedAt ?? now);
    this.#times.finished(trial, wallMs);
    const left = this.#done < this.#total ? `; ${this.#timeLeft(now)}` : '';
    this.#line(`${this.#tag(running?.position ?? this.#done)} ${name(trial)}: ${outcome} in ${seconds(wallMs)}${left}`);
  }

  note(text: string): void {
    this.#line(text);
  }

  end(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clearStatus();
  }

  /** Undefined while a trial is left whose length nothing measured yet (a sim trial before any sim trial ended). */
  timeLeftMs(now: number = this.#clock.now()): number | undefined {
    let work = 0;
    for (const trial of this.#queued) {
      const expected = this.#times.expectedMs(trial);
      if (expected === undefined) return undefined;
      work += expected;
    }
    for (const { trial, startedAt } of this.#running.values()) {
      const expected = this.#times.expectedMs(trial);
      if (expected === undefined) return undefined;
      work += Math.max(0, expected - (now - startedAt));
    }
    return work / Math.max(1, Math.min(this.#parallel, this.#queued.size + this.#running.size));
  }

  #timeLeft(now: number = this.#clock.now()): string {
    const ms = this.timeLeftMs(now);
    if (ms === undefined) return 'time left not known yet';
    return ms < 500 ? 'under 1 s left' : `about ${formatDuration(ms)} left`;
  }

  #status(): void {
    const running = [...this.#running.values()].map(({ trial }) => name(trial));
    const text =
      `${this.#done} of ${counted(this.#total, 'trial')} done` +
      (running.length > 0 ? `; running ${running.join(', ')}` : '') +
      `; ${this.#timeLeft()}`;
    if (!this.#out.isTTY) {
      this.#out.write(`${text}\n`);
      return;
    }
    // Redrawn in place only while it stays on one line: a wrapped line would leave its first part behind.
    const width = Math.max(20, (this.#out.columns ?? 80) - 1);
    const short = `${this.#done} of ${counted(this.#total, 'trial')} done; ${running.length} running; ${this.#timeLeft()}`;
    const fitted = text.length <= width ? text : short.length <= width ? short : short.slice(0, width);
    this.#out.write(`\x1b[2K\r${fitted}`);
    this.#statusShown = true;
  }

  #line(text: string): void {
    this.#clearStatus();
    this.#out.write(`${text}\n`);
  }

  #clearStatus(): void {
    if (this.#statusShown) this.#out.write('\x1b[2K\r');
    this.#statusShown = false;
  }

  #tag(position: number): string {
    const width = String(this.#total).length;
    return `[${String(position).padStart(width)}/${this.#total}]`;
  }
}

const name = (trial: Trial) => `${trial.variant} trial ${trial.k}/${trial.of}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
