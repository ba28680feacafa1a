/**
 * The VmTransport for VMs on several hosts: VM k runs on its placed host over ssh (remote-vm-life.ts). Per host it
 * keeps the clock offset (host-clock.ts; when it is sampled, host-start-offsets.ts): a burst of samples as the first
 * VM there says hello (before the start), one every few seconds while VMs run there, a burst again at the end; each
 * start and stop instant goes to a host in that host's clock. Each VM's rows land in the launcher's run folder, so
 * the folder is a local run's.
 */
import { join } from 'node:path';
import { type HostConfig, placeVms } from '../config/host-config.js';
import type { RunConfig } from '../config/run-config.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { EarlierRowsOnHost, RowsOnHost } from '../run-folder/rows-on-host.js';
import type { LauncherToVm } from '../shared/ipc-messages.js';
import { preciseEpochMs } from '../shared/precise-epoch.js';
import { rowsKeptExit } from '../shared/rows-kept-exit.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { clocklabRoot } from './host-preflight.js';
import { HostSampler } from './host-sampler.js';
import { HostStartOffsets } from './host-start-offsets.js';
import { RemoteCsv } from './remote-csv.js';
import { type HostReport, type HostState, hostReport, newHostState } from './remote-host-state.js';
import { endRunOnHosts } from './remote-run-end.js';
import { RemoteSilence } from './remote-silence.js';
import { type SshSpawner, sshSpawner } from './remote-ssh.js';
import { RemoteVmLife } from './remote-vm-life.js';
import type { SilenceCut } from './silence-cut.js';
import type { VmEvents, VmLife, VmTransport } from './vm-transport.js';

export type RemoteTransportOptions = {
  hosts: readonly HostConfig[];
  /** Host index per VM id. */
  placement: readonly number[];
  runId: string;
  /** The run folder on the launcher's host. */
  runDir: string;
  /** A host's clocklab folder when its config gives none: the launcher's own. */
  defaultDir: string;
  spawner: SshSpawner;
  /** Epoch ms with fractions: the launcher's clock for clock samples. */
  now(): number;
};

export class RemoteVmTransport implements VmTransport {
  readonly #options: RemoteTransportOptions;
  readonly #hosts: HostState[];
  readonly #csvs = new Map<number, RemoteCsv>();
  /** Each VM's latest life. */
  readonly #lives = new Map<number, RemoteVmLife>();
  /** Fetches before a restart still under way: the end of the run waits for them before it closes the CSVs. */
  readonly #fetchesAgain = new Set<Promise<void>>();
  readonly #sampler: HostSampler;
  readonly #silence: RemoteSilence;
  readonly #offsets: HostStartOffsets;

  constructor(options: RemoteTransportOptions) {
    this.#options = options;
    this.#sampler = new HostSampler(options.now);
    this.#silence = new RemoteSilence(this.#sampler, () => this.#hosts);
    const unheard = (host: string, vm: number, quietMs: number) => this.#silence.unheard(host, vm, quietMs);
    this.#hosts = options.hosts.map((config) =>
      newHostState(config, options, (pong) => this.#sampler.onPong(pong), unheard),
    );
    this.#offsets = new HostStartOffsets(this.#sampler, this.#hosts, options.placement);
  }

  start(spec: VmSpec, events: VmEvents): VmLife {
    this.#silence.started();
    const host = this.#hostOf(spec.id);
    const earlier = this.#csvs.get(spec.id);
    const csv = earlier ?? new RemoteCsv(join(this.#options.runDir, csvFileName(spec.id)));
    this.#csvs.set(spec.id, csv);
    const sampling: VmEvents = {
      ...events,
      onMessage: (message) => {
        if (message.type === 'listening') this.#offsets.listening(host);
        events.onMessage(message);
      },
      onExit: (exit) => {
        host.lives.delete(life);
        if (exit.lost !== undefined) host.lost ??= exit.lost;
        if (life.hostLost) host.lostLives.push(life);
        events.onExit(exit);
      },
    };
    host.shell.open();
    const life: RemoteVmLife = new RemoteVmLife(host.link, spec, sampling, csv, earlier?.resumeAt());
    host.lives.add(life);
    this.#lives.set(spec.id, life);
    const send = life.send.bind(life);
    // Watch what the supervisor says: the start instant fixes each host's offset, the stop one gets a last sample;
    // the start also tells the VM its peers' clocks (host-start-offsets.ts).
    life.send = (message: LauncherToVm) => send(this.#offsets.outgoing(spec.id, message));
    return life;
  }

  /** A start or stop message crosses to each host in about half its round trip: twice the slowest host's, and more. */
  extraLeadMs(): number {
    return this.#offsets.extraLeadMs();
  }

  /** Which host VM `id` runs on, by name. */
  hostOf(id: number): string {
    return this.#hostOf(id).config.name;
  }

  /** VM `id`'s CSV on its host: the record its relayed rows copy, for the start record (run-start.ts). */
  hostFileOf(id: number): string {
    return `${this.#hostOf(id).link.scratchDir}/${csvFileName(id)}`;
  }

  whereIs(id: number): string {
    return `host ${this.hostOf(id)}`;
  }

  /** For VM `id`'s manifest exit, when the run folder could not take its rows: where the rest of them are. */
  rowsKeptOnHost(id: number): string | undefined {
    const failed = this.#csvs.get(id)?.failed;
    if (failed === undefined) return undefined;
    return rowsKeptExit(this.hostOf(id), failed);
  }

  /** For VM `id`'s manifest entry: where its rows that never reached the run folder stay on its host, if any do. */
  rowsOnHost(id: number): RowsOnHost | undefined {
    return this.#csvs.get(id)?.rowsOnHost;
  }

  /** For VM `id`'s manifest entry: its earlier lives' rows set aside on its host before a restart, if any. */
  earlierRowsOnHost(id: number): readonly EarlierRowsOnHost[] {
    return this.#csvs.get(id)?.earlierRowsOnHost ?? [];
  }

  /**
   * Before VM `id` is restarted, ahead of its CSV being read: rows its killed life left on its host because their
   * fetch failed are asked for again (the host answers: a new life is about to start there).
   */
  async beforeRestart(id: number): Promise<void> {
    const fetching = this.#lives.get(id)?.fetchAgain();
    if (fetching === undefined) return;
    this.#fetchesAgain.add(fetching);
    await fetching;
    this.#fetchesAgain.delete(fetching);
  }

  /** The launcher is about to stop (Ctrl-Z): its VMs are told to hold (remote-silence.ts). */
  hold(): Promise<void> {
    return this.#silence.hold();
  }

  /** Running again after a Ctrl-Z. */
  resume(): void {
    this.#silence.resume();
  }

  silenceCut(): SilenceCut | undefined {
    return this.#silence.cut();
  }

  /** Per host, for the manifest: its VMs, the offset the start used, the end's, and every clock sample. */
  report(): HostReport[] {
    this.#sampler.stop();
    return this.#hosts.map((host, index) => hostReport(host, this.#vmsOn(index)));
  }

  /**
   * Ends sampling; then the end of the run on each host (remote-run-end.ts): lost rows asked for (unless the run was
   * `killed` at once), the run folder's CSVs closed, scratch CSVs removed where every row reached the run folder.
   * `cut`, once aborted, ends the wait on lost hosts at once (a stop signal after every VM ended).
   */
  async finish(ending: { killed: boolean; cut?: AbortSignal | undefined } = { killed: false }): Promise<void> {
    this.#sampler.stop();
    this.#silence.stop();
    // A restart given up at the stop may still be fetching its VM's rows (bounded by the shell's timeout): the rows
    // it gets go into the CSV before it is closed, and the manifest's record of them is final.
    await Promise.all(this.#fetchesAgain);
    const hosts = this.#hosts.map((host, index) => ({ host, vms: this.#vmsOn(index) }));
    await endRunOnHosts(hosts, this.#csvs, ending);
  }

  /** The VMs placed on host `index`. */
  #vmsOn(index: number): number[] {
    return this.#options.placement.flatMap((h, vm) => (h === index ? [vm] : []));
  }

  #hostOf(id: number): HostState {
    const host = this.#hosts[this.#options.placement[id] ?? id % this.#hosts.length];
    if (host === undefined) throw new Error(`no host for VM ${id}`);
    return host;
  }
}

/** The transport a config with `hosts` runs on: ssh as configured (CLOCKLAB_SSH_COMMAND), rows into `runDir`. */
export function remoteTransportFor(config: RunConfig, runId: string, runDir: string): RemoteVmTransport | undefined {
  if (config.hosts === undefined) return undefined;
  return new RemoteVmTransport({
    hosts: config.hosts,
    placement: placeVms(config.machines, config.hosts, config.placement),
    runId,
    runDir,
    defaultDir: clocklabRoot,
    spawner: sshSpawner(),
    now: preciseEpochMs,
  });
}
