// JSON Schemas of the REST responses. Fastify compiles them into serializers (fast-json-stringify),
// and openapi.ts documents the same objects. A property missing here is dropped from the
// response, so these follow the contract field by field.

import fastJson from 'fast-json-stringify';

/** fast-json-stringify's serializer for one of the schemas below (its typings want mutable arrays; these are `as const`). */
export function compileSerializer<T>(schema: object): (value: T) => string {
  return fastJson(schema as fastJson.AnySchema) as (value: T) => string;
}

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

export const jobProgressSchema = {
  type: 'object',
  properties: {
    percentage: num,
    message: str,
    phase: { type: 'string', enum: ['triaje', 'extraccion', 'citas_datos', 'normalizacion'] },
    phase_index: int,
    phase_count: int,
  },
  required: ['percentage', 'message'],
  additionalProperties: true,
} as const;

export const jobResultSummarySchema = {
  type: 'object',
  properties: {
    fragmento_id: str,
    fragmento_uuid: str,
    tiempo_procesamiento_segundos: num,
    elementos_extraidos: {
      type: 'object',
      properties: { hechos: int, entidades: int, citas: int, datos_cuantitativos: int },
      required: ['hechos', 'entidades', 'citas', 'datos_cuantitativos'],
    },
  },
  required: ['fragmento_id', 'fragmento_uuid', 'tiempo_procesamiento_segundos', 'elementos_extraidos'],
} as const;

export const jobErrorSchema = {
  type: 'object',
  properties: { tipo: str, mensaje: str, fase: nullableStr, timestamp: dateTime },
  required: ['tipo', 'mensaje', 'fase', 'timestamp'],
} as const;

export const jobSnapshotSchema = {
  type: 'object',
  properties: {
    job_id: str,
    status: { type: 'string', enum: ['pending', 'processing', 'completed', 'failed'] },
    created_at: dateTime,
    updated_at: dateTime,
    progress: jobProgressSchema,
    result: jobResultSummarySchema,
    error: jobErrorSchema,
    // Article or fragment metadata plus timing keys; shapes differ, so it is passed through.
    metadata: { type: 'object', additionalProperties: true },
  },
  required: ['job_id', 'status', 'created_at', 'updated_at', 'progress'],
} as const;

export const statusResponseSchema = {
  type: 'object',
  properties: { success: bool, request_id: str, timestamp: dateTime, api_version: str, data: jobSnapshotSchema },
  required: ['success', 'request_id', 'timestamp', 'api_version', 'data'],
} as const;

export const syncResultResponseSchema = {
  type: 'object',
  properties: {
    success: bool,
    request_id: str,
    job_id: str,
    timestamp: dateTime,
    api_version: str,
    // The full result tree (fase_1_triaje ... metricas), described in the REST contract.
    data: { type: 'object', additionalProperties: true },
  },
  required: ['success', 'request_id', 'job_id', 'timestamp', 'api_version', 'data'],
} as const;

export const acceptedResponseSchema = {
  type: 'object',
  properties: {
    success: bool,
    request_id: str,
    job_id: str,
    timestamp: dateTime,
    api_version: str,
    status: { type: 'string', enum: ['pending', 'processing'] },
    message: str,
    tracking: {
      type: 'object',
      properties: { job_id: str, estimated_time_seconds: num, check_status_endpoint: str },
      required: ['job_id', 'estimated_time_seconds', 'check_status_endpoint'],
    },
    metadata: {
      type: 'object',
      properties: {
        id_fragmento: str,
        longitud_caracteres: int,
        es_articulo_largo: bool,
        es_fragmento_largo: bool,
        threshold_usado: int,
      },
      required: ['longitud_caracteres', 'threshold_usado'],
    },
  },
  required: [
    'success',
    'request_id',
    'job_id',
    'timestamp',
    'api_version',
    'status',
    'message',
    'tracking',
    'metadata',
  ],
} as const;

export const healthResponseSchema = {
  type: 'object',
  properties: { status: str, message: str },
  required: ['status', 'message'],
} as const;

/** Documentation only: error bodies are sent by the error handler, not serialised through a route schema. */
export const errorResponseSchema = {
  type: 'object',
  properties: {
    error: { type: 'string', enum: ['validation_error', 'http_error', 'service_unavailable', 'internal_error'] },
    mensaje: str,
    detalles: { type: 'array', items: str },
    timestamp: dateTime,
    request_id: str,
    retry_after: int,
    support_code: str,
  },
  required: ['error', 'mensaje', 'timestamp', 'request_id'],
} as const;
