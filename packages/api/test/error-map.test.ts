import { ERROR_CATALOGUE } from '@noticias/contract';
import { PipelineError } from '@noticias/pipeline';
import { TrackerError } from '@noticias/tracker';
import { describe, expect, it } from 'vitest';
import {
  InputValidationError,
  JobFailedError,
  JobNotFoundError,
  mapError,
  ServiceUnavailableError,
} from '../src/index.ts';

const now = () => Date.UTC(2026, 10, 30, 15, 4, 5);
const unix = Math.floor(now() / 1000);

describe('mapError', () => {
  it.each([
    [new InputValidationError('articulo', ['a']), 400, 'BAD_REQUEST', 'validation_error'],
    [new JobNotFoundError('req_x'), 404, 'NOT_FOUND', 'http_error'],
    [new ServiceUnavailableError('queue_full', 7), 503, 'SERVICE_UNAVAILABLE', 'service_unavailable'],
    [new JobFailedError('req_x', 'shutdown', null, 'stop'), 503, 'SERVICE_UNAVAILABLE', 'service_unavailable'],
    [new JobFailedError('req_x', 'pipeline_error', 'triaje', 'x'), 500, 'INTERNAL_SERVER_ERROR', 'internal_error'],
    [new TrackerError('JOB_NOT_FOUND', 'x', 'req_y'), 404, 'NOT_FOUND', 'http_error'],
    [new TrackerError('CAPACITY_EXCEEDED', 'x'), 503, 'SERVICE_UNAVAILABLE', 'service_unavailable'],
    [new TrackerError('TRACKER_CLOSED', 'x'), 503, 'SERVICE_UNAVAILABLE', 'service_unavailable'],
    [new TrackerError('INVALID_ARGUMENT', 'cursor inválido'), 400, 'BAD_REQUEST', 'http_error'],
    [new TrackerError('INVALID_TRANSITION', 'x'), 500, 'INTERNAL_SERVER_ERROR', 'internal_error'],
    [new PipelineError('PIPELINE_FAILED', 'x', 'extraccion'), 500, 'INTERNAL_SERVER_ERROR', 'internal_error'],
    [new Error('boom'), 500, 'INTERNAL_SERVER_ERROR', 'internal_error'],
    ['not even an error', 500, 'INTERNAL_SERVER_ERROR', 'internal_error'],
  ])('%s -> %i %s %s', (error, httpStatus, trpcCode, kind) => {
    expect(mapError(error, now)).toMatchObject({ httpStatus, trpcCode, kind });
  });

  it.each(['queue_full', 'store_full', 'shutting_down'] as const)(
    'every reason to refuse has its catalogue wording (%s)',
    (reason) => {
      const mapped = mapError(new ServiceUnavailableError(reason, 7), now);
      expect(mapped).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 7 });
      expect(mapped.mensaje).toBe(ERROR_CATALOGUE.SERVICE_UNAVAILABLE.variants?.[reason]);
    },
  );

  it('validation errors carry the contract message and detalles', () => {
    expect(mapError(new InputValidationError('fragmento', ["Campo 'id_fragmento' es requerido"]), now)).toMatchObject({
      mensaje: 'Error en la validación del fragmento',
      detalles: ["Campo 'id_fragmento' es requerido"],
    });
  });

  it('the 404 message is the contract one', () => {
    expect(mapError(new JobNotFoundError('req_abc'), now).mensaje).toBe(
      "Job con ID 'req_abc' no encontrado. Verifique que el ID sea correcto.",
    );
  });

  it('500s get ERR_PIPE_<PHASE>_<unix seconds> and a fixed message', () => {
    expect(mapError(new JobFailedError('req_x', 'timeout', 'citas_datos', 'x'), now)).toMatchObject({
      mensaje: 'Error interno del pipeline',
      supportCode: `ERR_PIPE_CITAS_DATOS_${unix}`,
      jobId: 'req_x',
    });
    expect(mapError(new Error('db password is hunter2'), now)).toEqual({
      code: 'INTERNAL',
      kind: 'internal_error',
      httpStatus: 500,
      trpcCode: 'INTERNAL_SERVER_ERROR',
      mensaje: 'Error interno del pipeline',
      supportCode: `ERR_PIPE_GENERAL_${unix}`,
    });
  });

  it('503s carry the retry estimate', () => {
    expect(mapError(new ServiceUnavailableError('store_full', 42), now).retryAfterSeconds).toBe(42);
  });
});
