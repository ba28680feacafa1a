/** Exit codes of every clocklab command: the same meaning for the launcher and for a VM run by hand. */
export const exitCodes = {
  ok: 0,
  /** The run failed: a VM died, misbehaved, or a peer never connected. */
  failed: 1,
  /** Usage or config error: nothing was started. */
  usage: 2,
  interrupted: 130,
} as const;
