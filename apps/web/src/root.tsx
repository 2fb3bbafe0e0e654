import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiKeyStore } from './access/api-key-store.ts';
import { createSession, type Session } from './access/create-session.ts';
import { SessionProvider } from './access/session-context.tsx';
import { SharedJobApp } from './access/shared-job-app.tsx';
import type { Credential } from './api/create-api-client.ts';
import { TRPCProvider } from './api/trpc.ts';
import { App } from './app.tsx';
import { JobFeedProvider } from './live/job-feed-context.tsx';
import { useHashRoute } from './routing/use-hash-route.ts';

function credentialOf(apiKey: string | null, readToken: string | undefined): Credential {
  if (readToken !== undefined) return { kind: 'token', readToken };
  return apiKey === null ? { kind: 'none' } : { kind: 'key', apiKey };
}

const secretOf = (c: Credential): string | null =>
  c.kind === 'key' ? c.apiKey : c.kind === 'token' ? c.readToken : null;

/**
 * Builds a session (client, query cache, live feed) for the current credential and rebuilds it
 * when the key changes or a read-token link is opened; the views below remount with it, so the
 * lists are read again with the new credential.
 */
export function Root({ keys }: { keys: ApiKeyStore }) {
  const route = useHashRoute();
  const apiKey = useSyncExternalStore(keys.subscribe, keys.get);
  const readToken = route.view === 'trabajo' ? route.token : undefined;
  const [current, setCurrent] = useState<{ session: Session; id: number } | null>(null);

  useEffect(() => {
    const session = createSession(credentialOf(apiKey, readToken));
    setCurrent((previous) => ({ session, id: (previous?.id ?? 0) + 1 }));
    return () => session.stop();
  }, [apiKey, readToken]);

  // Until the effect has built the session for a new credential, the old one must not render the
  // new route (e.g. a token link opened with the key's client).
  const wanted = credentialOf(apiKey, readToken);
  if (
    !current ||
    current.session.credential.kind !== wanted.kind ||
    secretOf(current.session.credential) !== secretOf(wanted)
  )
    return null;
  const { session, id } = current;
  const { feed } = session;
  return (
    <SessionProvider value={session} key={id}>
      <QueryClientProvider client={session.queryClient}>
        <TRPCProvider trpcClient={session.client} queryClient={session.queryClient}>
          {feed ? (
            <JobFeedProvider value={feed}>
              <App keys={keys} />
            </JobFeedProvider>
          ) : (
            route.view === 'trabajo' && <SharedJobApp jobId={route.jobId} />
          )}
        </TRPCProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}
