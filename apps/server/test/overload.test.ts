import type { AppRouter } from '@noticias/api';
import type { FragmentInput } from '@noticias/contract';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson, sampleJson, startServer, type TestServer } from './support/server.ts';

// MAX_EVENT_LOOP_DELAY_MS refuses every submission while the event loop lags, over tRPC as over
// REST. The server runs in this process, so blocking this thread is what makes its loop lag.

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fragment = () => sampleJson('fragments', '01-informe-fragmento.json') as unknown as FragmentInput;

function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: the event loop lags by `ms`
  }
}

/** Lags the loop, then submits at once; again until refused (under-pressure samples every second). */
async function refusedAfterLag<T>(submit: () => Promise<T>, refused: (outcome: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    blockEventLoop(1500);
    const outcome = await submit();
    if (refused(outcome) || attempt === 9) return outcome;
  }
}

describe('MAX_EVENT_LOOP_DELAY_MS', () => {
  it('refuses tRPC submissions with SERVICE_UNAVAILABLE and retryAfterSeconds, as REST ones with 503', async () => {
    server = await startServer({ maxEventLoopDelayMs: 200 });
    const url = server.url;
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, transformer: superjson })] });

    const error = await refusedAfterLag(
      () =>
        trpc.processFragment.mutate({ fragmento: fragment(), mode: 'async' }).then(
          () => undefined,
          (e: unknown) => e,
        ),
      (outcome) => outcome !== undefined,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      httpStatus: 503,
      apiCode: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    expect((error as TRPCClientError<AppRouter>).message).toBe(
      'El servicio está sobrecargado. Inténtelo de nuevo más tarde.',
    );

    const rest = await refusedAfterLag(
      () => postJson(`${url}/procesar_fragmento`, fragment(), { prefer: 'respond-async' }),
      (outcome) => outcome.status === 503,
    );
    expect(rest.status).toBe(503);
    expect(rest.headers.get('retry-after')).toBe('5');
    expect(rest.body).toMatchObject({
      error: 'service_unavailable',
      retry_after: 5,
      mensaje: 'El servicio está sobrecargado. Inténtelo de nuevo más tarde.',
    });
  }, 60_000);
});
