// Routes live in the URL hash: the server serves one index.html at `/` and never needs a
// fallback route that could shadow its REST paths. A job shared by a read token is
// `#/trabajo/<job_id>?token=<read_token>`: the token stays in the fragment, which browsers
// never send to the server.
export type Route =
  { view: 'trabajos' } | { view: 'enviar' } | { view: 'servicio' } | { view: 'trabajo'; jobId: string; token?: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const job = /^trabajo\/([A-Za-z0-9_]+)$/.exec(path);
  if (job?.[1]) {
    const token = new URLSearchParams(query).get('token');
    return token ? { view: 'trabajo', jobId: job[1], token } : { view: 'trabajo', jobId: job[1] };
  }
  if (path === 'enviar' || path === 'servicio') return { view: path };
  return { view: 'trabajos' };
}

export function hrefOf(route: Route): string {
  if (route.view !== 'trabajo') return `#/${route.view}`;
  return route.token === undefined
    ? `#/trabajo/${route.jobId}`
    : `#/trabajo/${route.jobId}?token=${encodeURIComponent(route.token)}`;
}
