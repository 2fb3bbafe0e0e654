import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/create-api-client.ts';
import { TRPCProvider } from './api/trpc.ts';
import { App } from './app.tsx';
import { createJobFeed } from './live/job-feed.ts';
import { JobFeedProvider } from './live/job-feed-context.tsx';
import './styles.css';

// The composition root: one client, one query cache, one live job feed for the whole page.
const client = createApiClient();
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 2_000, retry: 2, refetchOnWindowFocus: false } },
});
const feed = createJobFeed(client);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <JobFeedProvider value={feed}>
          <App />
        </JobFeedProvider>
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
