import { ArticleInputSchema, FragmentInputSchema } from '@noticias/contract';
import { z } from 'zod';
import {
  acceptedResponseSchema,
  errorResponseSchema,
  healthResponseSchema,
  statusResponseSchema,
  syncResultResponseSchema,
} from './rest/schemas.ts';

// The REST paths' document: request bodies come from the contract's zod schemas (the same ones
// that validate), responses from the JSON Schemas the routes serialise with.

function inputSchema(schema: z.ZodType, description: string): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return { ...json, description };
}

const json = (schema: unknown) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const replayedHeader = {
  schema: { type: 'string', enum: ['true'] },
  description: 'Presente cuando la respuesta repite la de una petición anterior con la misma `Idempotency-Key`.',
};
const jobIdParam = { name: 'job_id', in: 'path', required: true, schema: { type: 'string' } };
const etagHeader = {
  schema: { type: 'string' },
  description: 'Versión del job (ETag débil); úsela en `If-None-Match`.',
};

// Every path but /health: who may call (see the README's Access section).
const accessResponses = {
  401: errorResponse('Falta la clave de API o no es válida (`unauthorized`, cabecera `WWW-Authenticate: Bearer`).'),
  403: errorResponse('Modo protegido sin claves: solo peticiones locales (`forbidden`).'),
  429: errorResponse(
    'Límite de peticiones o de conexiones en vivo (`rate_limited`, con `retry_after` y `Retry-After`).',
  ),
};
const secured = [{ apiKey: [] }, { bearer: [] }];

function submitOperation(kind: 'Articulo' | 'Fragmento', wrapKey: 'articulo' | 'fragmento', summary: string) {
  return {
    summary,
    parameters: [
      {
        name: 'Prefer',
        in: 'header',
        required: false,
        description: '`respond-async` pide el procesamiento en background (202) sea cual sea la longitud.',
        schema: { type: 'string', example: 'respond-async' },
      },
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'De 1 a 255 caracteres ASCII imprimibles. La misma clave con el mismo cuerpo (JSON canónico tras validar) durante IDEMPOTENCY_TTL_HOURS repite la primera respuesta sin crear otro job (cabecera `Idempotent-Replayed: true`); con otro cuerpo, 422. Un 400 no se recuerda.',
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7e]+$' },
      },
    ],
    requestBody: {
      required: true,
      content: json({
        oneOf: [ref(kind), { type: 'object', properties: { [wrapKey]: ref(kind) }, required: [wrapKey] }],
      }),
    },
    responses: {
      200: {
        description: 'Procesado; `data` es el árbol de resultados completo.',
        headers: { 'Idempotent-Replayed': replayedHeader },
        content: json(syncResultResponseSchema),
      },
      202: {
        description: 'Aceptado para procesamiento en background.',
        headers: {
          Location: { schema: { type: 'string' }, description: '`/status/<job_id>`' },
          'Retry-After': { schema: { type: 'integer' } },
          'Idempotent-Replayed': replayedHeader,
        },
        content: json(acceptedResponseSchema),
      },
      400: errorResponse(
        'Entrada inválida (`validation_error`, con `detalles`), o `Idempotency-Key` inválida (`http_error`). No se crea ningún job.',
      ),
      409: errorResponse('El job de una petición que esperaba fue cancelado (`conflict`).'),
      422: errorResponse('`Idempotency-Key` ya usada con otro contenido (`idempotency_conflict`).'),
      413: errorResponse('Cuerpo demasiado grande (`http_error`).'),
      503: errorResponse('Sin capacidad (`service_unavailable`, con `retry_after` y cabecera `Retry-After`).'),
      500: errorResponse('Error interno (`internal_error`, con `support_code`).'),
      ...accessResponses,
    },
    security: secured,
  };
}

export function buildOpenApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'API del Pipeline de Noticias',
      version,
      description:
        'Contrato REST del pipeline de noticias. Los clientes TypeScript usan los procedimientos tRPC en /trpc.',
    },
    paths: {
      '/procesar_articulo': { post: submitOperation('Articulo', 'articulo', 'Procesa un artículo completo') },
      '/procesar_fragmento': { post: submitOperation('Fragmento', 'fragmento', 'Procesa un fragmento de documento') },
      '/status/{job_id}': {
        get: {
          summary: 'Estado de un job (JSON, long poll o stream SSE)',
          parameters: [
            jobIdParam,
            {
              name: 'wait',
              in: 'query',
              required: false,
              description:
                'Long poll: responde en cuanto el job termina (`completed` o `failed`) o cuando pasan estos segundos.',
              schema: { type: 'integer', minimum: 1, maximum: 60 },
            },
            {
              name: 'access_token',
              in: 'query',
              required: false,
              description:
                'El `read_token` de la respuesta del envío: lee este job (JSON, `wait`, SSE) sin clave de API; no sirve para nada más.',
              schema: { type: 'string' },
            },
            {
              name: 'If-None-Match',
              in: 'header',
              required: false,
              description: 'ETag de una respuesta anterior: 304 si el job no cambió.',
              schema: { type: 'string' },
            },
            {
              name: 'Accept',
              in: 'header',
              required: false,
              description: '`text/event-stream` pide el estado en vivo (SSE).',
              schema: { type: 'string', example: 'text/event-stream' },
            },
            {
              name: 'Last-Event-ID',
              in: 'header',
              required: false,
              description: 'SSE: reanuda tras ese evento (solo los cambios posteriores; el estado final siempre).',
              schema: { type: 'string', pattern: '^[0-9]+$' },
            },
          ],
          responses: {
            200: {
              description:
                'El job. Con `Accept: text/event-stream`: eventos `id: <n>` (creciente por job), `event: status`, `data:` el objeto `data` de este cuerpo; el primero es el job tal como está, luego uno por cambio, `event: end` tras el estado final; un comentario `: ping` cada 15 s.',
              headers: { ETag: etagHeader },
              content: { ...json(statusResponseSchema), 'text/event-stream': { schema: { type: 'string' } } },
            },
            304: { description: 'El job no cambió desde el ETag de `If-None-Match`.', headers: { ETag: etagHeader } },
            400: errorResponse('`wait` fuera de 1..60 (`http_error`).'),
            404: errorResponse(
              'Job desconocido, expirado o de otro cliente (`http_error`); también con `Accept: text/event-stream`.',
            ),
            ...accessResponses,
          },
          security: [...secured, {}],
        },
      },
      '/health': {
        get: {
          summary: 'Salud del servicio',
          responses: { 200: { description: 'Operativo.', content: json(healthResponseSchema) } },
        },
      },
      '/status/{job_id}/cancel': {
        post: {
          summary: 'Cancela un job pendiente o en proceso',
          description:
            'Un job pendiente sale de la cola en el acto; uno en proceso se detiene. Termina `failed` con `error.tipo: "cancelled"`, `error.mensaje: "Procesamiento cancelado a petición del cliente"` y `error.fase` la fase en que estaba (o null).',
          parameters: [jobIdParam],
          responses: {
            202: {
              description: 'Cancelación en curso; el cuerpo es el de `GET /status/{job_id}` con el job tal como está.',
              headers: {
                Location: { schema: { type: 'string' }, description: '`/status/<job_id>`' },
                ETag: etagHeader,
              },
              content: json(statusResponseSchema),
            },
            404: errorResponse('Job desconocido, expirado o de otro cliente (`http_error`).'),
            409: errorResponse("El job ya terminó (`conflict`: `El job '<job_id>' ya terminó (<status>)`)."),
            401: errorResponse(
              'Falta la clave de API o no es válida, o un `read_token` (que no sirve para cancelar) (`unauthorized`).',
            ),
            403: accessResponses[403],
            429: accessResponses[429],
          },
          security: secured,
        },
      },
      '/metrics': {
        get: {
          summary: 'Métricas Prometheus (rol admin salvo METRICS_PUBLIC=true)',
          responses: {
            200: {
              description: 'Formato de exposición de Prometheus.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
            ...accessResponses,
          },
          security: secured,
        },
      },
      '/api/v1/openapi.json': {
        get: {
          summary: 'Este documento',
          responses: { 200: { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } },
        },
      },
    },
    components: {
      schemas: {
        Articulo: inputSchema(ArticleInputSchema, 'ArticuloInItem: un artículo tal como lo envía el conector.'),
        Fragmento: inputSchema(FragmentInputSchema, 'FragmentoProcesableItem: un fragmento de documento.'),
        Error: errorResponseSchema,
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Clave de API (API_KEYS_FILE).' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}
