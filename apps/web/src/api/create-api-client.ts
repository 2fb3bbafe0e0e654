import { createClient, type NoticiasClient } from '@noticias/client';

/**
 * The one place the page builds its client: the server that served the page is the API.
 * Access control (an API key in sessionStorage sent as a header) belongs here when it exists.
 */
export function createApiClient(origin: string = window.location.origin): NoticiasClient {
  return createClient({ url: origin });
}
