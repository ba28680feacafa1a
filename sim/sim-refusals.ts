/**
 * What a config asks that makes no sense in one process on a virtual clock: VMs on other hosts are refused (exit 2,
 * one line naming the key); a fixed port is ignored with a note (there are no sockets, so no port to fix).
 */
import type { RunConfig } from '../config/run-config.js';

export type SimFit = { refusals: string[]; notes: string[] };

export function simFit(config: RunConfig, label: string): SimFit {
  const refusals: string[] = [];
  const notes: string[] = [];
  // `hosts` names machines to start VMs on; the simulation has no processes to place there.
  const hosts = (config as Record<string, unknown>).hosts;
  if (hosts !== undefined) {
    refusals.push(
      `${label}: hosts: the sim engine runs every VM in one process on a virtual clock, so it cannot place VMs on hosts; remove "hosts" or use --engine processes`,
    );
  }
  if (config.network.basePort !== 0) {
    notes.push(
      `note: ${label}: network.basePort ${config.network.basePort} is ignored by the sim engine (no sockets: every VM runs in one process)`,
    );
  }
  return { refusals, notes };
}
