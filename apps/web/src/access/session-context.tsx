import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AccessProblem } from './access-monitor.ts';
import type { Session } from './create-session.ts';

const SessionContext = createContext<Session | null>(null);

export const SessionProvider = SessionContext.Provider;

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function useAccessProblem(): AccessProblem | null {
  const { access } = useSession();
  return useSyncExternalStore(access.subscribe, access.get);
}
