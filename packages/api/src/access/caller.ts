import { AccessDeniedError } from '../errors/api-errors.ts';

/**
 * Who is calling, as the transport resolved it from the request (see apps/server's access
 * code). Procedures and REST routes pass it to the job service, which decides what it may see.
 *
 * - `local`: no API keys are configured (protected mode from a loopback address, or
 *   AUTH_MODE=open): every job, as the old service did; its submissions have no owner.
 * - `key`: an API key. `client` sees and cancels only the jobs it submitted, `admin` all of them;
 *   submissions are owned by the key's name.
 * - `read-token`: a signed token for one job: reads that job, nothing else.
 */
export type Caller =
  | { readonly kind: 'local' }
  | { readonly kind: 'key'; readonly name: string; readonly role: 'client' | 'admin' }
  | { readonly kind: 'read-token'; readonly jobId: string };

export const LOCAL_CALLER: Caller = Object.freeze({ kind: 'local' });

/** The owner a read is restricted to (undefined: every job). Read tokens never list anything. */
export function ownerFilter(caller: Caller): string | undefined {
  if (caller.kind === 'read-token') throw new AccessDeniedError();
  return caller.kind === 'key' && caller.role === 'client' ? caller.name : undefined;
}

/** The owner recorded on a submission; read tokens cannot submit. */
export function submissionOwner(caller: Caller): string | null {
  if (caller.kind === 'read-token') throw new AccessDeniedError();
  return caller.kind === 'key' ? caller.name : null;
}

/**
 * For reads of one job: the owner filter, or `false` when the caller may not see that job at
 * all (a read token for another job), which reads as an unknown job.
 */
export function jobReadFilter(caller: Caller, jobId: string): { owner: string | undefined } | false {
  if (caller.kind === 'read-token') return caller.jobId === jobId ? { owner: undefined } : false;
  return { owner: ownerFilter(caller) };
}

/**
 * For changes to one existing job (cancel): the owner filter to find it with (another owner's
 * job is then unknown, a 404); read tokens never change anything (AccessDeniedError, 401).
 */
export function jobWriteFilter(caller: Caller): { owner: string | undefined } {
  return { owner: ownerFilter(caller) };
}
