import { execFile, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, samplesDir } from '../../../test/support/repo.ts';
import { failingAt } from './support/failing-pipeline.ts';
import { gate, gatedPipeline, startServer, type Gate, type TestServer } from './support/server.ts';

// The CLI as a person runs it: a child process against a real server on port 0.

const repo = repoRoot();
const cli = join(repo, 'packages/client/src/cli/main.ts');
const samples = samplesDir();
const JOB_ID = /Job (req_[0-9a-f]{32})/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with tsx, from `cwd`; INIT_CWD is where pnpm would say the user was. */
function runCli(args: string[], options: { cwd?: string; initCwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { cwd: options.cwd ?? repo, env: { ...process.env, INIT_CWD: options.initCwd ?? options.cwd ?? repo } },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

let s: TestServer;
let failing: TestServer;
let held: { server: TestServer; gate: Gate };

beforeAll(async () => {
  const heldGate = gate();
  [s, failing, held] = await Promise.all([
    startServer(),
    startServer({}, { wrapPipeline: failingAt('extraccion', 'boom') }),
    startServer({}, { wrapPipeline: (real) => gatedPipeline(real, heldGate) }).then((server) => ({
      server,
      gate: heldGate,
    })),
  ]);
});
afterAll(async () => {
  held.gate.open();
  await Promise.all([s, failing, held.server].map((server) => server.close()));
});

describe.concurrent('pnpm cli submit', () => {
  it('submits an article, prints one line per phase (not a TTY) and a summary with the counts', async () => {
    const run = await runCli(['submit', join(samples, 'articles/01-presupuestos-es.json'), '--url', s.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const jobId = JOB_ID.exec(run.stdout)?.[1];
    expect(jobId).toBeDefined();
    const job = await s.jobs.getStatus(jobId!);
    expect(job.status).toBe('completed');
    const counts = job.result!.elementos_extraidos;
    expect(run.stdout).toContain(
      `hechos: ${counts.hechos}  entidades: ${counts.entidades}  citas: ${counts.citas}  datos: ${counts.datos_cuantitativos}`,
    );
    expect(run.stdout).toMatch(/tiempo de procesamiento: \d+\.\d\d s/);
    expect(run.stdout).toMatch(/\[#{24}\] 100% Procesamiento completado exitosamente/);
    expect(run.stdout).not.toContain('\r');
  });

  it('detects a fragment and resolves its path against the caller’s directory (INIT_CWD)', async () => {
    const run = await runCli(['submit', '01-informe-fragmento.json', '--url', s.url], {
      cwd: join(repo, 'packages/client'),
      initCwd: join(samples, 'fragments'),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fragmento: informe-agua-2026-frag-003/);
  });

  it('--json prints the full result tree', async () => {
    const run = await runCli(['submit', join(samples, 'fragments/02-ley-fragmento.json'), '--url', s.url, '--json']);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.job.status).toBe('completed');
    expect(output.result.fragmento_id).toBe(output.job.result.fragmento_id);
    expect(output.result.fase_2_extraccion.hechos_extraidos).toHaveLength(output.job.result.elementos_extraidos.hechos);
    expect(Object.keys(output.result)).toEqual(
      expect.arrayContaining(['fase_1_triaje', 'fase_4_normalizacion', 'metricas']),
    );
  });

  it('invalid input: exit 2 with the server’s details', async () => {
    const run = await runCli(['submit', join(samples, 'invalid/missing-fields.json'), '--url', s.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Error en la validación del artículo');
    expect(run.stderr).toContain("Campo 'medio' es requerido");
  });

  it('a job that fails: exit 1, saying in which phase', async () => {
    const run = await runCli(['submit', join(samples, 'fragments/01-informe-fragmento.json'), '--url', failing.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "falló en la fase extraccion: El pipeline falló en la fase 'extraccion' [pipeline_error]",
    );
    expect(run.stdout).toMatch(/Job req_[0-9a-f]{32}: failed/);
  });

  it('an unreachable server: exit 3 with what to check', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const run = await runCli([
      'submit',
      join(samples, 'fragments/01-informe-fragmento.json'),
      '--url',
      `http://127.0.0.1:${port}`,
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`No se pudo hablar con el servidor en http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(run.stderr).toContain('--url');
  });

  it('bad usage: exit 2 with the usage text', async () => {
    const run = await runCli(['submit']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Falta el archivo');
    expect(run.stderr).toContain('Uso:');
  });
});

describe.concurrent('pnpm cli status / watch', () => {
  it('status prints a job; --json the snapshot; an unknown id exits 3', async () => {
    const { job } = await s.jobs.submitFragment(
      {
        id_fragmento: 'f-1',
        id_articulo_fuente: 'a-1',
        texto_original: 'El Gobierno aprobó ayer el presupuesto.',
        orden_en_articulo: 0,
        metadata_adicional: {},
      },
      { mode: 'wait' },
    );
    const [text, json, unknown] = await Promise.all([
      runCli(['status', job.job_id, '--url', s.url]),
      runCli(['status', job.job_id, '--url', s.url, '--json']),
      runCli(['status', 'req_ffffffffffffffffffffffffffffffff', '--url', s.url]),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Job ${job.job_id}: completed (100%)`);
    expect(JSON.parse(json.stdout)).toEqual(await s.jobs.getStatus(job.job_id));
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no encontrado');
  });

  it('watch follows a running job live to the end', async () => {
    const { server, gate: release } = held;
    const { job } = await server.jobs.submitFragment(
      {
        id_fragmento: 'f-2',
        id_articulo_fuente: 'a-2',
        texto_original: 'La ministra anunció 300 millones para vivienda.',
        orden_en_articulo: 0,
        metadata_adicional: {},
      },
      { mode: 'async' },
    );
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'watch', job.job_id, '--url', server.url], {
      cwd: repo,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Released once the CLI is listening, so it sees every phase live.
    const deadline = Date.now() + 20_000;
    while (server.tracker.listenerCount() === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    release.open();
    expect(await exited).toBe(0);
    const lines = stdout.split('\n');
    for (const phase of ['Fase 1/4', 'Fase 2/4', 'Fase 3/4', 'Fase 4/4']) {
      expect(
        lines.filter((line) => line.includes(phase)),
        phase,
      ).toHaveLength(1);
    }
    expect(stdout).toContain(`Job ${job.job_id}: completed (100%)`);
  });
});
