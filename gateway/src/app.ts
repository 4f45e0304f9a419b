import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import {
  callUnary,
  currentContext,
  inSpan,
  newId,
  notFound,
  spanFailed,
  SpanKind,
  type Logger,
} from '@wage/kit';
import { health } from '@wage/proto';
import type { Authenticator } from './auth';
import { AuditLog, auditKey } from './audit';
import type { GatewayConfig } from './config';
import { IdempotencyStore } from './http/idempotency';
import { problemHandler, sendProblem } from './http/problem';
import { RouteTable } from './http/routes';
import { trustProxySetting } from './http/rateLimit';
import { portalConfig, portalCsp, servePortal } from './http/portal';
import { docsPage } from './http/docs';
import type { Upstreams } from './upstream';
import { intakeRoutes } from './routes/intake';
import { inspectionRoutes } from './routes/inspection';
import { crossAgencyRoutes } from './routes/crossAgency';
import { mediationRoutes } from './routes/mediation';
import { creditRoutes } from './routes/credit';
import { financeRoutes } from './routes/finance';
import { monitoringRoutes } from './routes/monitoring';

export interface GatewayDeps {
  cfg: GatewayConfig;
  logger: Logger;
  mongo: Connection;
  redis: Redis;
  upstreams: Upstreams;
  authenticate: Authenticator;
  /** Where the audit log lives when it has its own store (AUDIT_MONGO_URL). */
  auditMongo?: Connection;
}

/** Every route of the public API, in one list: the app mounts it, `wage-openapi` documents it. */
export function registerRoutes(
  routes: RouteTable,
  upstreams: Upstreams,
  logger: Logger,
  upstreamDeadlineMs: number,
  publicBaseUrl?: string,
): void {
  intakeRoutes(routes, upstreams);
  inspectionRoutes(routes, upstreams);
  mediationRoutes(routes, upstreams);
  creditRoutes(routes, upstreams);
  financeRoutes(routes, upstreams, publicBaseUrl);
  monitoringRoutes(routes, upstreams);
  crossAgencyRoutes(routes, upstreams, logger, Math.min(upstreamDeadlineMs, 3_000));
}

export function createApp(deps: GatewayDeps): { app: Express; routes: RouteTable; audit: AuditLog } {
  const { cfg, logger, upstreams } = deps;
  const app = express();
  app.disable('x-powered-by');
  if (cfg.TRUST_PROXY) app.set('trust proxy', trustProxySetting(cfg.TRUST_PROXY));
  // The portal is served from this origin and signs in at Keycloak's: the CSP names exactly that origin.
  const portal = portalConfig(cfg);
  app.use(helmet({ contentSecurityPolicy: { directives: portalCsp(portal.keycloakUrl) } }));

  // Request id, trace and access log: each request is a SERVER span (continuing the caller's `traceparent`),
  // whose context and the request id travel to the services in gRPC metadata; `x-trace-id` names the trace.
  app.use((req, res, next) => {
    const requestId = /^[\w-]{1,100}$/.test(req.get('x-request-id') ?? '')
      ? req.get('x-request-id')!
      : newId();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = Date.now();
    res.on('finish', () =>
      logger.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Date.now() - started, requestId },
        'request',
      ),
    );
    void inSpan(
      {
        name: `HTTP ${req.method}`,
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method },
      },
      (span) =>
        new Promise<void>((resolve) => {
          res.setHeader('x-trace-id', currentContext()?.traceId ?? '');
          res.once('close', () => {
            // The matched route, not the path: paths carry case ids.
            const route = (req.route as { path?: string } | undefined)?.path;
            span?.setAttributes({
              'http.response.status_code': res.statusCode,
              ...(route ? { 'http.route': route } : {}),
            });
            if (route) span?.updateName(`HTTP ${req.method} ${req.baseUrl}${route}`);
            if (res.statusCode >= 500) spanFailed(span, new Error(`HTTP ${res.statusCode}`));
            resolve();
          });
          next();
        }),
      { traceparent: req.get('traceparent'), work: { requestId } },
    );
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Array<{ service: string; ok: boolean }> = await Promise.all(
      upstreams.configured().map(async (s) => {
        const c = upstreams.health(s);
        const ok = await callUnary(c.check.bind(c), { service: '' }, { deadlineMs: 1_000 })
          .then((r) => r.status === health.HealthCheckResponse_ServingStatus.SERVING)
          .catch(() => false);
        return { service: s, ok };
      }),
    );
    checks.push({ service: 'mongo', ok: deps.mongo.readyState === 1 });
    const ok = checks.every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  });

  const audit = new AuditLog(deps.auditMongo ?? deps.mongo, auditKey(cfg.AUDIT_HMAC_KEY));
  const routes = new RouteTable({
    logger,
    authenticate: deps.authenticate,
    idempotency: new IdempotencyStore(deps.mongo),
    audit,
    redis: deps.redis,
    publicRateLimit: cfg.PUBLIC_RATE_LIMIT,
    publicCountyRateLimit: cfg.PUBLIC_COUNTY_RATE_LIMIT,
    deadlineMs: cfg.UPSTREAM_DEADLINE_MS,
  });
  registerRoutes(routes, upstreams, logger, cfg.UPSTREAM_DEADLINE_MS, cfg.PUBLIC_BASE_URL);
  routes.mount(app);

  let spec: unknown;
  app.get('/api/openapi.json', (_req, res) => {
    res.json((spec ??= routes.openapi()));
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(docsPage());
  });
  app.get('/api/portal-config', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.json(portal);
  });
  servePortal(app, cfg.PORTAL_DIR, logger);
  app.use((_req, res) => sendProblem(res, notFound('没有这个接口 (no such route)')));
  app.use(problemHandler(logger));
  return { app, routes, audit };
}
