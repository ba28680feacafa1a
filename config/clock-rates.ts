/** Each VM's clock rate: the config's fixed list, or one draw per VM (in id order) from the launcher's stream. */

import { launcherStream, seededRandom } from '../shared/seeded-random.js';
import type { ClockRateRange, RunConfig } from './run-config.js';

/** When a config names neither clockRate nor clockRates: the original exercise's 1..6 ticks per second. */
export const defaultClockRate: ClockRateRange = { min: 1, max: 6 };

export function clockRatesFor(
  config: Pick<RunConfig, 'machines' | 'clockRate' | 'clockRates'>,
  seed: number,
): number[] {
  if (config.clockRates !== undefined) return [...config.clockRates];
  const range = config.clockRate ?? defaultClockRate;
  const random = seededRandom(seed, launcherStream);
  return Array.from({ length: config.machines }, () => random.int(range.min, range.max));
}
