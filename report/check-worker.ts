/** Worker-thread entry: checks one run folder (see check-in-worker.ts) and posts the plain-data verdict back. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkRun } from '../analysis/check-run.js';

parentPort?.postMessage(await checkRun((workerData as { runDir: string }).runDir));
