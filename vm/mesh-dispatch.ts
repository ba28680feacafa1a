/**
 * What a VM does with each frame an authenticated peer sends after the handshake: messages, start proposals and a
 * session's word that it started are checked against their bounds first (wire-bounds.ts), a sender that claims
 * another VM's id is refused, and a handshake frame out of place is refused and counted.
 */
import type { MeshEvents } from './mesh-types.js';
import { messageOutOfBounds, startedOutOfBounds, startOutOfBounds } from './wire-bounds.js';
import type { Frame } from './wire-frames.js';

/** `onEnd`: the peer's end marker came (it sends nothing after it). */
export function dispatchFrame(
  peer: number,
  frame: Frame,
  machines: number,
  events: MeshEvents,
  onEnd: (peer: number) => void,
): void {
  switch (frame.t) {
    case 'msg': {
      if (frame.from !== peer) {
        events.onRefused(`from VM ${peer}: message claims sender ${frame.from}`);
        return;
      }
      const wrong = messageOutOfBounds(frame, machines);
      if (wrong === undefined) events.onMessage(frame);
      else events.onOutOfBounds(peer, wrong);
      return;
    }
    case 'ready': {
      const wrong = startOutOfBounds(frame.startAt, Date.now());
      if (wrong === undefined) events.onReady(peer, frame.startAt);
      else events.onOutOfBounds(peer, wrong);
      return;
    }
    case 'started': {
      const wrong = startedOutOfBounds(frame.at, Date.now());
      if (wrong === undefined) events.onStarted(peer, frame.at);
      else events.onOutOfBounds(peer, wrong);
      return;
    }
    case 'stop':
      events.onStop(peer, frame.at);
      return;
    case 'end':
      onEnd(peer);
      return;
    case 'challenge':
    case 'hello':
    case 'welcome':
    case 'refused':
      events.onRefused(`from VM ${peer}: ${frame.t} after the handshake`);
      return;
    default: {
      const never: never = frame;
      throw new Error(`unhandled frame ${JSON.stringify(never)}`);
    }
  }
}
