/**
 * One real VM (runVm, real sockets and files) with a scripted peer that knows the secret: who may stop it, and a
 * value out of bounds in the middle of the run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { VmSpec } from '../../shared/vm-spec.js';
import type { Coordinator } from '../../vm/coordinator.js';
import { endIdleMs } from '../../vm/end-links.js';
import { PeerMesh } from '../../vm/peer-mesh.js';
import { runVm } from '../../vm/vm-run.js';
import { tempDir } from '../integration/cli-harness.js';

const secret = 'c0'.repeat(32);
const quiet = {
  onMessage() {},
  onReady() {},
  onStarted() {},
  onStop() {},
  onPeerLost() {},
  onRefused() {},
  onOutOfBounds() {},
};

/** A coordinator for VM 0 of 2: VM 1 (the scripted peer) is on `peerPort`; `onTick` hears the first progress. */
function coordinator(
  peerPort: number,
  durationMs: number,
  peersMayStop: boolean,
  events: { ownPort(port: number): void; ticking(): void },
): Coordinator {
  return {
    connectTimeoutMs: 10_000,
    peersMayStop,
    startAgreedByPeers: false,
    async peerPorts(own) {
      events.ownPort(own);
      return [own, peerPort];
    },
    async agreeWindow() {
      const startEpochMs = Date.now() + 50;
      return { startEpochMs, stopEpochMs: startEpochMs + durationMs };
    },
    onPeerReady() {},
    onStopRequest() {},
    reportDrop() {},
    reportProgress: () => events.ticking(),
  };
}

/** VM 0 of 2 at 50/s, listening on any port, writing into `outDir`. */
const vmSpec = (runId: string, outDir: string): VmSpec => ({
  id: 0,
  machines: 2,
  runId,
  clockRate: 50,
  eventRange: 10,
  seed: 5,
  host: '127.0.0.1',
  port: 0,
  outDir,
  secret,
  verbose: false,
});

describe('runVm with a scripted peer', () => {
  let dir: { path: string; remove(): Promise<void> };
  let peer: PeerMesh;
  beforeEach(async () => {
    dir = await tempDir();
    peer = new PeerMesh({ run: 'run-t', self: 1, machines: 2, secret, host: '127.0.0.1' }, quiet);
  });
  afterEach(async () => {
    peer.close();
    await dir.remove();
  });
  const spec = (): VmSpec => vmSpec('run-t', dir.path);

  /** Starts VM 0, connects the peer to it, and hands the peer over once the VM ticks (or at once). */
  async function start(durationMs: number, peersMayStop: boolean, waitForTicks: boolean, queueBound?: number) {
    const listening = await peer.listen(0);
    if (!listening.ok) throw new Error(listening.detail);
    let ownPort: (port: number) => void = () => {};
    let ticking: () => void = () => {};
    const vmPort = new Promise<number>((resolve) => {
      ownPort = resolve;
    });
    const firstTick = new Promise<void>((resolve) => {
      ticking = resolve;
    });
    const warnings: string[] = [];
    const log = { event() {}, warn: (line: string) => warnings.push(line) };
    const coordinate = coordinator(listening.port, durationMs, peersMayStop, { ownPort, ticking });
    const outcome = runVm(spec(), coordinate, log, { queueBound });
    const port = await vmPort;
    expect(await peer.connect((id) => (id === 0 ? port : 0), Date.now() + 10_000)).toEqual({ ok: true });
    if (waitForTicks) await firstTick;
    return { outcome, warnings };
  }

  test('under the launcher a peer may not stop the VM: its stop is refused and counted', async () => {
    const { outcome, warnings } = await start(400, false, false);
    expect(peer.send(0, { t: 'stop', at: Date.now() })).toBe(true);
    await peer.finish(() => 0);
    const result = await outcome;
    if (!result.ok) throw new Error(result.detail);
    expect(result.stats.stoppedEarly).toBe(false);
    expect(result.stats.ticks).toBe(20);
    expect(result.stats.refused).toBe(1);
    expect(result.stats.unendedLinks).toEqual([]);
    expect(warnings).toContain(
      'VM 0: refused a connection or frame (from VM 1: a stop, which only the launcher may send)',
    );
  });

  test(`a peer silent past the stop (paused) is given up after ${endIdleMs} ms, and its link recorded as unended`, async () => {
    // The peer never sends its end marker, as a VM stopped (SIGSTOP) across the stop instant.
    const { outcome, warnings } = await start(200, false, false);
    const result = await outcome;
    if (!result.ok) throw new Error(result.detail);
    expect(result.stats.unendedLinks).toEqual([{ from: 1, cause: 'silent' }]);
    expect(result.stats.lostPeers).toEqual([]);
    expect(warnings).toContain(
      `VM 0: VM 1 sent no end marker and nothing else for ${endIdleMs} ms; copies still on the way are counted lost with the link`,
    );
  });

  test('a peer whose link closes before its end marker: the link is recorded as unended, closed', async () => {
    const { outcome } = await start(400, false, true);
    peer.close();
    const result = await outcome;
    if (!result.ok) throw new Error(result.detail);
    expect(result.stats.lostPeers).toEqual([1]);
    expect(result.stats.unendedLinks).toEqual([{ from: 1, cause: 'closed' }]);
  });

  test('by hand a peer that passed the handshake may stop it', async () => {
    const { outcome } = await start(60_000, true, true);
    peer.send(0, { t: 'stop', at: Date.now() });
    await peer.finish(() => 0);
    const result = await outcome;
    if (!result.ok) throw new Error(result.detail);
    expect(result.stats.stoppedEarly).toBe(true);
    expect(result.stats.refused).toBe(0);
  });

  /**
   * Starts VM 0 with a start 20 s ahead and connects the peer: `stop` asks the VM to stop (as Ctrl-C or the
   * launcher would), `stopAtPorts` asks it already while it connects (before its warm-up and naps).
   */
  async function startInLead(options: { queueBound?: number; stopAtPorts?: boolean } = {}) {
    const listening = await peer.listen(0);
    if (!listening.ok) throw new Error(listening.detail);
    const startEpochMs = Date.now() + 20_000;
    let stop: (at: number) => void = () => {};
    let asked: () => void = () => {};
    const windowAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    let ownPort: (port: number) => void = () => {};
    const vmPort = new Promise<number>((resolve) => {
      ownPort = resolve;
    });
    const base = coordinator(listening.port, 1000, false, { ownPort, ticking() {} });
    const coordinate: Coordinator = {
      ...base,
      async peerPorts(own) {
        if (options.stopAtPorts) stop(Date.now());
        return base.peerPorts(own);
      },
      async agreeWindow() {
        asked();
        return { startEpochMs, stopEpochMs: startEpochMs + 1000 };
      },
      onStopRequest: (handler) => {
        stop = handler;
      },
    };
    const outcome = runVm(spec(), coordinate, { event() {}, warn() {} }, { queueBound: options.queueBound });
    const port = await vmPort;
    expect(await peer.connect((id) => (id === 0 ? port : 0), Date.now() + 10_000)).toEqual({ ok: true });
    await windowAsked;
    return { outcome, startEpochMs, stop: (at: number) => stop(at) };
  }

  test('a stop in the start lead ends the VM before tick 0, not at the start (it naps until then)', async () => {
    const { outcome, startEpochMs, stop } = await startInLead();
    stop(Date.now());
    await peer.finish(() => 0);
    const result = await outcome;
    if (!result.ok) throw new Error(result.detail);
    expect(result.stats.ticks).toBe(0);
    expect(result.stats.stoppedEarly).toBe(true);
    // Ended well before the start instant (20 s away), as the stop asked; napping to it would end within 4 ms of it.
    expect(Date.now()).toBeLessThan(startEpochMs - 10_000);
  });

  test('a stop asked while the VM still connects ends it as soon as it is ready, not at the start', async () => {
    const { outcome, startEpochMs } = await startInLead({ stopAtPorts: true });
    await peer.finish(() => 0);
    const result = await outcome;
    if (!result.ok) throw new Error(result.detail);
    expect(result.stats.ticks).toBe(0);
    expect(Date.now()).toBeLessThan(startEpochMs - 10_000);
  });

  test('a failure in the start lead (its queue past the bound) ends the VM then, not at the start', async () => {
    const { outcome, startEpochMs } = await startInLead({ queueBound: 0 });
    peer.send(0, { t: 'msg', id: '1-1', from: 1, clock: 1, sentAt: Date.now() });
    expect(await outcome).toEqual({
      ok: false,
      reason: 'queue-full',
      detail: 'VM 0 holds over 0 queued messages (its memory bound); run stopped',
    });
    expect(Date.now()).toBeLessThan(startEpochMs - 10_000);
  });

  test('a vector of 10,000 entries mid-run fails the run, naming the peer; the rows so far stay', async () => {
    const { outcome } = await start(60_000, false, true);
    peer.send(0, { t: 'msg', id: '1-1', from: 1, clock: 3, sentAt: Date.now(), vc: new Array(10_000).fill(1) });
    expect(await outcome).toEqual({
      ok: false,
      reason: 'peer-out-of-range',
      detail: 'VM 1 sent VM 0 a vector clock of 10000 entries in a run of 2 VMs',
    });
    const rows = (await readFile(`${dir.path}/vm-0.csv`, 'utf8')).trim().split('\n');
    expect(rows.length).toBeGreaterThan(1);
  });

  test('a queue past its bound fails the run with one line naming the VM, instead of growing', async () => {
    const { outcome } = await start(60_000, false, true, 10);
    for (let n = 1; n <= 30; n++) peer.send(0, { t: 'msg', id: `1-${n}`, from: 1, clock: n, sentAt: Date.now() });
    expect(await outcome).toEqual({
      ok: false,
      reason: 'queue-full',
      detail: 'VM 0 holds over 10 queued messages (its memory bound); run stopped',
    });
  });
});

describe('runVm by hand, before the start', () => {
  test('a peer whose link drops before the VMs agreed on a start fails the VM naming it (it waited forever)', async () => {
    const dir = await tempDir();
    const peer = new PeerMesh({ run: 'run-h', self: 1, machines: 2, secret, host: '127.0.0.1' }, quiet);
    try {
      const listening = await peer.listen(0);
      if (!listening.ok) throw new Error(listening.detail);
      let ownPort: (port: number) => void = () => {};
      const vmPort = new Promise<number>((resolve) => {
        ownPort = resolve;
      });
      // By hand the start waits for every peer's proposal; this peer never sends one.
      const byHand: Coordinator = {
        connectTimeoutMs: 10_000,
        peersMayStop: true,
        startAgreedByPeers: true,
        async peerPorts(own) {
          ownPort(own);
          return [own, listening.port];
        },
        agreeWindow: () => new Promise(() => {}),
        onPeerReady() {},
        onStopRequest() {},
        reportDrop() {},
        reportProgress() {},
      };
      const outcome = runVm(vmSpec('run-h', dir.path), byHand, { event() {}, warn() {} });
      const port = await vmPort;
      expect(await peer.connect((id) => (id === 0 ? port : 0), Date.now() + 10_000)).toEqual({ ok: true });
      peer.close();
      expect(await outcome).toEqual({
        ok: false,
        reason: 'peer-lost',
        detail: 'the link from VM 1 to VM 0 dropped before the VMs agreed on a start',
      });
    } finally {
      peer.close();
      await dir.remove();
    }
  });

  test('a VM dialing into a session that started without it stops at once with the line, and creates no CSV', async () => {
    const dir = await tempDir();
    // The running session: its VM 1 agreed on a start 5 s ago and tells whoever dials in late.
    const session = new PeerMesh({ run: 'run-late', self: 1, machines: 2, secret, host: '127.0.0.1' }, quiet);
    try {
      const listening = await session.listen(0);
      if (!listening.ok) throw new Error(listening.detail);
      const startedAt = Date.now() - 5000;
      session.answerLatePeers({ t: 'started', at: startedAt });
      const told: [number, number][] = [];
      const byHand: Coordinator = {
        connectTimeoutMs: 60_000,
        peersMayStop: true,
        startAgreedByPeers: true,
        startedWithout: (peer, at) => {
          told.push([peer, at]);
          return `VM ${peer} says it started at ${at}`;
        },
        peerPorts: async (own) => [own, listening.port],
        agreeWindow: () => new Promise(() => {}),
        onPeerReady() {},
        onStopRequest() {},
        reportDrop() {},
        reportProgress() {},
      };
      const outcome = await runVm(vmSpec('run-late', dir.path), byHand, { event() {}, warn() {} });
      expect(outcome).toEqual({ ok: false, reason: 'session-started', detail: `VM 1 says it started at ${startedAt}` });
      expect(told).toEqual([[1, startedAt]]);
      expect(await readdir(dir.path)).toEqual([]);
    } finally {
      session.close();
      await dir.remove();
    }
  });
});
