import { z } from 'zod';
import { callUnary, GATEWAY_IDENTITY, platformChannel } from '@wage/kit';
import { intake, rpc } from '@wage/proto';
import type { RouteTable } from '../http/routes';
import type { Upstreams } from '../upstream';
import { cursor, dateString, fen, id, limit, regionCode, uscc } from './schemas';

const ROUTES = { 1: 'inspection', 2: 'mediation', 3: 'transfer' } as const;

const person = z
  .object({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().min(15).max(18),
    phone: z.string().min(5).max(20),
  })
  .strict();

const clueBody = z
  .object({
    channel: z.enum(['window', 'hotline_12345', 'national_platform', 'police_110', 'online', 'union']),
    regionCode,
    reporter: person,
    employer: z.object({ name: z.string().trim().min(1).max(100), uscc: uscc.optional() }).strict(),
    projectId: id.optional(),
    workerCount: z.number().int().min(1).max(100_000),
    amountFen: fen,
    description: z.string().trim().min(1).max(4_000),
    occurredFrom: dateString.optional(),
    occurredTo: dateString.optional(),
    sensitive: z.boolean().optional(),
    employerVanished: z.boolean().optional(),
  })
  .strict()
  .openapi('ClueRequest');

const publicClueBody = z
  .object({
    regionCode,
    reporter: person,
    employer: z.object({ name: z.string().trim().min(1).max(100), uscc: uscc.optional() }).strict(),
    workerCount: z.number().int().min(1).max(100_000),
    amountFen: fen,
    description: z.string().trim().min(1).max(4_000),
  })
  .strict()
  .openapi('PublicClueRequest');

const progressView = z
  .object({
    status: z.string(),
    statusText: z.string(),
    updatedAt: z.string(),
    steps: z.array(z.object({ at: z.string(), text: z.string() })),
  })
  .openapi('PublicClueProgress');

const decisionBody = z
  .object({ decision: z.enum(['filed', 'rejected']), reason: z.string().trim().max(1000).default('') })
  .strict()
  .openapi('FilingDecision');

const importBody = z
  .object({ source: z.enum(['national_platform', 'hotline_12345']), content: z.string().max(5_000_000) })
  .strict()
  .openapi('ClueImport');

const importView = z
  .object({
    created: z.number(),
    merged: z.number(),
    duplicates: z.number(),
    rejected: z.array(
      z.object({ line: z.number(), errors: z.array(z.object({ field: z.string(), message: z.string() })) }),
    ),
  })
  .openapi('ClueImportResult');

const scheduleBody = z
  .object({
    year: z.number().int().min(2000).max(2099),
    holidays: z.array(dateString).max(400),
    workdays: z.array(dateString).max(400),
    source: z.string().max(500).optional(),
  })
  .strict()
  .openapi('HolidaySchedule');

const publicClients = new WeakMap<object, intake.PublicClueServiceClient>();

/** The public service shares the intake client's channel (the upstream table knows one client per service). */
function publicClient(up: Upstreams): intake.PublicClueServiceClient {
  const base = up.intake();
  let c = publicClients.get(base);
  if (!c) {
    c = new intake.PublicClueServiceClient('intake', platformChannel(GATEWAY_IDENTITY), {
      channelOverride: base.getChannel(),
    });
    publicClients.set(base, c);
  }
  return c;
}

const clueView = z
  .object({
    id: z.string(),
    caseId: z.string(),
    caseNo: z.string(),
    status: z.string(),
    route: z.enum(['inspection', 'mediation', 'transfer']),
    merged: z.boolean(),
    filingDueAt: z.string(),
    channel: z.string(),
    regionCode: z.string(),
    employer: z.object({ name: z.string(), uscc: z.string().optional() }),
    projectId: z.string().optional(),
    workerCount: z.number(),
    amountFen: z.number(),
    receivedAt: z.string(),
    caseStatus: z.string(),
    routeReason: z.string(),
    reporterCount: z.number(),
    filingDueProvisional: z.boolean(),
    targetRegionCode: z.string().optional(),
    policeFlag: z.boolean(),
    reporter: z.object({ name: z.string(), idNumber: z.string(), phone: z.string() }).optional(),
  })
  .openapi('Clue');

export function toClueView(c: intake.Clue): z.infer<typeof clueView> {
  return {
    id: c.id,
    caseId: c.caseId,
    caseNo: c.caseNo,
    status: c.status,
    route: ROUTES[c.route as 1 | 2 | 3] ?? 'inspection',
    merged: c.merged,
    filingDueAt: c.filingDueAt,
    channel: c.channel,
    regionCode: c.regionCode,
    employer: { name: c.employer?.name ?? '', ...(c.employer?.uscc ? { uscc: c.employer.uscc } : {}) },
    ...(c.projectId ? { projectId: c.projectId } : {}),
    workerCount: c.workerCount,
    amountFen: Number(c.amountFen),
    receivedAt: c.receivedAt,
    caseStatus: c.caseStatus,
    routeReason: c.routeReason,
    reporterCount: c.reporterCount,
    filingDueProvisional: c.filingDueProvisional,
    ...(c.targetRegionCode ? { targetRegionCode: c.targetRegionCode } : {}),
    policeFlag: c.policeFlag,
    ...(c.reporter
      ? { reporter: { name: c.reporter.name, idNumber: c.reporter.idNumber, phone: c.reporter.phone } }
      : {}),
  };
}

/** Clues: one window for every channel (intake service). */
export function intakeRoutes(routes: RouteTable, up: Upstreams): void {
  routes
    .add({
      method: 'post',
      path: '/clues',
      tag: 'Clues',
      summary:
        'Receive a clue from any channel (一窗受理); merges with an existing case for the same arrears',
      rpc: rpc('wage.intake.v1.IntakeService', 'fileClue'),
      body: clueBody,
      response: clueView,
      status: 201,
      command: true,
      handler: async ({ body, call }) => {
        const c = up.intake();
        const clue = await callUnary(
          c.fileClue.bind(c),
          intake.FileClueRequest.fromPartial({
            ...body,
            amountFen: String(body.amountFen),
            employer: { name: body.employer.name, uscc: body.employer.uscc ?? '' },
          }),
          call,
        );
        return toClueView(clue);
      },
    })
    .add({
      method: 'get',
      path: '/clues/{id}',
      tag: 'Clues',
      summary: 'A clue and its case',
      rpc: rpc('wage.intake.v1.IntakeService', 'getClue'),
      params: z.object({ id }),
      response: clueView,
      handler: async ({ params, call, unmask }) => {
        const c = up.intake();
        return toClueView(
          await callUnary(c.getClue.bind(c), { id: params.id }, { ...call, unmask, idempotent: true }),
        );
      },
    })
    .add({
      method: 'get',
      path: '/clues',
      tag: 'Clues',
      summary: "Clues of the caller's region and below, newest first",
      rpc: rpc('wage.intake.v1.IntakeService', 'listClues'),
      query: z.object({
        status: z.enum(['received', 'filed', 'rejected', 'transferred', 'closed']).optional(),
        regionCode: regionCode.optional(),
        limit,
        cursor,
      }),
      response: z.object({ items: z.array(clueView), nextCursor: z.string().nullable() }),
      handler: async ({ query, call }) => {
        const c = up.intake();
        const r = await callUnary(
          c.listClues.bind(c),
          {
            status: query.status ?? '',
            regionCode: query.regionCode ?? '',
            limit: query.limit,
            cursor: query.cursor ?? '',
          },
          { ...call, idempotent: true },
        );
        return { items: r.items.map(toClueView), nextCursor: r.nextCursor || null };
      },
    })
    .add({
      method: 'post',
      path: '/clues/{id}/decision',
      tag: 'Clues',
      summary: 'Accept (file) or reject a clue within its 5 working days (受理 / 不予受理)',
      rpc: rpc('wage.intake.v1.IntakeService', 'decideFiling'),
      params: z.object({ id }),
      body: decisionBody,
      response: clueView,
      command: true,
      handler: async ({ params, body, call }) => {
        const c = up.intake();
        return toClueView(
          await callUnary(
            c.decideFiling.bind(c),
            { clueId: params.id, decision: body.decision, reason: body.reason },
            call,
          ),
        );
      },
    })
    .add({
      method: 'post',
      path: '/clues/import',
      tag: 'Clues',
      summary:
        'Import a clue file (JSON lines) from the national platform or the 12345 hotline; one bad record never sinks the good ones',
      rpc: rpc('wage.intake.v1.IntakeService', 'importClues'),
      body: importBody,
      response: importView,
      command: true,
      bodyLimit: '5mb',
      handler: async ({ body, call }) => {
        const c = up.intake();
        return callUnary(c.importClues.bind(c), body, {
          ...call,
          deadlineMs: Math.max(call.deadlineMs ?? 0, 120_000),
        });
      },
    })
    .add({
      method: 'post',
      path: '/calendar/schedules',
      tag: 'Clues',
      summary:
        "Load a year's official holiday schedule (data, not a release); provisional filing deadlines are recomputed",
      rpc: rpc('wage.intake.v1.IntakeService', 'loadCalendarSchedule'),
      body: scheduleBody,
      response: z.object({ year: z.number(), recomputed: z.number() }),
      command: true,
      handler: async ({ body, call }) => {
        const c = up.intake();
        return callUnary(c.loadCalendarSchedule.bind(c), { ...body, source: body.source ?? '' }, call);
      },
    })
    .add({
      method: 'post',
      path: '/public/clues',
      tag: 'Public',
      summary: 'A worker reports unpaid wages without logging in; returns a tracking code and an access code',
      rpc: rpc('wage.intake.v1.PublicClueService', 'submitPublicClue'),
      body: publicClueBody,
      response: z.object({ trackingCode: z.string(), accessCode: z.string() }),
      status: 201,
      handler: async ({ body, call, req }) => {
        const key = req.get('idempotency-key');
        const c = publicClient(up);
        return callUnary(
          c.submitPublicClue.bind(c),
          intake.PublicClueRequest.fromPartial({
            ...body,
            amountFen: String(body.amountFen),
            employer: { name: body.employer.name, uscc: body.employer.uscc ?? '' },
            idempotencyKey: key && key.length <= 200 ? key : '',
          }),
          { deadlineMs: call.deadlineMs },
        );
      },
    })
    .add({
      method: 'get',
      path: '/public/clues/{trackingCode}',
      tag: 'Public',
      summary:
        'A worker follows their clue with the access code (header X-Access-Code); 404 with a wrong code',
      rpc: rpc('wage.intake.v1.PublicClueService', 'trackPublicClue'),
      params: z.object({ trackingCode: z.string().min(1).max(64) }),
      response: progressView,
      handler: async ({ params, call, req }) => {
        const c = publicClient(up);
        return callUnary(
          c.trackPublicClue.bind(c),
          { trackingCode: params.trackingCode, accessCode: req.get('x-access-code') ?? '' },
          { deadlineMs: call.deadlineMs, idempotent: true },
        );
      },
    });
}
