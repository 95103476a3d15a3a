/**
 * What the app needs to know about the deployment it runs in. The gateway serves it at /app-config.json from its
 * own settings (pulse.gateway.web.*), so one build of the app runs unchanged in every environment.
 */
export interface AppConfig {
  /** The OIDC issuer people sign in with (Keycloak, Entra ID, ... or Pulse's local issuer). */
  issuer: string;
  /** The public OIDC client of the web app (authorization code + PKCE). */
  clientId: string;
  scope: string;
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchImpl('/app-config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`The web app's settings could not be loaded (HTTP ${response.status}).`);
  }
  const config = (await response.json()) as Partial<AppConfig>;
  if (!config.issuer || !config.clientId) {
    throw new Error('The web app\'s settings name no sign-in issuer or client.');
  }
  return { issuer: config.issuer, clientId: config.clientId, scope: config.scope ?? 'openid profile email' };
}
