/**
 * Digests every VM's CSV, in parallel when it pays. csv-parse costs about 3 us a row on this 2-core box, so one
 * thread cannot analyse a million rows in under 3 s; the CSVs are independent, so each core takes whole files.
 *
 * Workers need the compiled `digest-worker.js` beside this file (the built dist/). Run from TypeScript sources (ts-jest)
 * there is none, and small runs are not worth a worker's start-up: both digest in this thread, with identical results.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Unreadable } from './unreadable.js';
import { digestVm, type VmDigest, type VmDigestInput } from './vm-digest.js';

export type DigestOutcome = VmDigest | Unreadable;
export type DigestOptions = { parallel?: 'auto' | 'never' };

/** Below this many CSV bytes in all, one thread finishes before workers would have started. */
const parallelFromBytes = 8 * 1024 * 1024;
// Spelled from dist/ down so it also resolves from a bundle of this module in another folder of dist/.
const workerUrl = new URL('../analysis/digest-worker.js', import.meta.url);

export async function digestAll(
  inputs: readonly VmDigestInput[],
  options: DigestOptions = {},
): Promise<DigestOutcome[]> {
  const sizes = await Promise.all(
    inputs.map((input) =>
      stat(input.file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  const lanes = Math.min(availableParallelism(), inputs.length);
  const useWorkers =
    options.parallel !== 'never' && lanes > 1 && total >= parallelFromBytes && existsSync(fileURLToPath(workerUrl));
  if (!useWorkers) {
    const outcomes: DigestOutcome[] = [];
    for (const input of inputs) outcomes.push(await digestVm(input));
    return outcomes;
  }
  // Largest files first, each lane taking the next when free: close to the best split of whole files over lanes.
  const order = inputs.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0));
  const outcomes: DigestOutcome[] = new Array(inputs.length);
  let next = 0;
  const lane = async (inWorker: boolean) => {
    for (let i = order[next++]; i !== undefined; i = order[next++]) {
      const input = inputs[i] as VmDigestInput;
      outcomes[i] = inWorker ? await digestInWorker(input) : await digestVm(input);
    }
  };
  // This thread is one lane: it would only wait otherwise.
  await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k > 0)));
  return outcomes;
}

function digestInWorker(input: VmDigestInput): Promise<DigestOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: input });
    worker.once('message', (outcome: DigestOutcome) => resolve(outcome));
    worker.once('error', reject);
    // After a message this settles nothing; without one (a worker that died quietly) it must not hang the analysis.
    worker.once('exit', (code) =>
      reject(new Error(`digest worker for ${input.file} exited (code ${code}) without a result`)),
    );
  });
}
