/**
 * A VM started by hand into a session that already started without it (its terminal was closed mid-run and it was
 * started again). By hand the VMs agree on the start among themselves and nothing could hand a newcomer the run so
 * far, so it cannot join: each running VM tells it so when it dials in (mesh-listener.ts), and it stops with one
 * line and its own exit code, before it creates anything in its folder. The running VMs go on as they were.
 */

/** What a late VM knows of its session from its own config (the handshake proved that config is the session's). */
export type ByHandSession = { basePort: number; machines: number; durationMs: number };

/**
 * The line a late VM stops with at epoch ms `now`: `peer` said the session started at epoch ms `at` (in bounds:
 * wire-bounds.ts). Near its end the session may be past its stop and still trading end markers: then the line says
 * so, and that a new session can start once its VMs exited.
 */
export function sessionStartedLine(session: ByHandSession, peer: number, at: number, now: number): string {
  const ports = `${session.basePort}-${session.basePort + session.machines - 1}`;
  const iso = (epochMs: number) => new Date(epochMs).toISOString();
  const stopAt = at + session.durationMs;
  const what = `VM ${peer} says the by-hand session on ports ${ports} started at ${iso(at)} without this VM`;
  return stopAt > now
    ? `${what} and is due to stop at ${iso(stopAt)}; it cannot be joined: let it end (or stop every VM), then ` +
        `start all ${session.machines} again`
    : `${what} and stopped at ${iso(stopAt)} (its VMs are finishing); it cannot be joined: start all ` +
        `${session.machines} again once they exited`;
}

/** What a VM makes of a peer's word that the session started without it: it stops, or the frame is refused. */
export type StartedNotice = { kind: 'stop'; line: string } | { kind: 'refuse'; reason: string };

/**
 * Only a by-hand VM that has not agreed on a start itself can have been left out (`lineFor` is its coordinator's
 * startedWithout); a VM under the launcher, or one that agreed with its peers, is told nothing true by it.
 */
export function startedNotice(
  peer: number,
  at: number,
  agreed: boolean,
  lineFor: ((peer: number, at: number) => string) | undefined,
): StartedNotice {
  const refuse = (why: string): StartedNotice => ({
    kind: 'refuse',
    reason: `from VM ${peer}: a started notice, ${why}`,
  });
  if (lineFor === undefined) return refuse('which only VMs by hand send');
  if (agreed) return refuse('after this VM agreed on the start with it');
  return { kind: 'stop', line: lineFor(peer, at) };
}
