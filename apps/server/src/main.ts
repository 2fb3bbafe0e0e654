import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import { buildApp } from './build-app.ts';
import { RedisStartupError, startServices, type Services } from './create-services.ts';
import { ConfigError, readConfigFromEnvironment, type ServerConfig } from './config.ts';
import { closeServices, stopServer } from './stop-server.ts';
import { lowerWorkerPriority } from './worker-priority.ts';

// The composition root: configuration, tracker, pipeline, app, signals. Nothing else in the
// server constructs long-lived services.

/** How long a stopped server may take to let go of the event loop before it is made to. */
const EXIT_FALLBACK_MS = 5_000;

/**
 * Ends the process once the event loop is empty rather than at once. pino writes stdout from the
 * libuv threadpool; on `process.exit()` its exit hook writes the queued lines synchronously, ahead
 * of a write still in flight, which then lands last or not at all (CI saw the shutdown log out of
 * order on a busy machine). A handle left open can't hang the stop: the unref'd timer exits anyway.
 */
function exitWhenIdle(log: FastifyBaseLogger, code: number): void {
  process.exitCode = code;
  setTimeout(() => {
    log.warn({ after_ms: EXIT_FALLBACK_MS }, 'exiting with handles still open');
    process.exit(code);
  }, EXIT_FALLBACK_MS).unref();
}

function loadConfig(): ServerConfig {
  try {
    return readConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function start(config: ServerConfig): Promise<Services> {
  try {
    return await startServices(config);
  } catch (error) {
    if (error instanceof RedisStartupError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  lowerWorkerPriority(config);
  const services = await start(config);
  const { tracker, pipeline } = services;
  const { app, jobs } = await buildApp(config, {
    tracker,
    pipeline,
    queue: services.queue,
    idempotency: services.idempotency,
    results: services.results,
    rateLimitRedis: services.rateLimitRedis,
    version: packageJson.version,
  });
  const consumer = services.consume ? await services.consume(jobs) : undefined;
  const closeShared = services.closeShared;

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // SIGTERM often arrives twice: a supervisor signals the whole process group and a package
      // manager in it (`pnpm start`) forwards its own copy. Only a second Ctrl-C means "now".
      if (signal === 'SIGTERM') {
        app.log.warn({ signal }, 'already stopping');
        return;
      }
      app.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'signal received');
    stopServer({ app, jobs, pipeline, tracker, consumer, closeShared, graceMs: config.shutdownGraceMs }).then(
      () => exitWhenIdle(app.log, 0),
      (error: unknown) => {
        app.log.error({ err: error }, 'graceful stop failed');
        exitWhenIdle(app.log, 1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    app.log.fatal({ err: error }, 'could not listen');
    await consumer?.close();
    await closeServices({ app, pipeline, tracker, closeShared });
    exitWhenIdle(app.log, 1);
    return;
  }
  const { address, port } = app.server.address() as AddressInfo;
  app.log.info(
    {
      address,
      port,
      version: packageJson.version,
      extractor: config.extractor.kind,
      concurrency: config.pipelineConcurrency,
      role: config.role,
      store: config.redisUrl === null ? 'memory' : 'redis',
    },
    'server listening',
  );
}

await main();
