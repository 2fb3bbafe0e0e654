import type { JobService } from '@noticias/api';
import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from '../metrics.ts';
import { healthResponseSchema } from './schemas.ts';

export const SERVICE_NAME = 'API del Pipeline de Noticias';

export interface SystemRoutesDeps {
  jobs: JobService;
  metrics: AppMetrics;
  openApiDocument: Record<string, unknown>;
  /** What is down, if anything (null: all well); /health answers 503 naming it. */
  probe?: () => Promise<string | null>;
}

export function registerSystemRoutes(app: FastifyInstance, deps: SystemRoutesDeps): void {
  const { jobs, metrics, openApiDocument } = deps;
  const health = { status: 'healthy', message: `${SERVICE_NAME} está operativo.` };
  // Built once: the document does not change while the process runs.
  const openApiText = JSON.stringify(openApiDocument);

  app.get(
    '/health',
    { schema: { response: { 200: healthResponseSchema, 503: healthResponseSchema } } },
    async (_request, reply) => {
      const problem = deps.probe ? await deps.probe() : null;
      if (problem === null) return health;
      return reply.code(503).header('retry-after', '5').send({ status: 'unhealthy', message: problem });
    },
  );

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.render(await jobs.stats());
    return reply.type(metrics.contentType).send(text);
  });

  app.get('/api/v1/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(openApiText),
  );
}
