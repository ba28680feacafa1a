/**
 * A peer's port that accepts connections and never starts the handshake (a listener of another program that reads
 * and says nothing): the dialer names it, since its retries would otherwise wait in silence, by hand for minutes. It
 * is told at the first silent dial (after twice the listener's handshake time, the dial's own limit) and then once
 * every `silentRetellMs` while the dialer keeps retrying. Told by hand only (vm-mesh.ts): in a launched mesh of 200
 * VMs, peers too busy to accept looked the same for seconds (7,608 such lines in a run that then went well); the
 * launcher's failure line names the port if it stays so.
 */
import type { DialTarget } from './outbound-link.js';

export const silentRetellMs = 30_000;

export function silentPort(target: Pick<DialTarget, 'peer' | 'host' | 'port' | 'self' | 'linked'>) {
  const at = `VM ${target.peer}'s port ${target.host}:${target.port}`;
  const why = 'accepts connections but never starts the handshake: is another process on its port?';
  let toldAt = Number.NEGATIVE_INFINITY;
  return {
    /** The failure's detail when the dialer gives up on it. */
    detail: `${at} ${why}`,
    seen(): void {
      const now = Date.now();
      if (now - toldAt < silentRetellMs) return;
      toldAt = now;
      target.linked.onSilent?.(`VM ${target.self}: ${at} ${why} (still retrying)`);
    },
  };
}
