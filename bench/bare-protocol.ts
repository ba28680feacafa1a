/** Messages between the bench and a bare reference process (bare-ticker.ts). */
import type { LatenessSummary } from './lateness-summary.js';

export type ParentToBare =
  | { type: 'init'; rate: number }
  | { type: 'start'; startEpochMs: number; stopEpochMs: number };

export type BareToParent = { type: 'ready' } | ({ type: 'done'; cpuUs: number } & LatenessSummary);
