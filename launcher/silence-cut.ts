/**
 * Remote VMs that stopped early because they heard nothing from the launcher for silentChannelMs (each says so on
 * its stderr as it stops, vm/stdio-channel.ts), and why, in one line naming their hosts: the launcher itself
 * stood still through their silence (Ctrl-Z, SIGSTOP, a machine asleep: the run was interrupted, as by Ctrl-C), or
 * not (their hosts were cut off from it: the run failed). Nothing heard of: the run ends as it would have.
 */
import { keepAliveMs, silentChannelMs } from '../shared/remote-messages.js';
import type { RunFailure } from './failure-reason.js';
import type { EpochWindow } from './launcher-stall.js';

/** A run cut short by silence, and from when (launcher epoch ms): a failure met before that instant stays first. */
export type SilenceCut = { failure: RunFailure; sinceEpochMs: number };

type Unheard = { host: string; vm: number; silence: EpochWindow };

/**
 * A VM says it went unheard as its silence reaches silentChannelMs; a longer silence it tells of is its own host
 * standing still, which says nothing of the launcher: it is taken as no longer than this.
 */
const maxQuietMs = 3 * silentChannelMs;

/** The launcher writes every keepAliveMs: standing still this long leaves a VM silentChannelMs without a word. */
const silencingStallMs = silentChannelMs - keepAliveMs;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export class SilenceRecord {
  /** One per VM (host and id): a VM says it once as it stops; more lines from it add nothing. */
  readonly #unheard = new Map<string, Unheard>();
  readonly #stalledMs: (during: EpochWindow) => number;

  /** `stalledMs`: the longest the launcher stood still during `during` (launcher-stall.ts), 0 if it did not. */
  constructor(stalledMs: (during: EpochWindow) => number) {
    this.#stalledMs = stalledMs;
  }

  /** VM `vm` on `host` said, at `atEpochMs` as the launcher read it, that it heard nothing for `quietMs`. */
  unheard(host: string, vm: number, quietMs: number, atEpochMs: number): void {
    const key = `${host}\n${vm}`;
    if (this.#unheard.has(key)) return;
    const quiet = Math.min(Math.max(0, quietMs), maxQuietMs);
    this.#unheard.set(key, { host, vm, silence: { fromEpochMs: atEpochMs - quiet, toEpochMs: atEpochMs } });
  }

  cut(): SilenceCut | undefined {
    if (this.#unheard.size === 0) return undefined;
    // A VM's silence is the launcher's doing only if the launcher stood still through it.
    let stalledMs = 0;
    const unexplained: Unheard[] = [];
    for (const unheard of this.#unheard.values()) {
      const stalled = this.#stalledMs(unheard.silence);
      if (stalled >= silencingStallMs) stalledMs = Math.max(stalledMs, stalled);
      else unexplained.push(unheard);
    }
    if (unexplained.length === 0) {
      const all = [...this.#unheard.values()];
      const detail =
        `the launcher was stopped or stalled for ${seconds(stalledMs)}; VMs on ${hostsOf(all)} stop after ` +
        `${seconds(silentChannelMs)} without word from it, so the run stopped early`;
      return { failure: { reason: 'suspended', detail }, sinceEpochMs: earliest(all) };
    }
    const vms = [...new Set(unexplained.map((u) => u.vm))].sort((a, b) => a - b).map((vm) => `VM ${vm}`);
    const detail =
      `${vms.join(', ')} on ${hostsOf(unexplained)} heard nothing from the launcher for ${seconds(silentChannelMs)} ` +
      'and stopped early (the network to them stalled?)';
    return { failure: { reason: 'unheard', detail }, sinceEpochMs: earliest(unexplained) };
  }
}

/** `host h1` or `hosts h1, h2`: each host once. */
function hostsOf(unheard: readonly Unheard[]): string {
  const hosts = [...new Set(unheard.map((u) => u.host))].sort();
  return `${hosts.length === 1 ? 'host' : 'hosts'} ${hosts.join(', ')}`;
}

/** Each went quiet no later than it said so, less its silence: the cut began by then. */
function earliest(unheard: readonly Unheard[]): number {
  let since = Number.POSITIVE_INFINITY;
  for (const u of unheard) since = Math.min(since, u.silence.fromEpochMs);
  return since;
}
