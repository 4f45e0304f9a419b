// Sign-in through Keycloak (authorization code + PKCE, public client), silent refresh, sign-out. Keycloak's
// address comes from the gateway (/api/portal-config), so the same build runs in every environment.
import Keycloak from 'keycloak-js';
import { setTokenSource } from '../services/client';

export interface PortalConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

export interface User {
  username: string;
  name: string;
  agency: string;
  region: string;
  roles: string[];
}

interface TokenClaims {
  preferred_username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  agency?: string;
  region?: string;
  realm_access?: { roles?: string[] };
}

let keycloak: Keycloak | undefined;

export async function signIn(): Promise<User> {
  const cfg = (await (await fetch('/api/portal-config')).json()) as PortalConfig;
  const kc = new Keycloak({ url: cfg.keycloakUrl, realm: cfg.realm, clientId: cfg.clientId });
  keycloak = kc;
  await kc.init({
    onLoad: 'login-required',
    pkceMethod: 'S256',
    // No session iframe: the refresh token keeps the session, and the CSP needs no third-party frame.
    checkLoginIframe: false,
    responseMode: 'fragment',
  });
  setTokenSource(async () => {
    try {
      // Silent refresh: renew when the token has under 30 s left, before the call that needs it.
      await kc.updateToken(30);
    } catch {
      await kc.login();
    }
    return kc.token;
  });
  // Keep the session alive while the page is open, without waiting for a call.
  kc.onTokenExpired = () => void kc.updateToken(30).catch(() => kc.login());
  return userOf(kc.tokenParsed as TokenClaims);
}

export function userOf(t: TokenClaims): User {
  // Family name first, as Chinese names are written.
  const name =
    t.family_name || t.given_name ? [t.family_name, t.given_name].filter(Boolean).join(' ') : (t.name ?? '');
  return {
    username: t.preferred_username ?? '',
    name: name || t.preferred_username || '',
    agency: t.agency ?? '',
    region: t.region ?? '',
    roles: t.realm_access?.roles ?? [],
  };
}

export function signOut(): void {
  void keycloak?.logout({ redirectUri: `${window.location.origin}/` });
}
