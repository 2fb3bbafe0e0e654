import { createClient, type NoticiasClient } from '@noticias/client';
import { EventSource } from 'eventsource';

/** How the page proves its right to read: an API key, a job's read token, or nothing (loopback, open mode). */
export type Credential = { kind: 'none' } | { kind: 'key'; apiKey: string } | { kind: 'token'; readToken: string };

/** The request URL with `access_token` added (the only way the server takes a read token). */
function withAccessToken(input: RequestInfo | URL, readToken: string): RequestInfo | URL {
  const url = new URL(input instanceof Request ? input.url : input, window.location.origin);
  url.searchParams.set('access_token', readToken);
  return input instanceof Request ? new Request(url, input) : url;
}

/**
 * The one place the page builds its client: the server that served the page is the API.
 *
 * A browser's own EventSource cannot send headers, so with a credential the streams use the
 * `eventsource` package, which connects with `fetch`: the client gives it a fetch that adds
 * `Authorization: Bearer <key>` (never the URL), or here one that adds `?access_token=` for a
 * read token (the server reads tokens only there). It reconnects with `Last-Event-ID` as the
 * native one does. Without a credential the native EventSource is used.
 */
export function createApiClient(credential: Credential, origin: string = window.location.origin): NoticiasClient {
  if (credential.kind === 'key') return createClient({ url: origin, apiKey: credential.apiKey, EventSource });
  if (credential.kind === 'token') {
    const { readToken } = credential;
    return createClient({
      url: origin,
      EventSource,
      fetch: (input, init) => fetch(withAccessToken(input, readToken), init),
    });
  }
  return createClient({ url: origin });
}
