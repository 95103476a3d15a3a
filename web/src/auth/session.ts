import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { AppConfig } from '@/app/config';

export type Role = 'admin' | 'manager' | 'rep';

/** The signed-in person, as the app shows them; the services decide what they may do from the token itself. */
export interface Me {
  id: string;
  name: string;
  email: string | undefined;
  roles: Role[];
  team: string | undefined;
}

export const CALLBACK_PATH = '/login/callback';

/** Where to come back to after signing in: the page (and query) the person was on. */
interface SignInState {
  returnTo: string;
}

/**
 * Authorization code + PKCE against the configured issuer. Tokens are kept in localStorage so a reload or a new
 * tab stays signed in; the strict Content-Security-Policy the gateway sends is what keeps scripts away from them.
 * Public clients get no refresh token, so an expired session signs in again: with the issuer's own session still
 * alive that is a round trip without typing, and the person lands on the page they were on.
 */
export class Session {
  private readonly manager: UserManager;
  private user: User | null = null;
  private described: Me | undefined;
  private readonly listeners = new Set<() => void>();
  private redirecting = false;

  constructor(config: AppConfig, origin: string = window.location.origin) {
    this.manager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      scope: config.scope,
      redirect_uri: origin + CALLBACK_PATH,
      post_logout_redirect_uri: origin + '/',
      response_type: 'code',
      userStore: new WebStorageStateStore({ store: window.localStorage }),
      automaticSilentRenew: false,
      loadUserInfo: false,
      monitorSession: false,
    });
    this.manager.events.addAccessTokenExpired(() => {
      void this.signIn();
    });
  }

  /** Restores the session, or finishes a sign-in when the issuer has just sent the browser back. */
  async start(location: Location = window.location): Promise<{ returnTo?: string }> {
    if (location.pathname === CALLBACK_PATH) {
      const user = await this.manager.signinRedirectCallback(location.href);
      this.setUser(user);
      const state = user.state as SignInState | undefined;
      return { returnTo: safeReturnTo(state?.returnTo) };
    }
    const user = await this.manager.getUser();
    this.setUser(user && !user.expired ? user : null);
    return {};
  }

  get signedIn(): boolean {
    return this.user !== null && !this.user.expired;
  }

  get accessToken(): string | undefined {
    return this.signedIn ? this.user?.access_token : undefined;
  }

  get me(): Me | undefined {
    return this.described;
  }

  /** Goes to the issuer's sign-in page; back here at the same page afterwards. */
  async signIn(returnTo: string = currentPath()): Promise<void> {
    if (this.redirecting) return;
    this.redirecting = true;
    await this.manager.removeUser();
    await this.manager.signinRedirect({ state: { returnTo } satisfies SignInState });
  }

  async signOut(): Promise<void> {
    const idToken = this.user?.id_token;
    this.setUser(null);
    await this.manager.removeUser();
    await this.manager.signoutRedirect(idToken ? { id_token_hint: idToken } : undefined);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setUser(user: User | null) {
    this.user = user;
    this.described = user ? describe(user) : undefined;
    this.listeners.forEach((listener) => listener());
  }
}

function currentPath(): string {
  return window.location.pathname + window.location.search + window.location.hash;
}

/** Only paths of this app: a crafted state must not send people to another site after signing in. */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return undefined;
  }
  return value.startsWith(CALLBACK_PATH) ? '/' : value;
}

/** The person from the tokens: name and email from the ID token, roles and team from the access token. */
export function describe(user: Pick<User, 'profile' | 'access_token'>): Me {
  const claims = decodeJwtPayload(user.access_token);
  const roles = Array.isArray(claims.roles)
    ? (claims.roles.filter((role): role is Role => role === 'admin' || role === 'manager' || role === 'rep'))
    : [];
  return {
    id: String(user.profile.sub ?? claims.sub ?? ''),
    name: String(user.profile.name ?? claims.name ?? user.profile.sub ?? ''),
    email: (user.profile.email ?? claims.email) as string | undefined,
    roles,
    team: typeof claims.team === 'string' ? claims.team : undefined,
  };
}

export function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function hasRole(me: Me | undefined, ...roles: Role[]): boolean {
  return !!me && me.roles.some((role) => roles.includes(role));
}
