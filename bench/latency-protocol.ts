/**
 * The control messages between the latency bench (parent) and its latency nodes (children, one per process).
 *
 * Time stamps: a node puts `process.hrtime.bigint()` (CLOCK_MONOTONIC, in ms with ns precision) into the frame's
 * `sentAt`, and the receiver reads the same clock when the frame reaches its network queue. On Linux CLOCK_MONOTONIC
 * is one clock for every process on the machine, so the difference is exact. (The VMs' epoch clock,
 * shared/precise-epoch.ts, would also do, but each process measures its offset on its own: a few us of error.)
 */

/**
 * `vm`: tick like a VM (Machine, CSV rows, sends on its draws). `idle`: node 0 sends one frame per ms, no ticking, the
 * receiver sleeps between frames. `awake`: the same, but the receiver never sleeps (it polls), so the figure is the
 * link and decoder alone, without the wake-up of a sleeping process.
 */
export type LatencyMode = 'vm' | 'idle' | 'awake';

export type NodeInit = {
  type: 'init';
  id: number;
  machines: number;
  mode: LatencyMode;
  rate: number;
  seed: number;
  runId: string;
  secret: string;
  outDir: string;
};

export type ParentToNode =
  | NodeInit
  | { type: 'peers'; ports: number[] }
  | { type: 'start'; startEpochMs: number; stopEpochMs: number };

export type NodeToParent =
  | { type: 'listening'; id: number; port: number }
  | { type: 'connected'; id: number }
  | { type: 'done'; id: number; latenciesUs: number[]; ticks: number }
  | { type: 'failed'; id: number; detail: string };

/** Monotonic milliseconds, comparable between processes on one machine. */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
