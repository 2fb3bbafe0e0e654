import type { JobService } from './services/job-service.ts';

/** What every procedure sees. Built per request from services constructed once in the composition root. */
export interface ApiContext {
  jobs: JobService;
}

export interface ApiServices {
  jobs: JobService;
}

export function createApiContextFactory(services: ApiServices): () => ApiContext {
  return () => ({ jobs: services.jobs });
}
