/**
 * Worker-thread entry: digests the VM CSVs it is given (see digest-pool.ts), one after another in one thread, so a
 * lane with several files starts one worker, and posts each plain-data result back in that order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { digestVm, type VmDigestInput } from './vm-digest.js';

for (const input of (workerData as { inputs: VmDigestInput[] }).inputs) parentPort?.postMessage(await digestVm(input));
