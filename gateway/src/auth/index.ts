// The only module that knows how tokens are verified at the gateway. The product owner chose keycloak-connect
// in bearer-only mode; Keycloak has deprecated that adapter, so it is kept behind `Authenticator` and can be
// swapped for the kit's jose `TokenVerifier` here without touching anything else.
import Keycloak from 'keycloak-connect';
import {
  principalFromClaims,
  unauthenticated,
  type AssertionSigner,
  type KeycloakClaims,
  type Principal,
} from '@wage/kit';

export type Authenticator = (token: string) => Promise<Principal>;

interface GrantToken {
  content: KeycloakClaims & { typ?: string };
  header: { alg?: string };
  token: string;
}

export function keycloakAuthenticator(opts: {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}): Authenticator {
  const keycloak = new Keycloak({}, {
    realm: opts.realm,
    'auth-server-url': opts.keycloakUrl.replace(/\/$/, ''),
    resource: opts.clientId,
    'bearer-only': true,
    'ssl-required': 'none',
    'confidential-port': 0,
    'verify-token-audience': true,
  } as unknown as Keycloak.KeycloakConfig);
  const grants = keycloak.grantManager;
  return async (token) => {
    // Only RS256 is accepted; keycloak-connect verifies RSA signatures whatever the header says, and this
    // makes `alg: none` and HS256-with-the-public-key fail early with a clear reason.
    let alg: string | undefined;
    try {
      alg = (
        JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: string }
      ).alg;
    } catch {
      throw unauthenticated('令牌格式无效 (malformed token)');
    }
    if (alg !== 'RS256') throw unauthenticated('令牌算法不被接受 (only RS256 tokens are accepted)');
    let grant: { access_token?: GrantToken };
    try {
      grant = (await grants.createGrant({ access_token: token } as never)) as unknown as {
        access_token?: GrantToken;
      };
    } catch (e) {
      throw unauthenticated(`令牌无效 (${(e as Error).message})`);
    }
    const content = grant.access_token?.content;
    if (!content) throw unauthenticated('令牌无效');
    return principalFromClaims(content, token);
  };
}

/**
 * The caller as the services see it: the verified Keycloak caller whose token is replaced by the gateway's
 * signed internal assertion (services refuse people's Keycloak tokens, so none is ever forwarded).
 */
export function forwardingAssertions(authenticate: Authenticator, signer: AssertionSigner): Authenticator {
  return async (token) => {
    const principal = await authenticate(token);
    return { ...principal, token: await signer.sign(principal) };
  };
}
