import { mapError } from './errors/error-map.ts';
import { MappedTRPCError } from './errors/trpc-errors.ts';
import { LOCAL_CALLER, type Caller } from './access/caller.ts';
import type { JobService } from './services/job-service.ts';

/**
 * What every procedure sees. Built per request from services constructed once in the
 * composition root; `caller` is who the transport says is calling (every read and write of
 * the job service is made on its behalf, cancel included).
 */
export interface ApiContext {
  jobs: JobService;
  caller: Caller;
}

export interface ApiServices {
  jobs: JobService;
}

/**
 * The context of one call. `resolveCaller` reads the request (API key, read token, address) and
 * throws a domain error (AccessDeniedError, ForbiddenError, RateLimitedError) to refuse it;
 * tRPC then answers every call of the request with that error, as the fast paths do.
 */
export function createApiContextFactory<TRequest>(
  services: ApiServices,
  // Tests and tools without a transport: every job, as with no keys configured.
  resolveCaller: (request: TRequest | undefined) => Caller = () => LOCAL_CALLER,
): (opts?: { req: TRequest }) => ApiContext {
  return (opts) => {
    try {
      return { jobs: services.jobs, caller: resolveCaller(opts?.req) };
    } catch (error) {
      // No procedure middleware runs for a context error: mapped here, or tRPC says 500.
      throw new MappedTRPCError(mapError(error), error);
    }
  };
}
