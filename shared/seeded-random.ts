/**
 * Seeded random sources: one master seed per run; the launcher draws from stream 0 and VM k from stream k + 1.
 * Streams are xoroshiro128+ jumps (2^64 draws apart), so they never overlap and never depend on process timing.
 */
import { randomInt } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export type RandomSource = {
  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
};

export const launcherStream = 0;
export const vmStream = (vmId: number): number => vmId + 1;

/** Injected faults draw from their own generator, so turning a fault on never shifts a VM's event draws. */
export function faultRandom(seed: number, vmId: number): RandomSource {
  return seededRandom((seed ^ 0x5bd1e995) >>> 0, vmStream(vmId));
}

export function seededRandom(seed: number, stream: number): RandomSource {
  const rng = xoroshiro128plus(seed);
  for (let i = 0; i < stream; i++) rng.jump();
  return { int: (min, max) => uniformInt(rng, min, max) };
}

/** A fresh seed for a run that did not give one; recorded in the manifest so the run can be repeated. */
export function drawSeed(): number {
  return randomInt(2 ** 31);
}
