/**
 * What a VM does on a tick with an empty message queue, from its draw d in 1..eventRange.
 *
 * Peers are taken in ring order after the VM itself: (id + 1) mod n, (id + 2) mod n, ...
 *   d = 1 -> the first peer in that order, d = 2 -> the second (with 2 VMs both are the only peer),
 *   d = 3 -> every peer (one send event, one message id), anything else -> an internal event.
 * With 3 VMs this is the original exercise exactly; with more, 1 and 2 still name two different peers.
 */
export type Action = { kind: 'send'; to: number[] } | { kind: 'internal' };

export function chooseAction(draw: number, id: number, machines: number): Action {
  const ringPeer = (offset: number) => (id + 1 + ((offset - 1) % (machines - 1))) % machines;
  switch (draw) {
    case 1:
      return { kind: 'send', to: [ringPeer(1)] };
    case 2:
      return { kind: 'send', to: [ringPeer(2)] };
    case 3:
      return { kind: 'send', to: Array.from({ length: machines - 1 }, (_, i) => ringPeer(i + 1)) };
    default:
      return { kind: 'internal' };
  }
}
