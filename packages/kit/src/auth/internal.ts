// What a service accepts as a caller. A person's Keycloak token is for the gateway only: the gateway verifies
// it and forwards a short internal assertion of the same caller, signed with the key of its client
// certificate (sent along as x5c), so a portal token sent straight to a service port is refused, and only
// the holder of the gateway's CA-issued key can speak for a person. Platform services calling each other on
// their own account use their Keycloak client-credentials token, bound to their client certificate.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { unauthenticated } from '../errors';
import type { TlsIdentity } from '../grpc/tls';
import { GATEWAY_IDENTITY } from '../grpc/tls';
import type { Principal } from './principal';
import type { TokenVerifier } from './verifier';

/** Audience of the gateway's assertions: the platform's internal audience. */
export const INTERNAL_AUDIENCE = 'wage-internal';
const ISSUER = 'wage-gateway';
/** An assertion outlives neither the person's token nor this. */
const MAX_ASSERTION_MS = 10 * 60_000;

interface AssertionClaims extends JWTPayload {
  username: string;
  client: string;
  roles: string[];
  region: string;
  agency: string;
}

/** Gateway side: the internal assertion of a verified caller, to forward to the services. */
export class AssertionSigner {
  private readonly key;
  private readonly x5c: string;

  constructor(id: TlsIdentity) {
    this.key = createPrivateKey(id.key);
    this.x5c = new X509Certificate(id.cert).raw.toString('base64');
  }

  async sign(p: Principal): Promise<string> {
    const exp = Math.min(p.expiresAt.getTime(), Date.now() + MAX_ASSERTION_MS);
    const claims: AssertionClaims = {
      username: p.username,
      client: p.clientId,
      roles: p.roles,
      region: p.region,
      agency: p.agency,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', x5c: [this.x5c] })
      .setIssuer(ISSUER)
      .setAudience(INTERNAL_AUDIENCE)
      .setSubject(p.subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(exp / 1000))
      .sign(this.key);
  }
}

export interface CallerVerifier {
  /** `peer` is the CN of the caller's verified client certificate. */
  verify(token: string, peer: string | undefined): Promise<Principal>;
}

/**
 * Service side: accepts the gateway's assertions (certificate issued by the platform CA to `gateway`), and
 * Keycloak tokens only of the platform's own service clients (`wage-<service>`, audience `wage-services`)
 * presented over that service's own client certificate. Everything else, a portal user's token included,
 * is refused.
 */
export class ServiceCallerVerifier implements CallerVerifier {
  private readonly ca: X509Certificate;

  constructor(
    tls: Pick<TlsIdentity, 'ca'>,
    private readonly keycloak: Pick<TokenVerifier, 'verify'>,
    /** This service's own name: its own token may come back to it from a platform service it called. */
    private readonly self?: string,
  ) {
    this.ca = new X509Certificate(tls.ca);
  }

  async verify(token: string, peer: string | undefined): Promise<Principal> {
    let x5c: string[] | undefined;
    try {
      x5c = decodeProtectedHeader(token).x5c;
    } catch {
      throw unauthenticated('令牌格式无效 (malformed token)');
    }
    return x5c ? this.assertion(token, x5c) : this.serviceAccount(token, peer);
  }

  private async assertion(token: string, x5c: string[]): Promise<Principal> {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(Buffer.from(x5c[0] ?? '', 'base64'));
    } catch {
      throw unauthenticated('断言证书无效 (bad assertion certificate)');
    }
    const now = Date.now();
    const issuedByCa = cert.checkIssued(this.ca) && cert.verify(this.ca.publicKey);
    const valid = Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
    if (!issuedByCa || !valid || commonName(cert) !== GATEWAY_IDENTITY)
      throw unauthenticated('断言不是网关签发的 (assertion not signed by the gateway)');
    let payload: AssertionClaims;
    try {
      ({ payload } = await jwtVerify<AssertionClaims>(token, cert.publicKey, {
        issuer: ISSUER,
        audience: INTERNAL_AUDIENCE,
        algorithms: ['RS256'],
        clockTolerance: 5,
      }));
    } catch (e) {
      throw unauthenticated(`断言无效 (invalid assertion: ${(e as Error).message})`);
    }
    return {
      subject: payload.sub ?? '',
      username: String(payload.username ?? ''),
      clientId: String(payload.client ?? ''),
      roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
      region: String(payload.region ?? ''),
      agency: String(payload.agency ?? ''),
      token,
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  }

  private async serviceAccount(token: string, peer: string | undefined): Promise<Principal> {
    const p = await this.keycloak.verify(token);
    const own = /^wage-([a-z]+)$/.exec(p.clientId)?.[1];
    // A service's token over that service's certificate; or this service's own token handed back by a
    // platform service it called (inspection's recovery draws: finance confirms with inspection using the
    // token inspection called it with), which grants the peer nothing this service did not ask for.
    const ownComesBack =
      own !== undefined && own === this.self && peer !== undefined && peer !== GATEWAY_IDENTITY;
    if (
      !p.username.startsWith('service-account-') ||
      !own ||
      own === GATEWAY_IDENTITY ||
      (own !== peer && !ownComesBack)
    )
      throw unauthenticated(
        '此令牌不能直接调用服务，请经网关访问 (only the gateway or a service may call a service)',
      );
    return p;
  }
}

function commonName(cert: X509Certificate): string | undefined {
  return /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
}
