/**
 * Step 5, analysis throughput: calls bench/analysis-throughput.ts (written separately) when it is there. It is
 * imported by a computed name so that this runner builds and runs without it: a missing or failing module is
 * reported as "not available", never as a failed bench.
 */
import type { BenchRow } from './result-table.js';

/** `cpuSeconds` (user + system, every thread) is there from versions of analysis-throughput.ts that measure it. */
type Throughput = { rows: number; seconds: number; rowsPerSecond: number; cpuSeconds?: number };
const targetSeconds = 3;
const moduleName = './analysis-throughput.js';

export async function analysisStep(log: (line: string) => void) {
  const metric = 'analysis throughput: analyze 1M rows';
  const target = `< ${targetSeconds} s`;
  let measure: (() => Promise<unknown>) | undefined;
  try {
    const mod = (await import(moduleName)) as Record<string, unknown>;
    const fn = mod.analysisThroughput ?? Object.values(mod).find((v) => typeof v === 'function');
    if (typeof fn === 'function') measure = () => Promise.resolve(fn());
  } catch (error) {
    log(`analysis: ${moduleName} not loadable (${error instanceof Error ? error.message.split('\n')[0] : error})`);
  }
  if (measure === undefined) {
    return { rows: [{ metric, figure: 'not available', target, pass: undefined }], result: undefined };
  }
  log('analysis: 1M synthetic rows');
  try {
    const result = await measure();
    if (!isThroughput(result)) throw new Error('unexpected result shape');
    const cpu = result.cpuSeconds === undefined ? '' : `, ${result.cpuSeconds.toFixed(2)} s CPU`;
    const figure = `${result.seconds.toFixed(2)} s for ${result.rows} rows (${Math.round(result.rowsPerSecond)} rows/s${cpu})`;
    const row: BenchRow = { metric, figure, target, pass: result.seconds < targetSeconds };
    return { rows: [row], result };
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { rows: [{ metric, figure: `not available (${why})`, target, pass: undefined }], result: undefined };
  }
}

function isThroughput(value: unknown): value is Throughput {
  const v = value as Partial<Throughput> | null;
  const cpu = v?.cpuSeconds === undefined || typeof v.cpuSeconds === 'number';
  return typeof v?.rows === 'number' && typeof v.seconds === 'number' && typeof v.rowsPerSecond === 'number' && cpu;
}
