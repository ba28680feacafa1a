/**
 * The VmTransport for VMs on several hosts: VM k runs on its placed host over ssh (remote-vm-life.ts). Per host it
 * keeps the clock offset (host-clock.ts): a burst of samples as the first VM there says hello (before the start),
 * one every few seconds while VMs run there, one at the stop instant; each start and stop instant goes to a host in
 * that host's clock. Each VM's rows land in the launcher's run folder, so the folder is a local run's.
 */
import { join, posix } from 'node:path';
import type { HostConfig } from '../config/host-config.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { LauncherToVm } from '../shared/ipc-messages.js';
import type { RemoteVmToLauncher } from '../shared/remote-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { HostClock } from './host-clock.js';
import { RemoteCsv } from './remote-csv.js';
import { HostShell } from './remote-host-shell.js';
import { type SshSpawner, shellWord } from './remote-ssh.js';
import { type RemoteHostLink, RemoteVmLife } from './remote-vm-life.js';
import type { VmEvents, VmLife, VmTransport } from './vm-transport.js';

/** Samples per host before the start (the best of them sets the start instant there), and the period after. */
const burstSamples = 5;
const samplePeriodMs = 3000;

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

type HostState = {
  config: HostConfig;
  link: RemoteHostLink;
  clock: HostClock;
  lives: Set<RemoteVmLife>;
  /** The offset the start instant was handed over with. */
  startOffsetMs: number | undefined;
  lost: string | undefined;
};

export type HostReport = {
  name: string;
  ssh: string;
  address: string;
  dir: string;
  vms: number[];
  clockOffsetMs: number | null;
  rttMs: number | null;
  samples: { atEpochMs: number; offsetMs: number; rttMs: number }[];
  lost?: string;
};

export class RemoteVmTransport implements VmTransport {
  readonly #options: RemoteTransportOptions;
  readonly #hosts: HostState[];
  readonly #csvs = new Map<number, RemoteCsv>();
  readonly #pings = new Map<number, { host: HostState; t1: number }>();
  #pingCount = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RemoteTransportOptions) {
    this.#options = options;
    this.#hosts = options.hosts.map((config) => {
      const dir = config.dir ?? options.defaultDir;
      const clock = new HostClock();
      const state: HostState = {
        config,
        clock,
        lives: new Set(),
        startOffsetMs: undefined,
        lost: undefined,
        link: {
          name: config.name,
          ssh: config.ssh,
          dir,
          scratchDir: posix.join(dir, 'logs', `.remote-${options.runId}`),
          spawner: options.spawner,
          shell: new HostShell(options.spawner, config.ssh),
          toHostTime: (epochMs) => epochMs + clock.offsetMs,
          onPong: (pong) => this.#onPong(pong),
        },
      };
      return state;
    });
  }

  start(spec: VmSpec, events: VmEvents): VmLife {
    const host = this.#hostOf(spec.id);
    let csv = this.#csvs.get(spec.id);
    if (csv === undefined) {
      csv = new RemoteCsv(join(this.#options.runDir, csvFileName(spec.id)));
      this.#csvs.set(spec.id, csv);
    }
    const sampling: VmEvents = {
      ...events,
      onMessage: (message) => {
        if (message.type === 'listening' && host.clock.samples.length === 0) this.#ping(host);
        events.onMessage(message);
      },
      onExit: (exit) => {
        host.lives.delete(life);
        if (exit.lost !== undefined) host.lost ??= exit.lost;
        events.onExit(exit);
      },
    };
    host.link.shell.open();
    const life: RemoteVmLife = new RemoteVmLife(host.link, spec, sampling, csv);
    host.lives.add(life);
    const send = life.send.bind(life);
    // Watch what the supervisor says: the start instant fixes each host's offset, the stop one gets a last sample.
    life.send = (message: LauncherToVm) => {
      this.#onSend(host, message);
      send(message);
    };
    return life;
  }

  /** Which host VM `id` runs on, by name. */
  hostOf(id: number): string {
    return this.#hostOf(id).config.name;
  }

  /** Per host, for the manifest: its VMs, the offset the start used, and every clock sample. */
  report(): HostReport[] {
    this.#stopSampling();
    return this.#hosts.map((host, index) => ({
      name: host.config.name,
      ssh: host.config.ssh,
      address: host.config.address,
      dir: host.link.dir,
      vms: this.#options.placement.flatMap((h, vm) => (h === index ? [vm] : [])),
      clockOffsetMs: host.startOffsetMs ?? (host.clock.sampled ? host.clock.offsetMs : null),
      rttMs: host.clock.rttMs ?? null,
      samples: [...host.clock.samples],
      ...(host.lost === undefined ? {} : { lost: host.lost }),
    }));
  }

  /** Ends sampling, closes the run folder's CSVs, and removes each reachable host's scratch CSVs. */
  async finish(): Promise<void> {
    this.#stopSampling();
    for (const csv of this.#csvs.values()) csv.close();
    await Promise.all(
      this.#hosts.map(async (host) => {
        if (host.lost === undefined) await host.link.shell.run(`rm -rf ${shellWord(host.link.scratchDir)}`);
        host.link.shell.close();
      }),
    );
  }

  #hostOf(id: number): HostState {
    const host = this.#hosts[this.#options.placement[id] ?? id % this.#hosts.length];
    if (host === undefined) throw new Error(`no host for VM ${id}`);
    return host;
  }

  #onSend(host: HostState, message: LauncherToVm): void {
    if (message.type === 'start' && host.startOffsetMs === undefined) {
      host.startOffsetMs = host.clock.offsetMs;
      this.#timer ??= setInterval(() => this.#sampleAll(), samplePeriodMs).unref();
      setTimeout(() => this.#sampleAll(), Math.max(0, message.stopEpochMs - Date.now())).unref();
    }
  }

  #sampleAll(): void {
    for (const host of this.#hosts) this.#ping(host);
  }

  #ping(host: HostState): void {
    const life = [...host.lives].find((l) => l.open);
    if (life === undefined) return;
    const n = this.#pingCount++;
    const t1 = this.#options.now();
    this.#pings.set(n, { host, t1 });
    life.write({ type: 'ping', n, t1 });
  }

  #onPong(pong: Extract<RemoteVmToLauncher, { type: 'pong' }>): void {
    const t4 = this.#options.now();
    const ping = this.#pings.get(pong.n);
    if (ping === undefined || ping.t1 !== pong.t1) return;
    this.#pings.delete(pong.n);
    ping.host.clock.add(pong.t1, pong.t2, pong.t3, t4);
    if (ping.host.startOffsetMs === undefined && ping.host.clock.samples.length < burstSamples) this.#ping(ping.host);
  }

  #stopSampling(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
