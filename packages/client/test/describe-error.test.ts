import type { JobSnapshot } from '@noticias/contract';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeError, EXIT } from '../src/cli/describe-error.ts';
import { UsageError } from '../src/cli/parse-args.ts';
import { ConnectionLostError, JobFailedError, JobNotFoundError, WaitTimeoutError } from '../src/index.ts';

const URL = 'http://127.0.0.1:9';

function serverError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { code: -32000, message, data } });
}

const FAILED: JobSnapshot = {
  job_id: 'req_f',
  status: 'failed',
  created_at: '2026-11-30T10:00:00.000Z',
  updated_at: '2026-11-30T10:00:00.000Z',
  progress: { percentage: 25, message: 'Procesamiento falló con errores' },
  error: {
    tipo: 'pipeline_error',
    mensaje: 'La fase falló',
    fase: 'extraccion',
    timestamp: '2026-11-30T10:00:00.000Z',
  },
};

describe('describeError', () => {
  it('maps each failure to its exit code', () => {
    expect(describeError(new UsageError('x'), URL).exitCode).toBe(EXIT.usage);
    expect(describeError(new JobFailedError(FAILED), URL)).toEqual({
      message: 'El job req_f falló en la fase extraccion: La fase falló [pipeline_error]',
      exitCode: EXIT.jobFailed,
    });
    expect(describeError(new JobNotFoundError('req_x'), URL).exitCode).toBe(EXIT.unreachable);
    expect(describeError(new WaitTimeoutError('req_x', 10, undefined), URL)).toMatchObject({
      exitCode: EXIT.timedOut,
      message: expect.stringContaining('pnpm cli status req_x'),
    });
    expect(describeError(new ConnectionLostError('req_x', 10), URL)).toMatchObject({
      exitCode: EXIT.unreachable,
      message: expect.stringContaining('pnpm cli watch req_x'),
    });
  });

  it('explains an unreachable server with the root cause and what to do', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = TRPCClientError.from(new TypeError('fetch failed', { cause: refused }));
    const described = describeError(error, URL);
    expect(described.exitCode).toBe(EXIT.unreachable);
    expect(described.message).toContain(URL);
    expect(described.message).toContain('ECONNREFUSED');
    expect(described.message).toContain('--url');
  });

  it('lists validation details and treats them as the caller’s to fix', () => {
    const described = describeError(
      serverError('Error en la validación del artículo', {
        code: 'BAD_REQUEST',
        apiCode: 'VALIDATION_FAILED',
        detalles: ["Campo 'medio' es requerido"],
      }),
      URL,
    );
    expect(described.exitCode).toBe(EXIT.usage);
    expect(described.message).toBe(
      "El servidor rechazó la entrada: Error en la validación del artículo\n  - Campo 'medio' es requerido",
    );
  });

  it('passes on retry hints, job ids and support codes', () => {
    expect(
      describeError(
        serverError('Cola llena', {
          code: 'SERVICE_UNAVAILABLE',
          apiCode: 'SERVICE_UNAVAILABLE',
          retryAfterSeconds: 7,
        }),
        URL,
      ),
    ).toEqual({
      message: 'El servidor no acepta trabajos ahora: Cola llena. Reintente en 7 s.',
      exitCode: EXIT.unreachable,
    });
    // Any catalogue error that comes with a Retry-After, v0.2's rate limit included.
    expect(
      describeError(
        serverError('Demasiadas peticiones', {
          code: 'TOO_MANY_REQUESTS',
          apiCode: 'RATE_LIMITED',
          retryAfterSeconds: 3,
        }),
        URL,
      ),
    ).toEqual({
      message: 'El servidor no acepta trabajos ahora: Demasiadas peticiones. Reintente en 3 s.',
      exitCode: EXIT.unreachable,
    });
    const internal = describeError(
      serverError('Error interno del pipeline', {
        code: 'INTERNAL_SERVER_ERROR',
        apiCode: 'INTERNAL',
        jobId: 'req_j',
        supportCode: 'ERR_PIPE_X_1',
      }),
      URL,
    );
    expect(internal.exitCode).toBe(EXIT.jobFailed);
    expect(internal.message).toContain('req_j');
    expect(internal.message).toContain('ERR_PIPE_X_1');
  });
});
