/**
 * What the launcher does with each line a VM on another host sends on its channel: the line is checked first
 * (remote-messages.ts); its hello gives its pid there, its pongs are clock samples of its host, its rows go to the run
 * folder, and a failure about its own host's file system or network names that host. The rest reaches the supervisor
 * as a local VM's would. On its stderr, its word that it heard nothing from the launcher is kept (silence-cut.ts).
 */
import type { VmFailureReason } from '../shared/ipc-messages.js';
import { unheardIn } from '../shared/remote-messages.js';
import { hostNamed, type RemoteHostLink } from './remote-host-link.js';
import { checkRemoteLine } from './remote-messages.js';
import type { RemoteVmRows } from './remote-vm-rows.js';
import type { VmEvents } from './vm-transport.js';

/** A VM's failures that are about its own host's file system or network, not about its peers. */
const ownHostReasons: ReadonlySet<VmFailureReason> = new Set(['cannot-write', 'listen-failed', 'port-in-use']);

/** Where a remote VM's lines go. */
export type RemoteVmInbox = {
  host: Pick<RemoteHostLink, 'name' | 'ssh' | 'onPong'>;
  rows: Pick<RemoteVmRows, 'write'>;
  events: Pick<VmEvents, 'onMessage' | 'onOutput'>;
  /** It is connected, and this is its pid on its host. */
  hello(pid: number): void;
  /** It said it is done, or failed: its end is its own. */
  finished(): void;
};

/** `id`: the only VM this channel may speak for. */
export function takeRemoteLine(line: string, id: number, inbox: RemoteVmInbox): void {
  const checked = checkRemoteLine(line, id);
  if (!checked.ok) {
    inbox.events.onOutput(`control channel: refused ${checked.detail}`);
    return;
  }
  const message = checked.message;
  switch (message.type) {
    case 'hello':
      inbox.hello(message.pid);
      return;
    case 'pong':
      inbox.host.onPong(message);
      return;
    case 'rows':
      inbox.rows.write(message.offset, message.text);
      return;
    case 'done':
      inbox.finished();
      inbox.events.onMessage(message);
      return;
    case 'failed':
      inbox.finished();
      // What failed is its host's (the file it could not write, the address or port it could not take there, not
      // the launcher's): the line says which host.
      inbox.events.onMessage(
        ownHostReasons.has(message.reason)
          ? { ...message, detail: `${message.detail} on ${hostNamed(inbox.host)}` }
          : message,
      );
      return;
    default:
      inbox.events.onMessage(message);
  }
}

/**
 * A line of the VM's session's stderr: its word that it gave the launcher up, which comes this way (stdout may hold a
 * backlog its exit drops: shared/remote-messages.ts), is kept; any other line is `other`'s (its exit status, its own
 * lines, ssh's).
 */
export function takeRemoteErrorLine(
  line: string,
  id: number,
  host: Pick<RemoteHostLink, 'onUnheard'>,
  other: (line: string) => void,
): void {
  const quietMs = unheardIn(line);
  if (quietMs === undefined) other(line);
  else host.onUnheard(id, quietMs);
}
