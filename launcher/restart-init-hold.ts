/**
 * A restarted remote life's messages, held until its file on the host is cut back (remote-cut-back.ts): only then
 * is it known whether an earlier life's rows stay there, and its `init` is told what to number past
 * (kept-rows-floor.ts). They then go in the order they came, `init` first, as for any life.
 */
import type { LauncherToVm } from '../shared/ipc-messages.js';
import { keptRowsFloor } from './kept-rows-floor.js';
import type { RemoteCsv } from './remote-csv.js';

export class RestartInitHold {
  /** Undefined once released (at once for a first life, which has nothing to wait for). */
  #held: LauncherToVm[] | undefined;

  constructor(restarted: boolean) {
    this.#held = restarted ? [] : undefined;
  }

  /** True when `message` is held (the cut-back is not done yet). */
  hold(message: LauncherToVm): boolean {
    this.#held?.push(message);
    return this.#held !== undefined;
  }

  /** After the cut-back: each held message to `send`, the `init` with its floor when rows stay on the host. */
  async release(csv: Pick<RemoteCsv, 'earlierRowsOnHost' | 'length' | 'path'>, send: (m: LauncherToVm) => void) {
    const above = await keptRowsFloor(csv);
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const message of held) {
      const restart = message.type === 'init' ? message.spec.restart : undefined;
      if (message.type !== 'init' || restart === undefined || above === undefined) send(message);
      else send({ ...message, spec: { ...message.spec, restart: { ...restart, aboveKeptRows: above } } });
    }
  }
}
