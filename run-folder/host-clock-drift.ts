/**
 * How far each host's clock moved against the launcher's over a run on several hosts: its offset at the end less the
 * one its start went with (the manifest's clockStart and clockEnd). Every VM puts its peers' copies on its own clock
 * with the start's offsets only (vm/peer-clock-offsets.ts), so latency across a host that drifted is off by up to
 * the drift by the end: said by `check` (a note, which `run` prints) and `analyze`.
 *
 * The bound: each sample places the true offset within +- rtt / 2 of its estimate (an asymmetric path is the whole
 * error, host-clock.ts), so a move beyond the two half round trips is real; 1 ms on top, since latency across hosts
 * is sub-millisecond on a LAN (p50 0.4-0.6 ms between namespaces here) and a figure off by its own size is worth a
 * line, and it is the tolerance `check` allows two clocks of one host. Not a rate alone: a 1 ppm host over a 100-day
 * run is 8.6 s off, and 500 ppm for 1 s (NTP's largest slew) is 0.5 ms, within what the figures can tell.
 */

import { microsecondMs as round3 } from '../shared/microsecond-ms.js';
import type { ManifestHost } from './manifest-host.js';

/** On top of the sampling error: a drift past this much is said. */
export const driftSlackMs = 1;

export type HostClockDrift = {
  host: string;
  /** The host's VMs, for the checker's note. */
  vms: number[];
  /** End offset minus start offset (host minus launcher), ms, and per million of the time between the samples. */
  driftMs: number;
  ppm: number;
  /** Between the two samples, launcher ms. */
  overMs: number;
  /** What the two samples cannot tell apart from no move: half of each one's round trip. */
  errorMs: number;
  /** |driftMs| > errorMs + driftSlackMs: latency across this host is off by more than its own figures. */
  beyondBound: boolean;
};

/** Per host with both samples (a manifest of an older launcher has neither, a run that never started no end). */
export function hostClockDrifts(hosts: readonly ManifestHost[]): HostClockDrift[] {
  return hosts.flatMap((host): HostClockDrift[] => {
    const start = host.clockStart;
    const end = host.clockEnd;
    if (start == null || end == null || end.atEpochMs <= start.atEpochMs) return [];
    const driftMs = end.offsetMs - start.offsetMs;
    const overMs = end.atEpochMs - start.atEpochMs;
    const errorMs = (start.rttMs + end.rttMs) / 2;
    const beyondBound = Math.abs(driftMs) > errorMs + driftSlackMs;
    const ppm = Math.round((driftMs / overMs) * 1e6);
    const measured = { driftMs: round3(driftMs), ppm, overMs: round3(overMs), errorMs: round3(errorMs) };
    return [{ host: host.name, vms: host.vms, ...measured, beyondBound }];
  });
}

/** One line: the host, the drift in ms and ppm, and that latency across it went with the start's offset only. */
export function driftLine(drift: HostClockDrift): string {
  const { host, driftMs, ppm, overMs, errorMs } = drift;
  return (
    `host ${host}'s clock drifted ${signed(driftMs)} ms against the launcher's over ${(overMs / 1000).toFixed(1)} s ` +
    `(${signed(ppm)} ppm; sampling error +-${errorMs.toFixed(1)} ms): latency across host ${host} is corrected with ` +
    `the start offset only, so it is off by up to ${Math.abs(driftMs).toFixed(1)} ms by the end`
  );
}

/** With its sign, to 0.1 (a ppm figure is whole already). */
const signed = (n: number) => `${n > 0 ? '+' : ''}${Number.isInteger(n) ? n : n.toFixed(1)}`;
