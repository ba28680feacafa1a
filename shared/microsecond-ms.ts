/**
 * An instant in ms rounded to the microsecond, the precision the real engine writes its instants at (the rows'
 * elapsed_ms, the manifest's stops and restarts). The sim's virtual instants are sums of float seconds and ms
 * (3300.0000000000005 for a restart 2.2 s after a kill at 1.1 s): rounded where they are written, they read as the
 * real engine's would, and the simulation itself keeps its exact floats.
 */
export function microsecondMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Milliseconds as a line shows them, to the microsecond without trailing zeros: `2000 ms`, `1899.999 ms`. */
export function msText(ms: number): string {
  return `${Number(ms.toFixed(3))} ms`;
}
