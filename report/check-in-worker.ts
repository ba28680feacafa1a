/**
 * The report's check. The verdict `launcher run` saved (check.json, analysis/saved-check.ts) when it still matches
 * the CSVs; otherwise checkRun on a worker thread, so that on a big run the check (the slowest part of a report)
 * runs on one core while this thread reads and shapes the rows on the other. Small runs are not worth a worker's
 * start, and run from TypeScript sources (ts-jest) there is no compiled worker: both check in this thread, with the
 * same result.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type CheckResult, checkRun } from '../analysis/check-run.js';
import { savedCheck } from '../analysis/saved-check.js';
import { csvFileName } from '../run-folder/csv-columns.js';

// Spelled from dist/ down so it also resolves from a bundle of this module in another folder of dist/.
const workerUrl = new URL('../report/check-worker.js', import.meta.url);
/** Below this many CSV bytes the check is done before a worker would have started. */
const workerFromBytes = 8 * 1024 * 1024;

export async function checkInWorker(runDir: string, machines: number): Promise<CheckResult> {
  const saved = await savedCheck(runDir, machines);
  if (saved !== null) return saved;
  const sizes = await Promise.all(
    Array.from({ length: machines }, (_, vm) =>
      stat(join(runDir, csvFileName(vm))).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const bytes = sizes.reduce((a, b) => a + b, 0);
  if (bytes < workerFromBytes || !existsSync(fileURLToPath(workerUrl))) return checkRun(runDir);
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { runDir } });
    worker.once('message', (result: CheckResult) => resolve(result));
    worker.once('error', reject);
    // After a message this settles nothing; without one (a worker that died quietly) the report must not hang.
    worker.once('exit', (code) =>
      reject(new Error(`check worker for ${runDir} exited (code ${code}) without a result`)),
    );
  });
}
