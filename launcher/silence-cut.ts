/**
 * Remote VMs that stopped early because they heard nothing from the launcher for silentChannelMs (each says so on
 * its channel before it stops, vm/stdio-channel.ts), and why, in one line naming their hosts: the launcher itself
 * stood still that long (Ctrl-Z, a machine asleep: the run was interrupted, as by Ctrl-C), or not (their hosts were
 * cut off from it: the run failed). Nothing heard of: the run ends as it would have.
 */
import { keepAliveMs, silentChannelMs } from '../shared/remote-messages.js';
import type { RunFailure } from './failure-reason.js';

/** A run cut short by silence, and from when (launcher epoch ms): a failure met before that instant stays first. */
export type SilenceCut = { failure: RunFailure; sinceEpochMs: number };

type Unheard = { host: string; vm: number; quietMs: number; atEpochMs: number };

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export class SilenceRecord {
  readonly #unheard: Unheard[] = [];
  readonly #stalledMs: () => number;

  /** `stalledMs`: the longest the launcher stood still during the run (launcher-stall.ts). */
  constructor(stalledMs: () => number) {
    this.#stalledMs = stalledMs;
  }

  /** VM `vm` on `host` said, at `atEpochMs` as the launcher read it, that it heard nothing for `quietMs`. */
  unheard(host: string, vm: number, quietMs: number, atEpochMs: number): void {
    this.#unheard.push({ host, vm, quietMs, atEpochMs });
  }

  cut(): SilenceCut | undefined {
    if (this.#unheard.length === 0) return undefined;
    const hosts = [...new Set(this.#unheard.map((u) => u.host))].sort();
    const named = `${hosts.length === 1 ? 'host' : 'hosts'} ${hosts.join(', ')}`;
    // Each went quiet no later than it said so, less its silence: the cut began by then.
    const sinceEpochMs = Math.min(...this.#unheard.map((u) => u.atEpochMs - u.quietMs));
    const stalledMs = this.#stalledMs();
    // The launcher writes every keepAliveMs: standing still this long leaves a VM silentChannelMs without a word.
    if (stalledMs >= silentChannelMs - keepAliveMs) {
      const detail =
        `the launcher was stopped or stalled for ${seconds(stalledMs)}; VMs on ${named} stop after ` +
        `${seconds(silentChannelMs)} without word from it, so the run stopped early`;
      return { failure: { reason: 'suspended', detail }, sinceEpochMs };
    }
    const vms = this.#unheard.map((u) => `VM ${u.vm}`).join(', ');
    const detail =
      `${vms} on ${named} heard nothing from the launcher for ${seconds(silentChannelMs)} and stopped early ` +
      '(the network to them stalled?)';
    return { failure: { reason: 'unheard', detail }, sinceEpochMs };
  }
}
