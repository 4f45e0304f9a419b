import { z } from 'zod';
import { callUnary } from '@wage/kit';
import { finance as pb, rpc } from '@wage/proto';
import type { RouteTable } from '../http/routes';
import type { Upstreams } from '../upstream';
import { cursor, id, limit, regionCode } from './schemas';
import { view } from './view';

/** A national feed file: up to 20,000 records a request. */
const FEED_LIMIT = '8mb';
const MAX_ROWS = 20_000;

// Rows are checked one by one in the service (a bad row is reported by index, never sinks the good ones), so
// the gateway only checks the envelope and hands every field over as text.
const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const row = <K extends string>(keys: readonly K[]) =>
  z
    .object(
      Object.fromEntries(keys.map((k) => [k, z.unknown().optional()])) as Record<
        K,
        z.ZodOptional<z.ZodUnknown>
      >,
    )
    .passthrough();

/** The finance service's monitoring gRPC client, on the same channel cache as the other upstreams. */
function monitoring(up: Upstreams): pb.MonitoringServiceClient {
  const clients = up as unknown as {
    client(s: string, k: string, c: typeof pb.MonitoringServiceClient): pb.MonitoringServiceClient;
  };
  return clients.client('finance', 'monitoring', pb.MonitoringServiceClient);
}

/** Wage-payment monitoring (监控预警): roster, attendance, payroll and allocation feeds, graded warnings. */
export function monitoringRoutes(routes: RouteTable, up: Upstreams): void {
  const c = () => monitoring(up);
  const read = <T extends { token?: string }>(call: T) => ({ ...call, idempotent: true });
  const feed = <T extends { deadlineMs?: number }>(call: T) => ({
    ...call,
    deadlineMs: Math.max(call.deadlineMs ?? 0, 60_000),
  });
  routes
    .add({
      method: 'post',
      path: '/projects/{id}/workers',
      tag: 'Monitoring',
      summary: 'Real-name roster: add or update workers in bulk (one bad row never sinks the good ones)',
      rpc: rpc('wage.finance.v1.MonitoringService', 'registerWorkers'),
      command: true,
      bodyLimit: FEED_LIMIT,
      spreadsheet: {
        field: 'workers',
        columns: {
          姓名: 'name',
          身份证号: 'idNumber',
          身份证号码: 'idNumber',
          手机号: 'phone',
          电话: 'phone',
          班组: 'team',
          name: 'name',
          idNumber: 'idNumber',
          phone: 'phone',
          team: 'team',
        },
      },
      params: z.object({ id }),
      body: z
        .object({
          workers: z
            .array(row(['name', 'idNumber', 'phone', 'team'] as const))
            .min(1)
            .max(MAX_ROWS),
        })
        .strict(),
      handler: async ({ params, body, call, sheetRows }) => {
        const r = await callUnary(
          c().registerWorkers.bind(c()),
          {
            projectId: params.id,
            workers: body.workers.map((w) => ({
              name: text(w.name),
              idNumber: text(w.idNumber),
              phone: text(w.phone),
              team: text(w.team),
            })),
          },
          feed(call),
        );
        // An uploaded workbook's answer also names each rejected row as the official sees it in Excel.
        if (!sheetRows) return view(r);
        const answer = view(r) as { rejected?: Array<{ index: number }> };
        return {
          ...answer,
          rejected: (answer.rejected ?? []).map((x) => ({ ...x, row: sheetRows[x.index] })),
        };
      },
    })
    .add({
      method: 'post',
      path: '/projects/{id}/attendance',
      tag: 'Monitoring',
      summary: 'Attendance records in bulk; idempotent by project, worker and day',
      rpc: rpc('wage.finance.v1.MonitoringService', 'recordAttendance'),
      status: 202,
      command: true,
      bodyLimit: FEED_LIMIT,
      params: z.object({ id }),
      body: z
        .object({
          records: z
            .array(row(['idNumber', 'date'] as const))
            .min(1)
            .max(MAX_ROWS),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordAttendance.bind(c()),
            {
              projectId: params.id,
              records: body.records.map((r) => ({ idNumber: text(r.idNumber), date: text(r.date) })),
            },
            feed(call),
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/projects/{id}/payroll',
      tag: 'Monitoring',
      summary: "A month's wage payments through the dedicated account; idempotent by content",
      rpc: rpc('wage.finance.v1.MonitoringService', 'recordPayroll'),
      status: 202,
      command: true,
      bodyLimit: FEED_LIMIT,
      params: z.object({ id }),
      body: z
        .object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
          payments: z
            .array(row(['idNumber', 'amountFen', 'paidAt'] as const))
            .min(1)
            .max(MAX_ROWS),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordPayroll.bind(c()),
            {
              projectId: params.id,
              month: body.month,
              payments: body.payments.map((p) => ({
                idNumber: text(p.idNumber),
                amountFen: text(p.amountFen),
                paidAt: text(p.paidAt),
              })),
            },
            feed(call),
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/projects/{id}/allocations',
      tag: 'Monitoring',
      summary:
        'Labour-cost allocations credited to the dedicated wage account (bank feed); idempotent by content',
      rpc: rpc('wage.finance.v1.MonitoringService', 'recordAllocations'),
      status: 202,
      command: true,
      bodyLimit: FEED_LIMIT,
      params: z.object({ id }),
      body: z
        .object({
          allocations: z
            .array(row(['month', 'amountFen', 'receivedOn', 'reference'] as const))
            .min(1)
            .max(MAX_ROWS),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordAllocations.bind(c()),
            {
              projectId: params.id,
              allocations: body.allocations.map((a) => ({
                month: text(a.month),
                amountFen: text(a.amountFen),
                receivedOn: text(a.receivedOn),
                reference: text(a.reference),
              })),
            },
            feed(call),
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/projects/{id}/monitoring',
      tag: 'Monitoring',
      summary: "A project's open warnings by level and its roster size",
      rpc: rpc('wage.finance.v1.MonitoringService', 'getProjectMonitoring'),
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        view(await callUnary(c().getProjectMonitoring.bind(c()), { projectId: params.id }, read(call))),
    })
    .add({
      method: 'get',
      path: '/warnings',
      tag: 'Monitoring',
      summary: "Graded wage warnings in the caller's region",
      rpc: rpc('wage.finance.v1.MonitoringService', 'listWarnings'),
      query: z.object({
        regionCode: regionCode.optional(),
        level: z.enum(['red', 'orange', 'yellow']).optional(),
        status: z.enum(['open', 'handled', 'closed']).optional(),
        projectId: id.optional(),
        limit,
        cursor,
      }),
      handler: async ({ query, call }) => {
        const r = await callUnary(
          c().listWarnings.bind(c()),
          {
            regionCode: query.regionCode ?? '',
            level: query.level ?? '',
            status: query.status ?? '',
            projectId: query.projectId ?? '',
            limit: query.limit,
            cursor: query.cursor ?? '',
          },
          read(call),
        );
        return { items: r.items.map((w) => view(w)), nextCursor: r.nextCursor || null };
      },
    })
    .add({
      method: 'post',
      path: '/warnings/{id}/handling',
      tag: 'Monitoring',
      summary: 'An official records how a warning was handled',
      rpc: rpc('wage.finance.v1.MonitoringService', 'handleWarning'),
      command: true,
      params: z.object({ id }),
      body: z.object({ note: z.string().trim().min(1).max(2000) }).strict(),
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().handleWarning.bind(c()), { id: params.id, note: body.note }, call)),
    });
}
