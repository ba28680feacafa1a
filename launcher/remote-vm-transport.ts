/**
 * The VmTransport for VMs on several hosts: VM k runs on its placed host over ssh (remote-vm-life.ts). Per host it
 * keeps the clock offset (host-clock.ts): a burst of samples as the first VM there says hello (before the start),
 * one every few seconds while VMs run there, one at the stop instant; each start and stop instant goes to a host in
 * that host's clock. Each VM's rows land in the launcher's run folder, so the folder is a local run's.
 */
import { join, posix } from 'node:path';
import { type HostConfig, placeVms } from '../config/host-config.js';
import type { RunConfig } from '../config/run-config.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { LauncherToVm } from '../shared/ipc-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { preciseNow } from './host-clock.js';
import { clocklabRoot } from './host-preflight.js';
import { HostSampler } from './host-sampler.js';
import { RemoteCsv } from './remote-csv.js';
import { type HostReport, type HostState, hostReport, newHostState, recoverLostRows } from './remote-host-state.js';
import { type SshSpawner, shellWord, sshSpawner } from './remote-ssh.js';
import { RemoteVmLife } from './remote-vm-life.js';
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
  readonly #sampler: HostSampler;

  constructor(options: RemoteTransportOptions) {
    this.#options = options;
    this.#sampler = new HostSampler(options.now);
    this.#hosts = options.hosts.map((config) => newHostState(config, options, (pong) => this.#sampler.onPong(pong)));
  }

  start(spec: VmSpec, events: VmEvents): VmLife {
    const host = this.#hostOf(spec.id);
    const earlier = this.#csvs.get(spec.id);
    const csv = earlier ?? new RemoteCsv(join(this.#options.runDir, csvFileName(spec.id)));
    this.#csvs.set(spec.id, csv);
    const sampling: VmEvents = {
      ...events,
      onMessage: (message) => {
        if (message.type === 'listening' && host.clock.samples.length === 0) this.#sampler.ping(host);
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
    const send = life.send.bind(life);
    // Watch what the supervisor says: the start instant fixes each host's offset, the stop one gets a last sample.
    life.send = (message: LauncherToVm) => {
      this.#onSend(host, message);
      send(message);
    };
    return life;
  }

  /** A start or stop message crosses to each host in about half its round trip: twice the slowest host's, and more. */
  extraLeadMs(): number {
    return 50 + 2 * Math.max(0, ...this.#hosts.map((host) => host.clock.typicalRttMs ?? 0));
  }

  /** Which host VM `id` runs on, by name. */
  hostOf(id: number): string {
    return this.#hostOf(id).config.name;
  }

  /** For VM `id`'s manifest exit, when the run folder could not take its rows: where the rest of them are. */
  rowsKeptOnHost(id: number): string | undefined {
    const failed = this.#csvs.get(id)?.failed;
    if (failed === undefined) return undefined;
    return `rows kept on host ${this.hostOf(id)}: the run folder cannot take them (${failed})`;
  }

  /** Per host, for the manifest: its VMs, the offset the start used, and every clock sample. */
  report(): HostReport[] {
    this.#sampler.stop();
    return this.#hosts.map((host, index) =>
      hostReport(
        host,
        this.#options.placement.flatMap((h, vm) => (h === index ? [vm] : [])),
      ),
    );
  }

  /**
   * Ends sampling; asks each lost host that answers again for its lost VMs' last rows (unless the run was `killed` at
   * once); closes the run folder's CSVs; removes the scratch CSVs of each host whose rows all reached the run folder
   * (a lost one's stay there).
   */
  async finish(ending: { killed: boolean } = { killed: false }): Promise<void> {
    this.#sampler.stop();
    // Every host's rows first: on hosts that share a file system (namespace test hosts), one scratch folder is all.
    // A run killed at once (a second Ctrl-C) does not wait on lost hosts: their VMs' rows stay there, said so.
    const skip = ending.killed ? 'not asked: the run was killed at once' : undefined;
    const complete = await Promise.all(this.#hosts.map((host) => recoverLostRows(host, skip)));
    for (const csv of this.#csvs.values()) csv.close();
    // Rows the run folder could not take (a full disk) are only on their host: its scratch folder stays too.
    const unwritten = new Set(
      [...this.#csvs].filter(([, csv]) => csv.failed !== undefined).map(([id]) => this.#hostOf(id)),
    );
    await Promise.all(
      this.#hosts.map(async (host, index) => {
        if (complete[index] === true && !unwritten.has(host)) await host.shell.run(this.#cleanUp(host, index));
        host.shell.close();
      }),
    );
  }

  /**
   * Removes the host's own VMs' files from its scratch folder, then the folder if nothing else is left in it: hosts
   * that share a file system (one NFS home, or namespace test hosts) share the folder, and another host's VM may
   * have rows there that never reached the run folder.
   */
  #cleanUp(host: HostState, index: number): string {
    const scratch = host.link.scratchDir;
    const files = this.#options.placement.flatMap((h, vm) =>
      h === index ? [posix.join(scratch, csvFileName(vm))] : [],
    );
    const remove = files.length === 0 ? '' : `rm -f ${files.map(shellWord).join(' ')}; `;
    return `${remove}rmdir ${shellWord(scratch)} 2>/dev/null || true`;
  }

  #hostOf(id: number): HostState {
    const host = this.#hosts[this.#options.placement[id] ?? id % this.#hosts.length];
    if (host === undefined) throw new Error(`no host for VM ${id}`);
    return host;
  }

  #onSend(host: HostState, message: LauncherToVm): void {
    if (message.type === 'start' && host.startOffsetMs === undefined) {
      host.startOffsetMs = host.clock.offsetMs;
      this.#sampler.sampleDuringRun(this.#hosts, message.stopEpochMs);
    }
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
    now: preciseNow,
  });
}
