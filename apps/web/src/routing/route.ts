// Routes live in the URL hash: the server serves one index.html at `/` and never needs a
// fallback route that could shadow its REST paths.
export type Route =
  { view: 'trabajos' } | { view: 'enviar' } | { view: 'servicio' } | { view: 'trabajo'; jobId: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const job = /^trabajo\/([A-Za-z0-9_]+)$/.exec(path);
  if (job?.[1]) return { view: 'trabajo', jobId: job[1] };
  if (path === 'enviar' || path === 'servicio') return { view: path };
  return { view: 'trabajos' };
}

export function hrefOf(route: Route): string {
  return route.view === 'trabajo' ? `#/trabajo/${route.jobId}` : `#/${route.view}`;
}
