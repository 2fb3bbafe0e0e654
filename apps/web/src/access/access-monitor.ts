import { describeApiError } from '../api/error-details.ts';

/** A call the server refused for lack of access: 401 (no key, a wrong key, a bad token) or 403. */
export interface AccessProblem {
  status: 401 | 403;
  message: string;
}

/** Collects the 401/403 answers of one session's calls, for one message pointing at the key field. */
export interface AccessMonitor {
  get: () => AccessProblem | null;
  report: (error: unknown) => void;
  subscribe: (listener: () => void) => () => void;
}

export function accessProblemOf(error: unknown): AccessProblem | null {
  const { code, message } = describeApiError(error);
  if (code === 'UNAUTHORIZED') return { status: 401, message };
  if (code === 'FORBIDDEN') return { status: 403, message };
  return null;
}

export function createAccessMonitor(): AccessMonitor {
  let problem: AccessProblem | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => problem,
    report(error) {
      const found = accessProblemOf(error);
      if (!found || (problem?.status === found.status && problem.message === found.message)) return;
      problem = found;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
