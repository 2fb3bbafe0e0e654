import { AccessDeniedError, type JobService } from '@noticias/api';
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
  /** METRICS_PUBLIC: /metrics for anyone; otherwise the admin role (or no keys configured). */
  metricsPublic: boolean;
}

export function registerSystemRoutes(app: FastifyInstance, deps: SystemRoutesDeps): void {
  const { jobs, metrics, openApiDocument } = deps;
  const health = { status: 'healthy', message: `${SERVICE_NAME} está operativo.` };
  // Built once: the document does not change while the process runs.
  const openApiText = JSON.stringify(openApiDocument);

  app.get(
    '/health',
    { config: { public: true }, schema: { response: { 200: healthResponseSchema, 503: healthResponseSchema } } },
    async (_request, reply) => {
      const problem = deps.probe ? await deps.probe() : null;
      if (problem === null) return health;
      return reply.code(503).header('retry-after', '5').send({ status: 'unhealthy', message: problem });
    },
  );

  app.get('/metrics', { config: { public: deps.metricsPublic } }, async (request, reply) => {
    const { caller } = request;
    if (!deps.metricsPublic && caller.kind !== 'local' && !(caller.kind === 'key' && caller.role === 'admin')) {
      throw new AccessDeniedError('admin_only');
    }
    const text = await metrics.render(await jobs.stats());
    return reply.type(metrics.contentType).send(text);
  });

  app.get('/api/v1/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(openApiText),
  );
}
