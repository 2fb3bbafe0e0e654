import { createContext, useContext, useSyncExternalStore } from 'react';
import type { JobFeed, JobFeedState } from './job-feed.ts';

const JobFeedContext = createContext<JobFeed | null>(null);

export const JobFeedProvider = JobFeedContext.Provider;

export function useJobFeed(): JobFeedState {
  const feed = useContext(JobFeedContext);
  if (!feed) throw new Error('useJobFeed outside JobFeedProvider');
  return useSyncExternalStore(feed.subscribe, feed.getState);
}
