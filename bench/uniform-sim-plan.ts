/** The bench's simulations: every VM at one rate, the default event range, no faults, the fitted loopback latency
 * and wake-up lateness. */
import { fittedLoopback } from '../sim/latency-model.js';
import type { SimPlan } from '../sim/sim-plan.js';
import { fittedWake } from '../sim/wake-model.js';

export function uniformSimPlan(
  machines: number,
  rate: number,
  seconds: number,
  options: { seed: number; latencyFigures: boolean },
): SimPlan {
  return {
    machines,
    realRates: Array.from({ length: machines }, () => rate),
    eventRange: 10,
    seed: options.seed,
    durationMs: seconds * 1000,
    speed: 1,
    faults: undefined,
    latency: fittedLoopback,
    wake: fittedWake,
    // sim/execute-sim.ts's virtual epoch, spelled here so the scale run loads none of the run-folder code (zod).
    epochMs: Date.UTC(2000, 0, 1),
    latencyFigures: options.latencyFigures,
  };
}
