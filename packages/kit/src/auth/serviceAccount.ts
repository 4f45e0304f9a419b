import { decodeJwt } from 'jose';
import { unavailable } from '../errors';

export interface ServiceAccountOptions {
  keycloakUrl: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** Renew this long before the token expires (ms). */
  renewBeforeMs?: number;
}

/**
 * The service's own Keycloak identity (client-credentials grant), for work no person is waiting on, e.g. a
 * job completing a money movement a crash left pending. Tokens are cached until shortly before they expire;
 * callees authorise the role named after the client (principalFromClaims) like any other role.
 */
export class ServiceAccount {
  private cached: { token: string; renewAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly opts: ServiceAccountOptions) {}

  async token(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return this.cached.token;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<string> {
    const url = `${this.opts.keycloakUrl.replace(/\/$/, '')}/realms/${this.opts.realm}/protocol/openid-connect/token`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.opts.clientId,
          client_secret: this.opts.clientSecret,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw unavailable(`身份认证服务不可用 (Keycloak unreachable: ${(e as Error).message})`);
    }
    if (!res.ok) throw unavailable(`服务账号取令牌失败 (client ${this.opts.clientId}: HTTP ${res.status})`);
    const { access_token: token } = (await res.json()) as { access_token?: string };
    if (!token) throw unavailable(`服务账号未取得令牌 (client ${this.opts.clientId})`);
    const exp = (decodeJwt(token).exp ?? 0) * 1000;
    this.cached = { token, renewAt: exp - (this.opts.renewBeforeMs ?? 30_000) };
    return token;
  }
}
