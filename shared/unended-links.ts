/**
 * A link into a VM that ended without its end marker, in one vocabulary from the VM to the check. Only the end
 * marker tells a VM that it has every copy its peer sent; without it, copies still on the way (a peer paused across
 * the stop that sends its last ticks after the VM gave up) are lost with the link, and the check must know which
 * links those are to tell such a loss from a broken rule.
 */

/**
 * 'silent': the VM gave up once no frame came from any peer for its idle timeout; 'past-deadline': it gave up at its
 * deadline past the stop; 'closed': the link closed before the marker came.
 */
export const unendedCauses = ['silent', 'past-deadline', 'closed'] as const;
export type UnendedCause = (typeof unendedCauses)[number];

/** `from`: the peer whose end marker never reached this VM. */
export type UnendedLink = { from: number; cause: UnendedCause };

/** What happened to the link from VM `from` to VM `to`, for one line of a warning or a check note. */
export function unendedText(to: number, link: UnendedLink): string {
  switch (link.cause) {
    case 'silent':
      return `VM ${to} stopped waiting for the end marker from VM ${link.from}, silent past its idle timeout`;
    case 'past-deadline':
      return `VM ${to} stopped waiting for the end marker from VM ${link.from} at its deadline past the stop`;
    case 'closed':
      return `the link from VM ${link.from} to VM ${to} closed before its end marker`;
    default: {
      const never: never = link.cause;
      throw new Error(`unhandled unended cause ${String(never)}`);
    }
  }
}
