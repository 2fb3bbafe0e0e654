import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child.ts';
import { compare } from './compare.ts';
import type { Results } from './report.ts';
import { sampleArticle } from './samples.ts';
import { formatSpread, round } from './stats.ts';

// auth_rest_status_ratio: GET /status with a client API key on every request, against a plain
// Fastify route in the same process answering the same bytes (sent the same header). What it
// measures is the price of the key check (a cached lookup) on the hottest read path. The rate
// limiter runs, as in any deployment with keys, with a read limit no run reaches (wrk from one
// key would hit the default at once); both sides pass through it.

export interface AuthCaseOptions {
  quick: boolean;
  serverSettings: string[];
  log(line: string): void;
}

/** The case's figures; throws (the case fails) when a request fails or the key is refused. */
export async function runAuthCase(options: AuthCaseOptions): Promise<Results> {
  const key = randomBytes(24).toString('base64url');
  const keysFile = join(mkdtempSync(join(tmpdir(), 'noticias-bench-keys-')), 'keys.json');
  writeFileSync(
    keysFile,
    JSON.stringify([{ name: 'bench', key_sha256: createHash('sha256').update(key).digest('hex'), role: 'client' }]),
  );
  const settings = [...options.serverSettings, `API_KEYS_FILE=${keysFile}`, 'RATE_LIMIT_READ_PER_MINUTE=1000000000'];
  const server = await startChild(join(import.meta.dirname, 'bench-server.ts'), settings);
  const base = `http://127.0.0.1:${server.ready.port as number}`;
  const headers = { authorization: `Bearer ${key}` };
  try {
    const submitted = await fetch(`${base}/procesar_articulo`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(sampleArticle()),
    });
    const { job_id: jobId } = (await submitted.json()) as { job_id: string };
    const url = `${base}/status/${jobId}`;
    const answer = await fetch(url, { headers });
    if (answer.status !== 200) throw new Error(`/status with the bench key answered ${answer.status}`);
    await server.call({ cmd: 'setBaseline', key: 'auth', body: await answer.text() });
    const reads = options.quick ? { rounds: 1, seconds: 1 } : { rounds: 5, seconds: 5 };
    const c = await compare(server, { ours: url, ref: `${base}/__baseline/json/auth` }, { ...reads, headers });
    if (!c.ok) throw new Error(c.failure);
    options.log(
      `REST /status with a client API key: ${Math.round(c.ours.rps)} req/s vs plain Fastify ${Math.round(c.ref.rps)} -> ${round(c.ratio.median)}x (${formatSpread(c.ratio)}); CPU ratio ${round(c.cpuRatio.median)}x`,
    );
    return {
      auth_rest_status_rps: Math.round(c.ours.rps),
      auth_rest_status_baseline_rps: Math.round(c.ref.rps),
      auth_rest_status_ratio: round(c.ratio.median),
      auth_rest_status_ratio_spread: formatSpread(c.ratio),
      auth_rest_status_cpu_ratio: round(c.cpuRatio.median),
    };
  } finally {
    await server.stop();
  }
}
