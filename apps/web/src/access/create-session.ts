import type { NoticiasClient } from '@noticias/client';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createApiClient, type Credential } from '../api/create-api-client.ts';
import { createJobFeed, type JobFeed } from '../live/job-feed.ts';
import { accessProblemOf, createAccessMonitor, type AccessMonitor } from './access-monitor.ts';

/**
 * Everything that depends on the credential: a new key (or a read-token link) gets a new
 * client, query cache and live feed, so nothing read with one credential shows under another.
 */
export interface Session {
  credential: Credential;
  client: NoticiasClient;
  queryClient: QueryClient;
  /** Every job the credential may see, live; none for a read token (it cannot list). */
  feed: JobFeed | null;
  access: AccessMonitor;
  /** Read tokens of the jobs submitted in this session (the submission answer carries them). */
  readTokens: Map<string, string>;
  stop: () => void;
}

export function createSession(credential: Credential): Session {
  const access = createAccessMonitor();
  const client = createApiClient(credential);
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError: access.report }),
    mutationCache: new MutationCache({ onError: access.report }),
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // Asking again without a (valid) key gets the same 401/403.
        retry: (failures, error) => failures < 2 && !accessProblemOf(error),
        refetchOnWindowFocus: false,
      },
    },
  });
  const feed = credential.kind === 'token' ? null : createJobFeed(client, { onError: access.report });
  return {
    credential,
    client,
    queryClient,
    feed,
    access,
    readTokens: new Map(),
    stop() {
      feed?.stop();
      queryClient.clear();
    },
  };
}
