import { describe, expect, test } from '@jest/globals';
import { driftLine, hostClockDrifts } from '../../run-folder/host-clock-drift.js';
import type { HostClockSample, ManifestHost } from '../../run-folder/manifest-host.js';

const host = (name: string, start: HostClockSample | null | undefined, end: HostClockSample | null | undefined) => {
  const entry: ManifestHost = {
    name,
    ssh: name,
    address: '10.0.0.2',
    dir: '/c',
    vms: [1, 4],
    clockOffsetMs: 3,
    rttMs: 1,
    samples: [],
  };
  return {
    ...entry,
    ...(start === undefined ? {} : { clockStart: start }),
    ...(end === undefined ? {} : { clockEnd: end }),
  };
};
const at = (atEpochMs: number, offsetMs: number, rttMs: number) => ({ atEpochMs, offsetMs, rttMs });

describe('hostClockDrifts', () => {
  test('a host 2% fast over 10 s drifted 200 ms, 20000 ppm: beyond the bound', () => {
    const [drift] = hostClockDrifts([host('h2', at(1000, 3, 0.4), at(11_000, 203, 0.8))]);
    expect(drift).toEqual({
      host: 'h2',
      vms: [1, 4],
      driftMs: 200,
      ppm: 20_000,
      overMs: 10_000,
      errorMs: 0.6,
      beyondBound: true,
    });
  });

  test('the bound is the two half round trips plus 1 ms: up to it is no move, past it is', () => {
    const judged = (endOffsetMs: number) =>
      hostClockDrifts([host('h1', at(0, 0, 2), at(60_000, endOffsetMs, 4))])[0]?.beyondBound;
    expect([judged(4), judged(-4), judged(4.01), judged(-4.01)]).toEqual([false, false, true, true]);
  });

  test('nothing to judge without both samples: an older manifest, a run that never started, no end sample', () => {
    expect(
      hostClockDrifts([host('h1', undefined, undefined), host('h2', null, null), host('h3', at(0, 0, 1), null)]),
    ).toEqual([]);
  });

  test('one line: the host, the drift in ms and ppm, the sampling error, and the start offset only', () => {
    const [drift] = hostClockDrifts([host('h2', at(1000, 3, 0.445), at(6200, 107.116, 0.813))]);
    expect(drift === undefined ? '' : driftLine(drift)).toBe(
      "host h2's clock drifted +104.1 ms against the launcher's over 5.2 s (+20022 ppm; sampling error +-0.6 ms): " +
        'latency across host h2 is corrected with the start offset only, so it is off by up to 104.1 ms by the end',
    );
  });
});
