// JSON Schemas of the REST responses. Fastify compiles them into serializers (fast-json-stringify),
// and openapi.ts documents the same objects. A property missing here is dropped from the
// response, so these follow the contract field by field.

import { ERROR_KINDS, JobSnapshotSchema } from '@noticias/contract';
import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/** fast-json-stringify's serializer for one of the schemas below (its typings want mutable arrays; these are `as const`). */
export function compileSerializer<T>(schema: object): (value: T) => string {
  return fastJson(schema as fastJson.AnySchema) as (value: T) => string;
}

/** What a value of `schema` looks like once it is JSON, without the `$schema` header. */
function outputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'output' });
  return json;
}

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

/**
 * The job snapshot as the contract's zod schema describes it (the one source of its shape), in
 * JSON Schema. Its property order is the snapshot's key order, which is the order it serializes in.
 */
export const jobSnapshotSchema = outputJsonSchema(JobSnapshotSchema);

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
    read_token: str,
  },
  required: ['success', 'request_id', 'job_id', 'timestamp', 'api_version', 'data', 'read_token'],
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
    read_token: str,
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
    'read_token',
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
    error: { type: 'string', enum: [...ERROR_KINDS] },
    mensaje: str,
    detalles: { type: 'array', items: str },
    timestamp: dateTime,
    request_id: str,
    retry_after: int,
    support_code: str,
  },
  required: ['error', 'mensaje', 'timestamp', 'request_id'],
} as const;
