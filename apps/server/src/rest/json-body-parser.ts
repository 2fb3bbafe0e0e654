import type { FastifyInstance } from 'fastify';
import { MalformedJsonError } from './error-envelope.ts';

function syntaxDetail(text: string): string {
  try {
    JSON.parse(text);
    return 'contenido no permitido';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * REST bodies are JSON whatever the Content-Type says: old callers (and `curl -d`) send
 * form or text types. Parsing stays Fastify's own (prototype-poisoning checks included); only
 * a failure is parsed again to tell the caller where the JSON breaks. Registered inside the REST
 * scope so the tRPC plugin keeps its own parsers.
 */
export function useJsonBodyParser(instance: FastifyInstance): void {
  const secureParse = instance.getDefaultJsonParser('error', 'error');
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // An empty body reaches the schema as "no object", which names what is missing.
    if (text.trim().length === 0) {
      done(null, undefined);
      return;
    }
    void secureParse(request, text, (error, value) => {
      if ((error as { code?: string } | null)?.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
        done(new MalformedJsonError(syntaxDetail(text)), undefined);
      else if (error) done(error, undefined);
      else done(null, value);
    });
  });
}
