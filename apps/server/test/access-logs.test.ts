import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearer, keysFileEntries, KEYS, writeKeysFile } from './support/access.ts';
import { sampleJson } from './support/server.ts';

// main.ts as a process, its whole output read: keys, tokens and Authorization headers never
// appear in it, and a bad API_KEYS_FILE stops it before it listens.

interface Run {
  port: Promise<number>;
  ended: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): void;
}

function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@noticias/source', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      PIPELINE_WORKERS: '0',
      SHUTDOWN_GRACE_MS: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onPort: (port: number) => void = () => undefined;
  const port = new Promise<number>((resolve, reject) => {
    onPort = resolve;
    child.once('exit', (code) => reject(new Error(`exited (${code}) before listening: ${stderr}`)));
  });
  port.catch(() => undefined);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const match = /"port":(\d+)[^\n]*"msg":"server listening"/.exec(stdout);
    if (match) onPort(Number(match[1]));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = (once(child, 'close') as Promise<[number | null]>).then(([code]) => ({ code, stdout, stderr }));
  return { port, ended, stop: () => child.kill('SIGTERM') };
}

describe('main.ts with API_KEYS_FILE', () => {
  it('never logs a key, a read token or an Authorization header, even at debug level', async () => {
    const secret = 'secreto-de-los-tokens-de-esta-prueba-0123456789';
    const main = runMain({
      API_KEYS_FILE: writeKeysFile(keysFileEntries(['alice', 'root'])),
      READ_TOKEN_SECRET: secret,
    });
    const base = `http://127.0.0.1:${await main.port}`;
    const submitted = await fetch(`${base}/procesar_fragmento`, {
      method: 'POST',
      headers: { ...bearer(KEYS.alice), 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify(sampleJson('fragments', '01-informe-fragmento.json')),
    });
    const { job_id: jobId, read_token: token } = (await submitted.json()) as { job_id: string; read_token: string };
    expect(token).toMatch(/^rt1\./);
    expect((await fetch(`${base}/status/${jobId}?access_token=${token}`)).status).toBe(200);
    expect((await fetch(`${base}/status/${jobId}`, { headers: { 'x-api-key': KEYS.root } })).status).toBe(200);
    expect(
      (
        await fetch(
          `${base}/trpc/getStatus?input=${encodeURIComponent(JSON.stringify({ json: { jobId } }))}&access_token=${token}`,
        )
      ).status,
    ).toBe(200);
    expect((await fetch(`${base}/status/${jobId}`, { headers: bearer(KEYS.bob) })).status).toBe(401);
    main.stop();
    const { code, stdout, stderr } = await main.ended;
    expect(code).toBe(0);
    const output = stdout + stderr;
    expect(output).toContain('"url":"/status/' + jobId + '?access_token=[redactado]"');
    for (const leaked of [KEYS.alice, KEYS.bob, KEYS.root, token, token.split('.').at(-1)!, secret, 'Bearer']) {
      expect(output).not.toContain(leaked);
    }
  }, 60_000);

  it('refuses to start on an invalid keys file, naming the file and the problem', async () => {
    const file = writeKeysFile([{ name: 'alice', key_sha256: 'no-es-hex', role: 'client' }]);
    const { code, stderr, stdout } = await runMain({ API_KEYS_FILE: file }).ended;
    expect(code).toBe(1);
    expect(stderr).toContain(`API_KEYS_FILE '${file}': 0.key_sha256: debe ser el SHA-256`);
    expect(stdout).not.toContain('server listening');
  }, 60_000);
});
