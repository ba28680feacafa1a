import { createHash } from 'node:crypto';
import type { RunConfig } from '../config/run-config.js';

/**
 * The run id every terminal derives from the same config: sent on the wire, no secret. It is the session's config
 * identity, as a hello for another id is refused: every field, the seed too when the config fixes one (it draws the
 * clock rates from a range and every VM's events; left out, VMs of seeds 4 and 5 joined one session). A config
 * without one leaves each VM its own draw, and its id says so by the seed's absence.
 */
export function manualRunId(config: RunConfig): string {
  return `manual-${createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12)}`;
}
