import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import {
  measureMonoMinusPerf,
  preciseEpochMs,
  sharedClockEnv,
  sharedClockProblem,
  sharedClockVariable,
} from '../../shared/precise-epoch.js';

const builtModule = fileURLToPath(new URL('../../dist/shared/precise-epoch.js', import.meta.url));

describe('preciseEpochMs', () => {
  test('reads the wall clock to the millisecond Date.now() gives, with the fraction', () => {
    for (let i = 0; i < 1000; i++) {
      const before = Date.now();
      const now = preciseEpochMs();
      const after = Date.now();
      // A wait between the reads only widens [before, after + 1).
      expect(now).toBeGreaterThanOrEqual(before - 0.01);
      expect(now).toBeLessThan(after + 1.01);
    }
  });
});

describe('measureMonoMinusPerf', () => {
  /** performance.now() is the monotonic clock minus `origin`; each read advances 0.3 us, and `waits` ms at given reads. */
  function fakeReads(origin: number, waits: Map<number, number>) {
    let mono = 54_717_266.2;
    let reads = 0;
    const advance = () => {
      reads += 1;
      mono += 0.0003 + (waits.get(reads) ?? 0);
      return mono;
    };
    return { perfMs: () => advance() - origin, monoMs: advance };
  }

  test('places the process origin on the monotonic clock to within a read', () => {
    expect(measureMonoMinusPerf(fakeReads(1234.5678, new Map()))).toBeCloseTo(1234.5678, 4);
  });

  test('a process preempted between its reads (ms, under load) widens that bracket only: a narrow one is kept', () => {
    // Waits at the first three brackets' middle read (reads 2, 5, 8) would put a bracket's middle ms off.
    const waits = new Map([
      [2, 9],
      [5, 4],
      [8, 12],
    ]);
    expect(measureMonoMinusPerf(fakeReads(77.25, waits))).toBeCloseTo(77.25, 4);
  });
});

describe('the launcher mapping, handed to a local process', () => {
  test('a malformed value is named, a mapping is taken', () => {
    for (const bad of ['', ' ', 'abc', '-5', 'Infinity', '0'])
      expect(sharedClockProblem(bad)).toContain(sharedClockVariable);
    expect(sharedClockProblem('1796217542583.8904')).toBeUndefined();
    expect(sharedClockProblem(undefined)).toBeUndefined();
  });

  test('a child process handed the mapping reads the same instants as this one (one shifted 1 s, 1 s later)', async () => {
    const mapping = Number(sharedClockEnv()[sharedClockVariable]);
    const shift = 1000;
    const script = [
      `const { adoptHandedMapping, preciseEpochMs } = await import(${JSON.stringify(builtModule)});`,
      'adoptHandedMapping(process.env);',
      'console.log(preciseEpochMs());',
    ].join(' ');
    const before = preciseEpochMs();
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { env: { ...process.env, [sharedClockVariable]: String(mapping + shift) } },
        (error, stdout) => (error === null ? resolve(stdout) : reject(error)),
      ),
    );
    const after = preciseEpochMs();
    const childNow = Number(printed.trim()) - shift;
    // The child's instant lies between this process's reads before it started and after it ended, on one clock.
    expect(childNow).toBeGreaterThanOrEqual(before);
    expect(childNow).toBeLessThanOrEqual(after);
  });
});
