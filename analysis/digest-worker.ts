/** Worker-thread entry: digests one VM's CSV (see digest-pool.ts) and posts the plain-data result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { digestVm, type VmDigestInput } from './vm-digest.js';

parentPort?.postMessage(await digestVm(workerData as VmDigestInput));
