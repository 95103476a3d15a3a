import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { hasRole, type Me, type Role, type Session } from './session';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in person; screens choose what to show by role, the services decide what is allowed. */
export function useMe(): Me {
  const session = useSession();
  const me = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.me,
  );
  if (!me) throw new Error('no one is signed in');
  return me;
}

export function useHasRole(...roles: Role[]): boolean {
  return hasRole(useMe(), ...roles);
}
