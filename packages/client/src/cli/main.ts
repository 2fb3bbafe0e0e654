#!/usr/bin/env node
import { createClient } from '../node.ts';
import { runCli } from './run-cli.ts';

// The CLI's entry: the only place that touches process state. `pnpm cli` runs scripts from the
// package directory, so relative paths are resolved against INIT_CWD, where the user ran it.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  apiKey: process.env.NOTICIAS_API_KEY,
  createClient,
});
