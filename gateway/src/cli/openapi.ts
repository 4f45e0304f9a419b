#!/usr/bin/env node
// Writes the gateway's OpenAPI document from its route table, without infrastructure, so the portal's
// build generates its typed client offline: `wage-openapi [out.json]` (default dist/openapi.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createLogger } from '@wage/kit';
import { registerRoutes } from '../app';
import { gatewayEnv } from '../config';
import { RouteTable, type RouteDeps } from '../http/routes';
import { Upstreams } from '../upstream';

const out = resolve(process.argv[2] ?? 'dist/openapi.json');
// Only the OpenAPI registry is used: nothing is mounted or called, so no dependency is needed.
const routes = new RouteTable({} as RouteDeps);
const cfg = gatewayEnv.parse({
  KEYCLOAK_URL: 'http://keycloak.invalid',
  MONGO_URL: 'mongodb://mongo.invalid',
  AUDIT_HMAC_KEY: 'unused-the-document-is-only-written',
});
registerRoutes(routes, new Upstreams(cfg), createLogger('gateway', 'silent'), cfg.UPSTREAM_DEADLINE_MS);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(routes.openapi(), null, 2)}\n`);
