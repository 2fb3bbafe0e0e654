import type { AddressInfo } from 'node:net';
import type { Pipeline } from '@noticias/pipeline';
import type { JobTracker } from '@noticias/tracker';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestRedis, type TestRedis } from '../../../../packages/tracker/test/support/redis-server.ts';
import { buildApp, type BuiltApp } from '../../src/build-app.ts';
import { parseConfig, type ServerConfig } from '../../src/config.ts';
import { startServices } from '../../src/create-services.ts';
import { closeServices } from '../../src/stop-server.ts';
import { VERSION } from './server.ts';

export { startTestRedis, type TestRedis };

export interface RedisNode extends BuiltApp {
  url: string;
  tracker: JobTracker;
  config: ServerConfig;
  close(): Promise<void>;
}

export interface NodeOptions {
  wrapPipeline?: (real: Pipeline) => Pipeline;
  /** What the app writes through (reads and writes); the node's `tracker` stays the real one. */
  wrapTracker?: (real: JobTracker) => JobTracker;
  /** Listen on this port (a restarted process taking its predecessor's place); default: a free one. */
  port?: number;
}

/**
 * One server process's worth of services over a shared Redis, listening on a free port: its own
 * tracker, connections, stream reader, queue and app. Several of them in one test stand for
 * several processes (nothing is shared between them but Redis); the fault tests use real ones.
 */
export async function startRedisNode(
  redisUrl: string,
  prefix: string,
  overrides: Partial<ServerConfig>,
  options: NodeOptions = {},
): Promise<RedisNode> {
  const config: ServerConfig = {
    ...parseConfig({
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      PIPELINE_WORKERS: '0',
    }),
    redisUrl,
    redisPrefix: prefix,
    ...overrides,
  };
  const services = await startServices(config);
  const pipeline = options.wrapPipeline ? options.wrapPipeline(services.pipeline) : services.pipeline;
  const built = await buildApp(config, {
    tracker: options.wrapTracker ? options.wrapTracker(services.tracker) : services.tracker,
    pipeline,
    queue: services.queue,
    idempotency: services.idempotency,
    results: services.results,
    rateLimitRedis: services.rateLimitRedis,
    version: VERSION,
  });
  const consumer = services.consume ? await services.consume(built.jobs) : undefined;
  await built.app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { port } = built.app.server.address() as AddressInfo;
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    tracker: services.tracker,
    config,
    async close() {
      const consumerClosed = consumer?.close();
      await built.jobs.shutdown({ graceMs: 0 });
      await consumerClosed;
      await closeServices({
        app: built.app,
        pipeline: services.pipeline,
        tracker: services.tracker,
        closeShared: services.closeShared,
      });
    },
  };
}

/**
 * A test file's Redis (started once) and `node()`, which starts a node on it; every node is
 * closed after each test, and each test gets its own key prefix.
 */
export function useRedisNodes() {
  let redis: TestRedis | undefined;
  let test = 0;
  const started: RedisNode[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterEach(async () => {
    test += 1;
    for (const node of started.splice(0)) await node.close();
  });
  afterAll(async () => {
    await redis?.destroy();
  });
  return {
    get redis(): TestRedis {
      if (!redis) throw new Error('redis not started');
      return redis;
    },
    async node(overrides: Partial<ServerConfig>, options: NodeOptions = {}): Promise<RedisNode> {
      if (!redis) throw new Error('redis not started');
      const node = await startRedisNode(redis.url, `t${test}`, overrides, options);
      started.push(node);
      return node;
    },
  };
}
