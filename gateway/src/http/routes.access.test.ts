// The gateway and the services cannot disagree on who may call a route: each route names the RPC it calls,
// its roles are that RPC's declaration in @wage/proto ACCESS (the one GrpcServer enforces), and the route
// really calls that RPC.
import { status } from '@grpc/grpc-js';
import pino from 'pino';
import { ACCESS, accessOf, admits, type Access } from '@wage/proto';
import type { Upstreams } from '../upstream';
import { creditRoutes } from '../routes/credit';
import { crossAgencyRoutes } from '../routes/crossAgency';
import { financeRoutes } from '../routes/finance';
import { inspectionRoutes } from '../routes/inspection';
import { intakeRoutes } from '../routes/intake';
import { mediationRoutes } from '../routes/mediation';
import { monitoringRoutes } from '../routes/monitoring';
import { ANONYMOUS, RouteTable, type RouteDeps } from './routes';

/** Every RPC an upstream client was asked for, as `service/method`. */
const calls: string[] = [];

/** A client of `service` that records each call and refuses it, so no handler goes further. */
function recording(service: string): never {
  return new Proxy(
    {},
    {
      get:
        (_t, method: string) => (_req: unknown, _md: unknown, _opts: unknown, cb: (e: unknown) => void) => {
          calls.push(`${service}/${method}`);
          cb(Object.assign(new Error('stop'), { code: status.NOT_FOUND, details: 'stop' }));
        },
    },
  ) as never;
}

const upstreams = {
  configured: () => ['intake'],
  intake: () => recording('wage.intake.v1.IntakeService'),
  inspection: () => recording('wage.inspection.v1.InspectionService'),
  mediation: () => recording('wage.mediation.v1.MediationService'),
  finance: () => recording('wage.finance.v1.FinanceService'),
  credit: () => recording('wage.credit.v1.CreditService'),
  queries: () => recording('wage.common.v1.CaseQueries'),
  // The monitoring routes take finance's second client from the same cache.
  client: () => recording('wage.finance.v1.MonitoringService'),
} as unknown as Upstreams;

// Declaring routes touches none of the dependencies; only serving a request would.
const table = new RouteTable({} as RouteDeps);
intakeRoutes(table, upstreams);
inspectionRoutes(table, upstreams);
mediationRoutes(table, upstreams);
creditRoutes(table, upstreams);
financeRoutes(table, upstreams);
monitoringRoutes(table, upstreams);
crossAgencyRoutes(table, upstreams, pino({ level: 'silent' }), 1_000);
const routes = table.declared();

/** Every role a token can carry: the declarations' own, plus roles no declaration names. */
const ROLES = [
  ...new Set(
    Object.values(ACCESS).flatMap((methods) =>
      Object.values(methods as Record<string, Access>).flatMap((a) => [
        ...(a.roles === 'public' ? [] : a.roles),
        ...(a.services ?? []),
      ]),
    ),
  ),
  'pii-reader',
  'legal-aid',
  'nobody',
];

describe('route roles come from the RPC declaration', () => {
  it('declares routes (sanity: the table is not empty)', () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s admits exactly the roles its RPC admits',
    (_name, route) => {
      const declared = accessOf(route.rpc.service, route.rpc.method);
      expect(declared).toBeDefined();
      // The route holds the declaration itself, not a copy that could drift.
      expect(route.rpc.access).toBe(declared);
      for (const role of ROLES) {
        const service = admits(declared!, [role], true);
        const gateway = RouteTable.admitsCaller(route.rpc, [role]);
        // A service account calls the service directly; through the gateway it is refused.
        const expected = declared!.services?.includes(role) ? false : service;
        expect({ role, gateway }).toEqual({ role, gateway: expected });
      }
    },
  );

  it('documents each route with the roles it admits', () => {
    const doc = table.openapi() as { paths: Record<string, Record<string, { description?: string }>> };
    for (const r of routes) {
      const op = doc.paths[`/api/v1${r.path}`]?.[r.method];
      const roles = r.rpc.access.roles;
      expect(op?.description).toBe(
        roles === 'public' ? 'Public, rate limited.' : `Roles: ${roles.join(', ')}.`,
      );
    }
  });

  it.each(
    routes
      .filter((r) => r.rpc.access.roles !== 'public')
      .map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const),
  )('%s calls the RPC it names', async (_name, route) => {
    calls.length = 0;
    const spec = route as unknown as {
      handler: (ctx: unknown) => Promise<unknown>;
    };
    const principal = { ...ANONYMOUS, roles: ['supervisor'], region: '650000', token: 't' };
    const params = { id: 'x1', uscc: '91652301MA7XXXXX0A', regionCode: '652301', caseId: 'c1' };
    await spec
      .handler({
        principal,
        params,
        query: { regionCode: '652301', limit: 50 },
        body: {
          employer: { name: '某建筑公司' },
          applicant: { name: '张三', idNumber: '', phone: '' },
          amountFen: 100,
          claimFen: 100,
          workers: [],
          records: [],
          payments: [],
          allocations: [],
        },
        req: { get: () => undefined, headers: {} },
        unmask: false,
        call: { token: 't', deadlineMs: 1_000 },
        auditCase: () => undefined,
      })
      .catch(() => undefined);
    expect(calls).toContain(`${route.rpc.service}/${route.rpc.method}`);
  });
});
