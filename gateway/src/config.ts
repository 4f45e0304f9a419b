import { z } from 'zod';
import { loadConfig, syncIndexesEnv } from '@wage/kit';

const grpcAddress = z
  .string()
  .regex(/^[\w.-]+:\d+$/, 'host:port')
  .optional();

export const gatewayEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  KEYCLOAK_URL: z.string().url(),
  KEYCLOAK_REALM: z.string().default('wage'),
  /** The gateway's own client id: the audience every accepted token must carry. */
  GATEWAY_CLIENT_ID: z.string().default('wage-gateway'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  MONGO_SYNC_INDEXES: syncIndexesEnv,
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  INTAKE_GRPC: grpcAddress,
  INSPECTION_GRPC: grpcAddress,
  MEDIATION_GRPC: grpcAddress,
  CREDIT_GRPC: grpcAddress,
  FINANCE_GRPC: grpcAddress,
  /** Deadline of one upstream call; cross-agency queries report slower services as missing. */
  UPSTREAM_DEADLINE_MS: z.coerce.number().int().min(100).default(5_000),
  /** Public (no login) endpoints: requests per client IP per minute. */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  /** Public submissions per county per minute, whatever the client. */
  PUBLIC_COUNTY_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  /** Proxies in front of the gateway: a hop count (`1` behind one load balancer) or their addresses. */
  TRUST_PROXY: z.string().optional(),
  /** Base64 key (≥ 32 random bytes) of the audit chain's HMAC; `npm start` generates a dev one. */
  AUDIT_HMAC_KEY: z.string().min(1, 'required: the audit chain is keyed'),
  /** The audit log's own store (e.g. a write-only account); default: the gateway's database. */
  AUDIT_MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
    .optional(),
  /** How often the chain's head is signed into audit_anchors; entries after the last anchor can be cut unseen. */
  AUDIT_ANCHOR_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
  /** The built portal (portal/dist), served at `/`; absent → only the API is served. */
  PORTAL_DIR: z.string().optional(),
  /** Where workers reach the portal (the QR codes' /s/{publicCode} links); default: the request's own origin. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Keycloak as browsers reach it, when that differs from KEYCLOAK_URL (e.g. behind a proxy). */
  PORTAL_KEYCLOAK_URL: z.string().url().optional(),
  PORTAL_CLIENT_ID: z.string().default('wage-portal'),
});
export type GatewayConfig = z.infer<typeof gatewayEnv>;

export const SERVICES = ['intake', 'inspection', 'mediation', 'credit', 'finance'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function serviceAddress(cfg: GatewayConfig, s: ServiceName): string | undefined {
  return cfg[`${s.toUpperCase()}_GRPC` as `${Uppercase<ServiceName>}_GRPC`];
}

export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnv, env);
}
