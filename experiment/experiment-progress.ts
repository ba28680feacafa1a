/**
 * What an experiment is doing and how long remains, on stderr: a line as each trial starts and ends, and a status
 * line (trials done, which are running, time left) refreshed in place on a terminal, or printed every 10 s otherwise.
 * Time left: the real duration of every trial still to run plus the mean start/stop overhead measured so far (1 s
 * until one trial has finished), divided by the trials run at once.
 */
import type { Trial } from './experiment-plan.js';

const ttyEveryMs = 500;
const plainEveryMs = 10_000;
const firstOverheadGuessMs = 1000;

type Running = { trial: Trial; position: number; startedAt: number };

export class ExperimentProgress {
  readonly #out: NodeJS.WriteStream;
  readonly #total: number;
  readonly #parallel: number;
  readonly #queued: Set<Trial>;
  readonly #running = new Map<Trial, Running>();
  readonly #overheadsMs: number[] = [];
  #done: number;
  #timer: NodeJS.Timeout | undefined;
  #statusShown = false;

  /** `toRun`: trials this invocation will run; the rest of `total` were complete already. */
  constructor(out: NodeJS.WriteStream, total: number, toRun: readonly Trial[], parallel: number) {
    this.#out = out;
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
    this.#running.set(trial, { trial, position, startedAt: Date.now() });
    const real = (trial.realDurationMs / 1000).toFixed(1);
    this.#line(`${this.#tag(position)} ${name(trial)} (seed ${trial.seed}): started, runs ${real} s`);
  }

  trialEnded(trial: Trial, outcome: string): void {
    const running = this.#running.get(trial);
    this.#running.delete(trial);
    this.#done += 1;
    const wallMs = Date.now() - (running?.startedAt ?? Date.now());
    this.#overheadsMs.push(Math.max(0, wallMs - trial.realDurationMs));
    const left = this.#done < this.#total ? `; about ${formatDuration(this.timeLeftMs())} left` : '';
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

  timeLeftMs(now: number = Date.now()): number {
    const overhead =
      this.#overheadsMs.length === 0
        ? firstOverheadGuessMs
        : this.#overheadsMs.reduce((sum, ms) => sum + ms, 0) / this.#overheadsMs.length;
    let work = 0;
    for (const trial of this.#queued) work += trial.realDurationMs + overhead;
    for (const { trial, startedAt } of this.#running.values()) {
      work += Math.max(0, trial.realDurationMs + overhead - (now - startedAt));
    }
    return work / Math.max(1, Math.min(this.#parallel, this.#queued.size + this.#running.size));
  }

  #status(): void {
    const running = [...this.#running.values()].map(({ trial }) => name(trial));
    const text =
      `${this.#done} of ${this.#total} trials done` +
      (running.length > 0 ? `; running ${running.join(', ')}` : '') +
      `; about ${formatDuration(this.timeLeftMs())} left`;
    if (!this.#out.isTTY) {
      this.#out.write(`${text}\n`);
      return;
    }
    // Redrawn in place only while it stays on one line: a wrapped line would leave its first part behind.
    const width = Math.max(20, (this.#out.columns ?? 80) - 1);
    const short = `${this.#done} of ${this.#total} trials done; ${running.length} running; about ${formatDuration(this.timeLeftMs())} left`;
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
