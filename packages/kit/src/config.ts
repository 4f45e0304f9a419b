import { z } from 'zod';
import { syncIndexesEnv } from './indexes';

const port = z.coerce.number().int().min(0).max(65535);
const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1));

/** What every service needs from its environment. Services extend it with their own settings. */
export const serviceEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: list,
  /** Namespaces topics when several environments share one cluster (e.g. test runs); empty in production. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default(''),
  /** Overrides the consumer group (default: prefix + service name), e.g. to rebuild state from offset 0. */
  KAFKA_GROUP_ID: z.string().optional(),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  MONGO_SYNC_INDEXES: syncIndexesEnv,
  KEYCLOAK_URL: z.string().url(),
  KEYCLOAK_REALM: z.string().default('wage'),
  /** Issuer as tokens name it when it differs from KEYCLOAK_URL (e.g. behind a proxy). */
  TOKEN_ISSUER: z.string().url().optional(),
  /** Audience of the platform services' own Keycloak tokens (people reach services only via the gateway's assertion). */
  TOKEN_AUDIENCE: z.string().default('wage-services'),
  GRPC_PORT: port,
  OPS_PORT: port,
  /** Base64 32-byte keys for personal data: encryption (current key id + ring) and keyed hashing. */
  PII_KEYS: z.string().optional(),
  PII_CURRENT_KEY_ID: z.string().optional(),
  PII_HASH_KEY: z.string().optional(),
  /** The service's own Keycloak client (client credentials), for jobs that call other services. */
  SERVICE_CLIENT_ID: z.string().optional(),
  SERVICE_CLIENT_SECRET: z.string().optional(),
  /** Fault injection for reliability tests; never set in production. */
  WAGE_FAULT: z.string().optional(),
});

export type ServiceEnv = z.infer<typeof serviceEnv>;

/** An environment variable holding JSON validated by `schema` (e.g. a province's rule overrides). */
export const jsonEnv = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once at start and fails fast, naming every bad variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return parsed.data;
}
