// The module piscina loads in each worker thread: its default export is the task handler.
import { workerData } from 'node:worker_threads';
import { createWorkerHandler } from './pipeline-worker.ts';
import type { WorkerSettings } from './worker-protocol.ts';

export default createWorkerHandler(workerData as WorkerSettings);
