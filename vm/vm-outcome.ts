/** How a VM's run ends: with its figures, failed (run-halt.ts), or unable to listen or to connect its mesh. */
import type { VmFigures } from '../shared/vm-spec.js';
import type { ConnectResult, ListenResult } from './mesh-types.js';
import type { VmFailure } from './run-halt.js';

export type VmOutcome =
  | { ok: true; stats: VmFigures }
  | VmFailure
  | Exclude<ListenResult, { ok: true }>
  | Exclude<ConnectResult, { ok: true }>;
