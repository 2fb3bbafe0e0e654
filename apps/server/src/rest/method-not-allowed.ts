import type { FastifyInstance, HTTPMethods } from 'fastify';
import { catalogued } from '@noticias/api';
import { errorMessage } from '@noticias/contract';
import { sendRestError, type RestErrorEnv } from './error-envelope.ts';

/**
 * Fastify answers 404 for a known path with the wrong method; the contract wants 405 with an
 * `Allow` header. Each REST path gets a route for every method it does not serve, so the router
 * (not a hand-written matcher) decides what is a known path.
 */
export function registerMethodNotAllowed(
  app: FastifyInstance,
  routes: { url: string; methods: HTTPMethods[] }[],
  env: RestErrorEnv,
): void {
  for (const { url, methods } of routes) {
    // HEAD is served automatically for every GET route.
    const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    const others = app.supportedMethods.filter((method) => !allowed.includes(method));
    const allow = allowed.join(', ');
    app.route({
      method: others,
      url,
      handler: (request, reply) =>
        sendRestError(
          request,
          reply.header('allow', allow),
          catalogued('METHOD_NOT_ALLOWED', errorMessage('METHOD_NOT_ALLOWED')),
          env,
        ),
    });
  }
}
