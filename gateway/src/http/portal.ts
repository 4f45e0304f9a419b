import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from '@wage/kit';
import type { GatewayConfig } from '../config';

/** What the portal needs to sign in, served at /api/portal-config so one build runs in every environment. */
export interface PortalConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

export function portalConfig(cfg: GatewayConfig): PortalConfig {
  return {
    keycloakUrl: (cfg.PORTAL_KEYCLOAK_URL ?? cfg.KEYCLOAK_URL).replace(/\/+$/, ''),
    realm: cfg.KEYCLOAK_REALM,
    clientId: cfg.PORTAL_CLIENT_ID,
  };
}

/**
 * Strict CSP: scripts only from this origin; the only other origin is Keycloak (token refresh, login frames).
 * Ant Design injects its CSS-in-JS as <style> elements, hence 'unsafe-inline' for styles only.
 */
export function portalCsp(keycloakUrl: string): Record<string, string[] | null> {
  const keycloak = new URL(keycloakUrl).origin;
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", keycloak],
    'frame-src': ["'self'", keycloak],
    'frame-ancestors': ["'self'"],
    'form-action': ["'self'", keycloak],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    // Not helmet's default upgrade: it would turn a plain-http Keycloak (local, intranet) into an https fetch.
    'upgrade-insecure-requests': null,
  };
}

/** Paths of the workers' public pages (安薪码 pages and progress tracking). */
export const WORKER_PATHS = /^\/(s\/[^/]+\/?|track\/?)$/;

/** The portal's built directory: PORTAL_DIR, else portal/dist beside the gateway in the repository. */
export function portalDir(configured: string | undefined): string {
  return resolve(configured ?? join(__dirname, '..', '..', '..', 'portal', 'dist'));
}

/**
 * Serves the built portal at `/`: hashed assets for a year (immutable), index.html never cached, and every
 * other page path answered with index.html so the portal's own router takes it. /api stays the API's.
 */
export function servePortal(app: Express, configured: string | undefined, logger: Logger): void {
  const dir = portalDir(configured);
  const index = join(dir, 'index.html');
  // The workers' pages are their own entry: no staff bundle, no keycloak-js on a worker's phone.
  const workerPage = join(dir, 'worker.html');
  if (!existsSync(index)) {
    logger.warn({ dir }, 'portal not built: serving the API only');
    return;
  }
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  app.use(
    express.static(dir, {
      index: false,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
  app.get(/^\/(?!api(\/|$)|healthz$|readyz$|assets\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(WORKER_PATHS.test(req.path) ? workerPage : index);
  });
}
