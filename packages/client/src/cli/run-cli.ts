import { resolve } from 'node:path';
import type { JobSnapshot } from '@noticias/contract';
import { JobFailedError } from '../client-errors.ts';
import type { CreateClientOptions, NoticiasClient, WaitForJobOptions } from '../create-client.ts';
import { describeError, EXIT } from './describe-error.ts';
import { parseCliArgs, USAGE, type CliCommand } from './parse-args.ts';
import { createProgressReporter, type CliOutput } from './progress-reporter.ts';
import { readSubmission } from './read-submission.ts';
import { renderJob } from './render-job.ts';

export interface CliEnvironment {
  argv: readonly string[];
  /** Where relative file paths are resolved: the caller's directory, not the package's. */
  cwd: string;
  stdout: CliOutput;
  stderr: { write(text: string): void };
  /** Aborts the running command (Ctrl+C). */
  signal?: AbortSignal;
  /** NOTICIAS_API_KEY, when set; --api-key wins over it. */
  apiKey?: string;
  createClient: (options: CreateClientOptions) => NoticiasClient;
  now?: () => number;
}

/** A live connection down this long ends `submit` / `watch` with exit code 3 instead of hanging. */
const GIVE_UP_AFTER_MS = 15_000;

type Command<N extends CliCommand['name']> = Extract<CliCommand, { name: N }>;

interface Context {
  env: CliEnvironment;
  client: NoticiasClient;
  now: () => number;
}

function waitOptions(ctx: Context, timeoutSeconds: number, onUpdate: (job: JobSnapshot) => void): WaitForJobOptions {
  return { timeoutMs: timeoutSeconds * 1000, giveUpAfterMs: GIVE_UP_AFTER_MS, signal: ctx.env.signal, onUpdate };
}

/** Follows a job to its end through `follow`, drawing progress; the exit code says how it ended. */
async function followWithProgress(
  ctx: Context,
  follow: (onUpdate: (job: JobSnapshot) => void) => Promise<JobSnapshot>,
): Promise<number> {
  const { stdout } = ctx.env;
  const startedAt = ctx.now();
  const reporter = createProgressReporter(stdout);
  let announced = false;
  const onUpdate = (job: JobSnapshot): void => {
    if (!announced) {
      announced = true;
      stdout.write(`Job ${job.job_id}\n`);
    }
    reporter.update(job);
  };
  try {
    const job = await follow(onUpdate);
    reporter.finish();
    stdout.write(renderJob(job, ctx.now() - startedAt));
    return EXIT.ok;
  } catch (error) {
    reporter.finish();
    if (error instanceof JobFailedError) stdout.write(renderJob(error.job, ctx.now() - startedAt));
    throw error;
  }
}

async function submit(ctx: Context, command: Command<'submit'>): Promise<number> {
  const { env, client } = ctx;
  const input = await readSubmission(resolve(env.cwd, command.file));
  if (command.json) {
    // Only a waiting submission returns the full result tree (the job store keeps a summary).
    const signal = AbortSignal.any([
      AbortSignal.timeout(command.timeoutSeconds * 1000),
      ...(env.signal ? [env.signal] : []),
    ]);
    const response =
      input.kind === 'articulo'
        ? await client.processArticle.mutate({ articulo: input.articulo, mode: 'wait' }, { signal })
        : await client.processFragment.mutate({ fragmento: input.fragmento, mode: 'wait' }, { signal });
    const output = response.mode === 'wait' ? { job: response.job, result: response.result } : { job: response.job };
    env.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return EXIT.ok;
  }
  return followWithProgress(ctx, (onUpdate) => {
    const options = waitOptions(ctx, command.timeoutSeconds, onUpdate);
    return input.kind === 'articulo'
      ? client.submitArticleAndWait(input.articulo, options)
      : client.submitFragmentAndWait(input.fragmento, options);
  });
}

async function status(ctx: Context, command: Command<'status'>): Promise<number> {
  const job = await ctx.client.getStatus.query({ jobId: command.jobId }, { signal: ctx.env.signal });
  ctx.env.stdout.write(command.json ? `${JSON.stringify(job, null, 2)}\n` : renderJob(job));
  return EXIT.ok;
}

async function watch(ctx: Context, command: Command<'watch'>): Promise<number> {
  const { env, client } = ctx;
  // A plain query first: an unreachable server or unknown id fails at once instead of
  // after the reconnect attempts of a live connection.
  await client.getStatus.query({ jobId: command.jobId }, { signal: env.signal });
  if (command.json) {
    // One JSON line per snapshot (NDJSON), for scripts.
    const onUpdate = (job: JobSnapshot): void => env.stdout.write(`${JSON.stringify(job)}\n`);
    try {
      await client.waitForJob(command.jobId, waitOptions(ctx, command.timeoutSeconds, onUpdate));
      return EXIT.ok;
    } catch (error) {
      if (error instanceof JobFailedError) return EXIT.jobFailed;
      throw error;
    }
  }
  return followWithProgress(ctx, (onUpdate) =>
    client.waitForJob(command.jobId, waitOptions(ctx, command.timeoutSeconds, onUpdate)),
  );
}

async function cancel(ctx: Context, command: Command<'cancel'>): Promise<number> {
  const job = await ctx.client.cancelJob.mutate({ jobId: command.jobId }, { signal: ctx.env.signal });
  ctx.env.stdout.write(
    command.json
      ? `${JSON.stringify(job, null, 2)}\n`
      : `Cancelación solicitada: el job ${job.job_id} (${job.status}) terminará como 'failed' (cancelled).\n`,
  );
  return EXIT.ok;
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(env: CliEnvironment): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(env.argv, env.apiKey);
  } catch (error) {
    env.stderr.write(`${describeError(error, '').message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (command.name === 'help') {
    env.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const ctx: Context = {
    env,
    client: env.createClient({ url: command.url, ...(command.apiKey === undefined ? {} : { apiKey: command.apiKey }) }),
    now: env.now ?? Date.now,
  };
  try {
    switch (command.name) {
      case 'submit':
        return await submit(ctx, command);
      case 'status':
        return await status(ctx, command);
      case 'watch':
        return await watch(ctx, command);
      case 'cancel':
        return await cancel(ctx, command);
    }
  } catch (error) {
    if (env.signal?.aborted) {
      env.stderr.write('Interrumpido.\n');
      return EXIT.interrupted;
    }
    const described = describeError(error, command.url);
    env.stderr.write(`${described.message}\n`);
    return described.exitCode;
  }
}
