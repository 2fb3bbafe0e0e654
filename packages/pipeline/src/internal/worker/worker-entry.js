// The worker entry when the pipeline runs from its TypeScript sources (tests, tsx): a worker
// thread inherits neither vitest's transform nor tsx's loader, so this entry is plain JavaScript
// that registers tsx in the thread, then loads the TypeScript module. Compiled runs load
// `worker-thread.js` directly and never need tsx. The default export is a promise of the handler,
// which piscina awaits.
import { register } from 'tsx/esm/api';

register();
export default import('./worker-thread.ts').then((m) => m.default);
