/**
 * Turns a validated config into the run's identity and one VmSpec per VM: seed, clock rates, run id, secret, and
 * time compression (at speed S every VM ticks S times faster for 1/S of the duration).
 */
import { randomBytes } from 'node:crypto';
import { clockRatesFor } from '../config/clock-rates.js';
import { placeVms } from '../config/host-config.js';
import type { RunConfig } from '../config/run-config.js';
import { vmFaultSpec } from '../model/vm-faults.js';
import { drawSeed } from '../shared/seeded-random.js';
import type { VmSpec } from '../shared/vm-spec.js';

export type ResolvedRun = {
  runId: string;
  seed: number;
  config: RunConfig & { seed: number };
  /** In the experiment's own time (ticks per experiment second), as the config gives them. */
  clockRates: number[];
  /** What the VMs really run: clockRates x speed, ticks per real second. */
  realRates: number[];
  realDurationMs: number;
  specs: VmSpec[];
};

export function resolveRun(config: RunConfig, outDir: string, runId: string, verbose: boolean): ResolvedRun {
  const seed = config.seed ?? drawSeed();
  const clockRates = clockRatesFor(config, seed);
  const realRates = clockRates.map((rate) => rate * config.speed);
  // The secret reaches the VMs over IPC only, never on a command line where `ps` would show it.
  const secret = randomBytes(32).toString('hex');
  // On several hosts each VM binds its host's address and dials each peer at its peer's.
  const hosts = config.hosts;
  const addresses = hosts && placeVms(config.machines, hosts, config.placement).map((h) => hosts[h]?.address ?? '');
  const specs = realRates.map((clockRate, id): VmSpec => {
    const faults = vmFaultSpec(config.faults, id, config.machines, config.speed);
    return {
      id,
      machines: config.machines,
      runId,
      clockRate,
      eventRange: config.eventRange,
      seed,
      host: addresses?.[id] ?? config.network.host,
      ...(addresses === undefined ? {} : { peerHosts: addresses }),
      port: config.network.basePort === 0 ? 0 : config.network.basePort + id,
      outDir,
      secret,
      verbose,
      ...(faults === undefined ? {} : { faults }),
    };
  });
  const { $schema: _, ...resolved } = { ...config, seed };
  return {
    runId,
    seed,
    config: resolved,
    clockRates,
    realRates,
    realDurationMs: (config.durationSeconds * 1000) / config.speed,
    specs,
  };
}

/**
 * `20261126-003012-a1b2c3d4e5f6`: sorts by time; 48 random bits, so runs started in the same second do not collide
 * in practice (and the run folder's claim refuses the one that would).
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(6).toString('hex')}`;
}
