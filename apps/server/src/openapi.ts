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
        content: json(syncResultResponseSchema),
      },
      202: {
        description: 'Aceptado para procesamiento en background.',
        headers: {
          Location: { schema: { type: 'string' }, description: '`/status/<job_id>`' },
          'Retry-After': { schema: { type: 'integer' } },
        },
        content: json(acceptedResponseSchema),
      },
      400: errorResponse('Entrada inválida (`validation_error`, con `detalles`). No se crea ningún job.'),
      413: errorResponse('Cuerpo demasiado grande (`http_error`).'),
      503: errorResponse('Sin capacidad (`service_unavailable`, con `retry_after` y cabecera `Retry-After`).'),
      500: errorResponse('Error interno (`internal_error`, con `support_code`).'),
    },
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
          summary: 'Estado de un job',
          parameters: [{ name: 'job_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'El job.', content: json(statusResponseSchema) },
            404: errorResponse('Job desconocido o expirado (`http_error`).'),
          },
        },
      },
      '/health': {
        get: {
          summary: 'Salud del servicio',
          responses: { 200: { description: 'Operativo.', content: json(healthResponseSchema) } },
        },
      },
      '/metrics': {
        get: {
          summary: 'Métricas Prometheus',
          responses: {
            200: {
              description: 'Formato de exposición de Prometheus.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
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
    },
  };
}
