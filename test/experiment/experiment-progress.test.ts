import { expect, jest, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import type { Trial } from '../../experiment/experiment-plan.js';
import { ExperimentProgress, formatDuration } from '../../experiment/experiment-progress.js';
import { FakeTimer } from '../fake-timer.js';

function fakeStream(isTTY: boolean, columns?: number): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = {
    isTTY,
    columns,
    write: (chunk: string) => {
      written += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
}

const trial = (variant: string, k: number, realDurationMs: number): Trial => ({
  variant,
  k,
  of: 2,
  seed: 10 + k - 1,
  config: { ...RunConfig.parse({}), seed: 10 + k - 1 },
  dir: `/x/${variant}/trial-${k}`,
  runId: 'x',
  realDurationMs,
});

test('says which trial of how many is running, and how long remains', () => {
  jest.useFakeTimers({ now: 1_000_000 });
  try {
    const trials = [trial('a', 1, 3000), trial('b', 1, 3000), trial('a', 2, 3000)];
    const out = fakeStream(false);
    const progress = new ExperimentProgress(out.stream, 4, trials, 1);
    // One trial was complete already: 3 to run, each 3 s plus a guessed 1 s of overhead.
    expect(progress.timeLeftMs()).toBe(12_000);
    progress.begin();
    progress.trialStarted(trials[0] as Trial);
    jest.advanceTimersByTime(3500);
    progress.trialEnded(trials[0] as Trial, 'ok');
    // Measured overhead now 0.5 s: two trials of 3.5 s remain.
    expect(progress.timeLeftMs()).toBe(7000);
    progress.trialStarted(trials[1] as Trial);
    jest.advanceTimersByTime(10_000);
    progress.end();
    expect(out.text().split('\n')).toEqual([
      '[2/4] a trial 1/2 (seed 10): started, runs 3.0 s',
      '[2/4] a trial 1/2: ok in 3.5 s; about 7 s left',
      '[3/4] b trial 1/2 (seed 10): started, runs 3.0 s',
      '2 of 4 trials done; running b trial 1/2; about 4 s left',
      '',
    ]);
  } finally {
    jest.useRealTimers();
  }
});

const simTrial = (variant: string, k: number, durationSeconds: number): Trial => {
  const config = RunConfig.parse({ machines: 3, clockRates: [1, 3, 6], durationSeconds, engine: 'sim' });
  return { ...trial(variant, k, durationSeconds * 1000), config: { ...config, seed: 10 + k - 1 } };
};

test('sim trials: time left is their ticks at the pace the finished ones kept, not their virtual duration', () => {
  const clock = new FakeTimer(1_000_000);
  const trials = [simTrial('a', 1, 1800), simTrial('b', 1, 1800), simTrial('a', 2, 3600)];
  const out = fakeStream(false);
  const progress = new ExperimentProgress(out.stream, 3, trials, 1, clock);
  // Nothing measured yet: a sim trial's length is no known number.
  expect(progress.timeLeftMs()).toBeUndefined();
  progress.trialStarted(trials[0] as Trial);
  clock.advanceTo(1_002_000);
  progress.trialEnded(trials[0] as Trial, 'ok');
  // 2 s for 1800 s of virtual time: 2 s more for b, 4 s for a trial of twice the ticks.
  expect(progress.timeLeftMs()).toBe(6000);
  progress.trialStarted(trials[1] as Trial);
  clock.advanceTo(1_003_000);
  expect(progress.timeLeftMs()).toBe(5000);
  expect(out.text().split('\n')).toEqual([
    '[1/3] a trial 1/2 (seed 10): started, 1800 s of virtual time',
    '[1/3] a trial 1/2: ok in 2.0 s; about 6 s left',
    '[2/3] b trial 1/2 (seed 10): started, 1800 s of virtual time',
    '',
  ]);
});

test('before any sim trial has ended the status line says the time left is not known yet', () => {
  jest.useFakeTimers();
  try {
    const out = fakeStream(false);
    const progress = new ExperimentProgress(out.stream, 1, [simTrial('a', 1, 1800)], 1);
    progress.begin();
    progress.trialStarted(simTrial('a', 1, 1800));
    jest.advanceTimersByTime(10_000);
    progress.end();
    expect(out.text()).toContain('0 of 1 trial done; running a trial 1/2; time left not known yet\n');
  } finally {
    jest.useRealTimers();
  }
});

test('in parallel the remaining work is shared by the trials running at once', () => {
  const trials = [trial('a', 1, 4000), trial('b', 1, 4000), trial('a', 2, 4000), trial('b', 2, 4000)];
  const progress = new ExperimentProgress(fakeStream(false).stream, 4, trials, 2);
  expect(progress.timeLeftMs()).toBe(10_000);
});

test('on a terminal the status line is redrawn in place', () => {
  jest.useFakeTimers();
  try {
    const out = fakeStream(true);
    const progress = new ExperimentProgress(out.stream, 1, [trial('a', 1, 1000)], 1);
    progress.begin();
    progress.trialStarted(trial('a', 1, 1000));
    jest.advanceTimersByTime(500);
    expect(out.text()).toContain('\x1b[2K\r0 of 1 trial done; running a trial 1/2');
    progress.end();
  } finally {
    jest.useRealTimers();
  }
});

test("on a narrow terminal the status line stays on one line: the running trials' count instead of their names", () => {
  jest.useFakeTimers();
  try {
    const out = fakeStream(true, 60);
    const trials = [1, 2, 3].map((k) => trial(`clockrate-max-${k}-eventrange-20`, 1, 1000));
    const progress = new ExperimentProgress(out.stream, 3, trials, 3);
    progress.begin();
    for (const t of trials) progress.trialStarted(t);
    jest.advanceTimersByTime(500);
    const status = out.text().split('\x1b[2K\r').at(-1) ?? '';
    expect(status).toBe('0 of 3 trials done; 3 running; about 2 s left');
    progress.end();
  } finally {
    jest.useRealTimers();
  }
});

test('durations read as seconds, minutes or hours', () => {
  expect(formatDuration(4_400)).toBe('4 s');
  expect(formatDuration(65_000)).toBe('1 min 05 s');
  expect(formatDuration(3_725_000)).toBe('1 h 02 min');
});
