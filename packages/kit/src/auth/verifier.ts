import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { unauthenticated } from '../errors';
import type { Principal } from './principal';

export interface VerifierOptions {
  keycloakUrl: string;
  realm: string;
  audience: string;
  /** When tokens name another issuer than the URL we reach Keycloak at. */
  issuer?: string;
}

export interface KeycloakClaims extends JWTPayload {
  preferred_username?: string;
  azp?: string;
  region?: string;
  agency?: string;
  realm_access?: { roles?: string[] };
}

/**
 * Verifies Keycloak access tokens against the realm's JWKS: signature (RS256 only, so `alg: none` and
 * HS256-with-the-public-key are refused), issuer, audience and expiry. Used by every gRPC server; the
 * gateway verifies again with its own adapter.
 */
export class TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly issuer: string;

  constructor(private readonly opts: VerifierOptions) {
    const base = opts.keycloakUrl.replace(/\/$/, '');
    this.issuer = opts.issuer ?? `${base}/realms/${opts.realm}`;
    this.jwks = createRemoteJWKSet(new URL(`${base}/realms/${opts.realm}/protocol/openid-connect/certs`), {
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
  }

  async verify(token: string): Promise<Principal> {
    let payload: KeycloakClaims;
    try {
      ({ payload } = await jwtVerify<KeycloakClaims>(token, this.jwks, {
        issuer: this.issuer,
        audience: this.opts.audience,
        algorithms: ['RS256'],
        clockTolerance: 5,
      }));
    } catch (e) {
      throw unauthenticated(`令牌无效 (invalid token: ${(e as Error).message})`);
    }
    if (payload.typ !== undefined && payload.typ !== 'Bearer')
      throw unauthenticated('不是访问令牌 (not an access token)');
    return principalFromClaims(payload, token);
  }
}

/** The one mapping from Keycloak access-token claims to the platform's caller (gateway and services). */
export function principalFromClaims(payload: KeycloakClaims, token: string): Principal {
  const roles = payload.realm_access?.roles ?? [];
  // A machine feed (client-credentials token of a service account) acts in a role named after its client,
  // e.g. `bank-feed`, so routes and services authorise it like any other role.
  const machine = payload.preferred_username?.startsWith('service-account-') && payload.azp;
  return {
    subject: payload.sub ?? '',
    username: payload.preferred_username ?? payload.azp ?? '',
    clientId: payload.azp ?? '',
    roles: machine ? [...roles, payload.azp as string] : roles,
    region: typeof payload.region === 'string' ? payload.region : '',
    agency: typeof payload.agency === 'string' ? payload.agency : '',
    token,
    expiresAt: new Date((payload.exp ?? 0) * 1000),
  };
}

export function bearerToken(header: string | undefined | null): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}
