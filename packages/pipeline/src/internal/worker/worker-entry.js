// A worker thread inherits neither vitest's transform nor tsx's loader, so its entry is plain
// JavaScript: it registers tsx in this thread, then loads the TypeScript worker module.
// The default export is a promise of the handler, which piscina awaits.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
export default import('./pipeline-worker.ts').then((m) => m.createWorkerHandler(workerData));
