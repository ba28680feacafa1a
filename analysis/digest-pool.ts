/**
 * Digests every VM's CSV, in parallel when it pays: the CSVs are independent, so each core takes whole files, as
 * lane-plan.ts shares them out (this thread is one lane; each other lane is one worker thread for all its files).
 *
 * Workers need the compiled `digest-worker.js` beside this file (the built dist/). Run from TypeScript sources (ts-jest)
 * there is none, and small runs are not worth a worker's start-up: both digest in this thread, with identical results.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Unreadable } from '../run-folder/unreadable.js';
import { planLanes } from './lane-plan.js';
import { digestVm, type VmDigest, type VmDigestInput } from './vm-digest.js';

export type DigestOutcome = VmDigest | Unreadable;
export type DigestOptions = { parallel?: 'auto' | 'never' };

/**
 * Below this many CSV bytes in all, one thread finishes before workers would have started; so the lane plan also
 * charges a worker this much for its start.
 */
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
  const plan = planLanes(sizes, lanes, parallelFromBytes);
  const outcomes: DigestOutcome[] = new Array(inputs.length);
  const here = async (files: readonly number[]) => {
    for (const i of files) outcomes[i] = await digestVm(inputs[i] as VmDigestInput);
  };
  const inWorker = async (files: readonly number[]) => {
    const results = await digestInWorker(files.map((i) => inputs[i] as VmDigestInput));
    files.forEach((file, k) => {
      outcomes[file] = results[k] as DigestOutcome;
    });
  };
  await Promise.all(plan.map((files, lane) => (lane === 0 ? here(files) : files.length > 0 ? inWorker(files) : null)));
  return outcomes;
}

/** One worker digests `inputs` one after another; resolves with their outcomes in that order. */
function digestInWorker(inputs: readonly VmDigestInput[]): Promise<DigestOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: DigestOutcome[] = [];
    const worker = new Worker(workerUrl, { workerData: { inputs } });
    worker.on('message', (outcome: DigestOutcome) => {
      outcomes.push(outcome);
      if (outcomes.length === inputs.length) resolve(outcomes);
    });
    worker.once('error', reject);
    // After the last result this settles nothing; without it (a worker that died quietly) the analysis must not hang.
    worker.once('exit', (code) =>
      reject(
        new Error(`digest worker for ${inputs.map((input) => input.file).join(', ')} exited (code ${code}) early`),
      ),
    );
  });
}
