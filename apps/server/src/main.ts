import type { AddressInfo } from 'node:net';
import packageJson from '../package.json' with { type: 'json' };
import { buildApp } from './build-app.ts';
import { createServices } from './create-services.ts';
import { ConfigError, readConfigFromEnvironment, type ServerConfig } from './config.ts';
import { stopServer } from './stop-server.ts';

// The composition root: configuration, tracker, pipeline, app, signals. Nothing else in the
// server constructs long-lived services.

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

async function main(): Promise<void> {
  const config = loadConfig();
  const { tracker, pipeline } = createServices(config);
  const { app, jobs } = await buildApp(config, { tracker, pipeline, version: packageJson.version });

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'signal received');
    stopServer({ app, jobs, pipeline, tracker, graceMs: config.shutdownGraceMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'graceful stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    app.log.fatal({ err: error }, 'could not listen');
    process.exit(1);
  }
  const { address, port } = app.server.address() as AddressInfo;
  app.log.info(
    { address, port, version: packageJson.version, extractor: config.extractor.kind, concurrency: config.pipelineConcurrency },
    'server listening',
  );
}

await main();
