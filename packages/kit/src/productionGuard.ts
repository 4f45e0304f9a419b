import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A production process refuses to start with anything the dev profile ships: the dev realm, its secrets,
 * Keycloak's bootstrap admin, dev personal-data keys, dev rule books. One error names every offence, so an
 * operator fixes them in one pass instead of one restart per setting.
 */
export class ProductionGuardError extends Error {
  constructor(readonly offences: string[]) {
    super(`refusing to start in production with dev defaults:\n  ${offences.join('\n  ')}`);
    this.name = 'ProductionGuardError';
  }
}

export interface ProductionGuardOptions {
  /**
   * Settings whose absence means the process falls back to a dev rule book or dev table
   * (e.g. FINANCE_DEPOSIT_RULES): each must be set explicitly in production.
   */
  devRuleBooks?: string[];
  /** Whether the process needs personal-data keys (every service; the gateway for its audit key too). */
  requirePiiKeys?: boolean;
  /** Further keys the process holds (e.g. AUDIT_HMAC_KEY): required, and not the generated dev ones. */
  secretKeys?: string[];
  /** Ask Keycloak whether its bootstrap admin or the dev realm's users still log in (default: true). */
  probeKeycloak?: boolean;
  fetchImpl?: typeof fetch;
}

export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production' || env.WAGE_PROFILE === 'prod';
}

/** A known user of the dev realm (deploy/keycloak/realm-wage.json), password `demo`. */
const DEV_REALM_USER = { username: 'clerk.changji', password: 'demo', clientId: 'wage-portal' };
const DEV_SECRET = /-dev-secret$/;
/** Key ids `npm start` (dev1) and the test fixtures (t1) generate. */
const DEV_KEY_ID = /^(dev|test|t)\d*$/;

/** The repository's generated dev keys (.infra/<profile>/secrets.json), when this process runs from a checkout. */
function generatedDevKeys(from: string): string[] {
  for (let dir = from; ; dir = dirname(dir)) {
    const infra = join(dir, '.infra');
    if (existsSync(infra)) {
      return ['dev', 'test'].flatMap((profile) => {
        const f = join(infra, profile, 'secrets.json');
        if (!existsSync(f)) return [];
        try {
          return Object.values(JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>).flatMap((v) =>
            String(v)
              .split(',')
              .map((p) => p.slice(p.indexOf(':') + 1).trim()),
          );
        } catch {
          return [];
        }
      });
    }
    if (dirname(dir) === dir) return [];
  }
}

/** Checks that need no network: every offending setting by name. */
export function staticDevDefaults(env: NodeJS.ProcessEnv, opts: ProductionGuardOptions = {}): string[] {
  const offences: string[] = [];
  for (const name of opts.devRuleBooks ?? []) {
    if (!env[name]) offences.push(`${name}: not set, the dev rule book would be used`);
  }
  for (const [name, value] of Object.entries(env)) {
    if (value && DEV_SECRET.test(value)) offences.push(`${name}: a dev realm secret (*-dev-secret)`);
  }
  const adminUser = env.KC_BOOTSTRAP_ADMIN_USERNAME ?? env.KEYCLOAK_ADMIN;
  const adminPassword = env.KC_BOOTSTRAP_ADMIN_PASSWORD ?? env.KEYCLOAK_ADMIN_PASSWORD;
  if (adminUser === 'admin' && adminPassword === 'admin')
    offences.push('KC_BOOTSTRAP_ADMIN_PASSWORD: Keycloak admin/admin');
  for (const name of ['KEYCLOAK_URL', 'TOKEN_ISSUER']) {
    const v = env[name];
    if (v && !v.startsWith('https://')) offences.push(`${name}: plain-http Keycloak (${v})`);
  }
  const generated = new Set(generatedDevKeys(process.cwd()));
  if (opts.requirePiiKeys !== false) {
    if (!env.PII_KEYS || !env.PII_CURRENT_KEY_ID || !env.PII_HASH_KEY) {
      offences.push('PII_KEYS: personal-data keys not configured');
    } else {
      const pairs = env.PII_KEYS.split(',').map((p) => {
        const i = p.indexOf(':');
        return { id: p.slice(0, i).trim(), key: p.slice(i + 1).trim() };
      });
      if (pairs.some((p) => DEV_KEY_ID.test(p.id) || generated.has(p.key)))
        offences.push('PII_KEYS: generated dev personal-data keys');
      if (DEV_KEY_ID.test(env.PII_CURRENT_KEY_ID))
        offences.push('PII_CURRENT_KEY_ID: a generated dev key id');
      if (generated.has(env.PII_HASH_KEY)) offences.push('PII_HASH_KEY: the generated dev hash key');
    }
  }
  for (const name of opts.secretKeys ?? []) {
    const v = env[name];
    if (!v) offences.push(`${name}: not set`);
    else if (generated.has(v)) offences.push(`${name}: a generated dev key`);
  }
  return offences;
}

/** Asks the configured Keycloak whether the bootstrap admin admin/admin or a dev realm user can log in. */
export async function keycloakDevDefaults(
  env: NodeJS.ProcessEnv,
  fetchImpl: typeof fetch = fetch,
): Promise<string[]> {
  const base = env.KEYCLOAK_URL;
  if (!base) return [];
  const realm = env.KEYCLOAK_REALM ?? 'wage';
  const login = async (path: string, form: Record<string, string>) => {
    try {
      const res = await fetchImpl(`${base}${path}`, {
        method: 'POST',
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(5_000),
      });
      return res.ok;
    } catch {
      return false;
    }
  };
  const offences: string[] = [];
  if (
    await login('/realms/master/protocol/openid-connect/token', {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: 'admin',
    })
  )
    offences.push(`KEYCLOAK_URL: Keycloak at ${base} accepts the bootstrap admin admin/admin`);
  if (
    await login(`/realms/${realm}/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: DEV_REALM_USER.clientId,
      username: DEV_REALM_USER.username,
      password: DEV_REALM_USER.password,
    })
  )
    offences.push(
      `KEYCLOAK_REALM: realm ${realm} at ${base} has the dev realm's users (${DEV_REALM_USER.username} logs in)`,
    );
  return offences;
}

/** Throws ProductionGuardError naming every dev default when the process runs in production; no-op otherwise. */
export async function assertNoDevDefaults(
  env: NodeJS.ProcessEnv,
  opts: ProductionGuardOptions = {},
): Promise<void> {
  if (!isProduction(env)) return;
  const offences = [
    ...staticDevDefaults(env, opts),
    ...(opts.probeKeycloak === false ? [] : await keycloakDevDefaults(env, opts.fetchImpl)),
  ];
  if (offences.length > 0) throw new ProductionGuardError(offences);
}
