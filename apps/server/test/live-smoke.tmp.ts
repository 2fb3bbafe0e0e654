import { createPipeline } from '@noticias/pipeline';
import { createMemoryJobTracker } from '@noticias/tracker';
import { readFileSync, readdirSync } from 'node:fs';
import { buildApp } from '../src/build-app.ts';
import { parseConfig } from '../src/config.ts';
import { createClient } from '../../../packages/client/src/node.ts';

const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', PIPELINE_WORKERS: '0' });
const tracker = createMemoryJobTracker();
const pipeline = createPipeline({ extractor: { kind: 'offline' }, workers: 0 });
const { app } = await buildApp(config, { tracker, pipeline, version: '0.0.0' });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
const client = createClient({ url: `http://127.0.0.1:${port}` });
const dir = '/work/shared/samples/articles';
const file = readdirSync(dir)[0]!;
const body = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
console.log(file, Object.keys(body));
const t0 = Date.now();
const done = await client.submitArticleAndWait(body.articulo ?? body, { onUpdate: (s) => console.log(s.status, s.progress) , timeoutMs: 10000});
console.log('done', done.status, done.result, Date.now() - t0);
try { await client.waitForJob('req_0123456789abcdef0123456789', { timeoutMs: 3000 }); } catch (e) { console.log('notfound:', (e as Error).name, (e as {code?: string}).code); }
for await (const s of client.watchJob(done.job_id)) console.log('after', s.status);
console.log('listeners', tracker.listenerCount());
await app.close(); await pipeline.close(); await tracker.close();
