/**
 * How a VM's run ends once its tick loop did: a failed VM leaves at once, without end markers; otherwise it trades
 * end markers with every peer (end-links.ts), records and warns of the links that ended without one, and returns its
 * figures. Either way its mesh, CSV and refusal log are closed.
 */
import type { LatencyHistogram } from '../model/latency-histogram.js';
import type { Machine } from '../model/machine.js';
import type { RunStats } from '../model/run-stats.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { VmFigures, VmSpec } from '../shared/vm-spec.js';
import type { CsvLog } from './csv-log.js';
import { endLinks, endWarning, unendedLinks } from './end-links.js';
import type { PeerMesh } from './peer-mesh.js';
import type { RefusalLog } from './refusal-log.js';
import type { RunHalt, VmFailure } from './run-halt.js';

export type VmRunEndParts = {
  mesh: PeerMesh;
  csv: Pick<CsvLog, 'close'>;
  refusals: Pick<RefusalLog, 'flush'>;
  halt: Pick<RunHalt, 'failure' | 'stopRequest'>;
  machine: Machine;
  stats: RunStats;
  latency: LatencyHistogram;
  timer: TimerPort;
  log: { warn(line: string): void };
  /** The port the VM listened on. */
  port: number;
  ticks(): number;
  /** The window's stop instant (epoch ms), and how epoch ms read on the timer's clock. */
  stopEpochMs: number;
  toLocal(epochMs: number): number;
};

export async function endVmRun(
  spec: Pick<VmSpec, 'id' | 'clockRate'>,
  parts: VmRunEndParts,
): Promise<{ ok: true; stats: VmFigures } | VmFailure> {
  const { mesh, csv, refusals, halt, machine, stats, stopEpochMs } = parts;
  const close = () => {
    mesh.close();
    csv.close();
    refusals.flush();
  };
  const failed = halt.failure;
  if (failed !== undefined) {
    close();
    return failed;
  }
  const sentTo = (peer: number) => stats.sentTo.get(peer) ?? 0;
  const ended = await endLinks(mesh, sentTo, parts.toLocal(Math.min(halt.stopRequest, stopEpochMs)), parts.timer);
  // Recorded, not only warned of: the check explains copies lost on these links by it.
  const missing = mesh.withoutEndMarker();
  stats.unendedLinks = unendedLinks(ended, missing);
  const endWarned = endWarning(spec.id, ended, missing.open);
  if (endWarned !== undefined) parts.log.warn(endWarned);
  const failedAtEnd = halt.failure;
  if (failedAtEnd !== undefined) {
    close();
    return failedAtEnd;
  }
  const pendingAtStop = machine.pending();
  close();
  return {
    ok: true,
    stats: stats.toStats({
      id: spec.id,
      clockRate: spec.clockRate,
      port: parts.port,
      ticks: parts.ticks(),
      sent: machine.sends - machine.skippedNumbers,
      finalClock: machine.clock,
      pendingAtStop,
      stoppedEarly: halt.stopRequest < stopEpochMs,
      latency: parts.latency.figures(),
    }),
  };
}
