import {
  annotateContext,
  newId,
  type AggregateStore,
  type EventDraft,
  type PersonalDataProtection,
} from '@wage/kit';
import { shanghaiDate, type WorkingDayCalendar } from '@wage/cn';
import { intake as pb, type common } from '@wage/proto';
import { formatCaseNo, routeClue, type Channel, type RoutingDecision } from '../domain/clue';
import type { RoutingRule } from '../domain/routingRules';
import {
  countyKey,
  normaliseEmployerName,
  sameArrears,
  widenPeriod,
  type ArrearsFacts,
} from '../domain/arrears';
import {
  filingDeadline,
  OPEN_STATUSES,
  PUBLIC_ROUTE_TEXT,
  type CaseHistoryEntry,
  type CaseStatus,
} from '../domain/intakeCase';
import { CHANNEL_NAMES, ROUTE_NAMES } from '../domain/labels';
import {
  nextCaseSeq,
  withArrearsLease,
  type ClueDoc,
  type IntakeCaseDoc,
  type IntakeModels,
  type StoredReporter,
} from '../infra/models';

export const ROUTE_TO_PB = {
  inspection: pb.Route.ROUTE_INSPECTION,
  mediation: pb.Route.ROUTE_MEDIATION,
  transfer: pb.Route.ROUTE_TRANSFER,
} as const;

export interface IntakeDeps {
  models: IntakeModels;
  clues: AggregateStore<ClueDoc>;
  cases: AggregateStore<IntakeCaseDoc>;
  calendar: WorkingDayCalendar;
  pii: PersonalDataProtection;
  routingRules: readonly RoutingRule[];
}

/** A clue's facts from any channel, already validated (reporter absent only for early warnings). */
export interface ClueFacts {
  channel: Channel;
  regionCode: string;
  reporter?: StoredReporter;
  employer: { name: string; uscc?: string };
  projectId?: string;
  workerCount: number;
  amountFen: number;
  description: string;
  occurredFrom?: string;
  occurredTo?: string;
  group: boolean;
  sensitive?: boolean;
  employerVanished?: boolean;
}

export interface ReceiveMeta {
  clueId: string;
  receivingRegion: string;
  receivedBy: string;
  actor?: common.Actor;
  source?: { source: string; sourceId: string };
  sourceWarningId?: string;
  publicAccess?: { trackingCode: string; accessCodeHash: string };
  /** The closed case a return visit found still unpaid. */
  linkedCaseId?: string;
}

export interface Received {
  clue: ClueDoc;
  intakeCase: IntakeCaseDoc;
  outcome: 'created' | 'merged' | 'duplicate';
}

function arrearsFacts(f: ClueFacts): ArrearsFacts {
  return {
    county: countyKey(f.regionCode),
    employerUscc: f.employer.uscc ?? '',
    employerKey: normaliseEmployerName(f.employer.name),
    projectId: f.projectId ?? '',
    periodFrom: f.occurredFrom ?? '',
    periodTo: f.occurredTo ?? '',
  };
}

function caseFacts(c: IntakeCaseDoc): ArrearsFacts {
  return {
    county: c.county,
    employerUscc: c.employer.uscc,
    employerKey: c.employerKey,
    projectId: c.projectId,
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
  };
}

const entry = (at: Date, type: string, summary: string, publicText = ''): CaseHistoryEntry => ({
  at,
  type,
  summary,
  publicText,
});

/** The events and history of filing a case (and routing it), shared by automatic and clerk filing. */
export function filingEffects(
  c: Pick<
    IntakeCaseDoc,
    | '_id'
    | 'caseNo'
    | 'regionCode'
    | 'employer'
    | 'projectId'
    | 'workerCount'
    | 'amountFen'
    | 'route'
    | 'routeReason'
    | 'industryRegulator'
    | 'policeFlag'
    | 'targetRegionCode'
    | 'filingDueAt'
  >,
  at: Date,
  automatic: boolean,
): { events: EventDraft[]; history: CaseHistoryEntry[] } {
  const common = { caseId: c._id, caseNo: c.caseNo, regionCode: c.regionCode };
  return {
    events: [
      {
        type: 'intake.ClueFiled.v1',
        subject: c._id,
        caseId: c._id,
        region: c.regionCode,
        payload: pb.ClueFiled.fromPartial({
          ...common,
          automatic,
          filedAt: at.toISOString(),
          filingDueAt: c.filingDueAt.toISOString(),
        }),
      },
      routedEvent(c),
    ],
    // A group clue's same-day filing and its routing are one moment, and one line of the timeline.
    history: automatic
      ? [
          entry(
            at,
            'intake.CaseRouted',
            `群体性线索当日受理立案；分流：${ROUTE_NAMES[c.route]}（${c.routeReason}）`,
            `已受理。${PUBLIC_ROUTE_TEXT[c.route]}`,
          ),
        ]
      : [
          entry(at, 'intake.ClueFiled', '受理立案', '已受理'),
          entry(
            at,
            'intake.CaseRouted',
            `分流：${ROUTE_NAMES[c.route]}（${c.routeReason}）`,
            PUBLIC_ROUTE_TEXT[c.route],
          ),
        ],
  };
}

function routedEvent(
  c: Pick<
    IntakeCaseDoc,
    | '_id'
    | 'caseNo'
    | 'regionCode'
    | 'employer'
    | 'projectId'
    | 'workerCount'
    | 'amountFen'
    | 'route'
    | 'routeReason'
    | 'industryRegulator'
    | 'policeFlag'
    | 'targetRegionCode'
  >,
): EventDraft {
  return {
    type: 'intake.CaseRouted.v1',
    subject: c._id,
    caseId: c._id,
    region: c.regionCode,
    payload: pb.CaseRouted.fromPartial({
      caseId: c._id,
      caseNo: c.caseNo,
      regionCode: c.regionCode,
      employer: { name: c.employer.name, uscc: c.employer.uscc },
      projectId: c.projectId,
      workerCount: c.workerCount,
      amountFen: String(c.amountFen),
      route: ROUTE_TO_PB[c.route],
      reason: c.routeReason,
      industryRegulator: c.industryRegulator,
      policeFlag: c.policeFlag,
      targetRegionCode: c.targetRegionCode,
    }),
  };
}

function receivedEvent(
  f: ClueFacts,
  meta: ReceiveMeta,
  c: Pick<IntakeCaseDoc, '_id' | 'caseNo' | 'filingDueAt'>,
  merged: boolean,
): EventDraft {
  return {
    type: 'intake.ClueReceived.v1',
    subject: meta.clueId,
    caseId: c._id,
    region: f.regionCode,
    payload: pb.ClueReceived.fromPartial({
      clueId: meta.clueId,
      caseId: c._id,
      caseNo: c.caseNo,
      channel: f.channel,
      regionCode: f.regionCode,
      employer: { name: f.employer.name, uscc: f.employer.uscc ?? '' },
      projectId: f.projectId ?? '',
      workerCount: f.workerCount,
      amountFen: String(f.amountFen),
      groupClue: f.group,
      filingDueAt: c.filingDueAt.toISOString(),
      sourceWarningId: meta.sourceWarningId ?? '',
      merged,
      source: meta.source?.source ?? '',
    }),
  };
}

function receivedSummary(f: ClueFacts): string {
  return `收到线索（${CHANNEL_NAMES[f.channel]}），${f.workerCount} 人，涉及金额 ${(f.amountFen / 100).toFixed(2)} 元`;
}

/**
 * One window for every channel: a clue about the same arrears as an open case joins it (every reporter kept);
 * otherwise it opens a case with a new case number, its filing deadline and its route. Matching and writing
 * happen under the county's arrears lease, so concurrent reports of the same arrears cannot open two cases.
 * Idempotent by the clue id: a retried request, a re-imported record or a redelivered warning finds its clue.
 */
export async function receiveClue(deps: IntakeDeps, f: ClueFacts, meta: ReceiveMeta): Promise<Received> {
  const { models } = deps;
  const known = await models.Clue.findById(meta.clueId).lean();
  if (known) {
    const c = await models.IntakeCase.findById(known.caseId).lean();
    if (c) return { clue: known as ClueDoc, intakeCase: c as IntakeCaseDoc, outcome: 'duplicate' };
  }
  const facts = arrearsFacts(f);
  return withArrearsLease(models, `county:${facts.county}`, async () => {
    const again = await models.Clue.findById(meta.clueId).lean();
    if (again) {
      const c = await models.IntakeCase.findById(again.caseId).lean();
      if (c) return { clue: again as ClueDoc, intakeCase: c as IntakeCaseDoc, outcome: 'duplicate' as const };
    }
    const receivedAt = new Date();
    // A case that already counts this clue (a crash between the case write and the clue write) or the open case
    // for the same arrears.
    let target = (await models.IntakeCase.findOne({ clueIds: meta.clueId }).lean()) as IntakeCaseDoc | null;
    if (!target) {
      const candidates = (await models.IntakeCase.find({
        county: facts.county,
        status: { $in: OPEN_STATUSES },
      })
        .sort({ receivedAt: 1 })
        .lean()) as IntakeCaseDoc[];
      target = candidates.find((c) => sameArrears(caseFacts(c), facts)) ?? null;
    }
    const intakeCase = target
      ? await joinCase(deps, target._id, f, meta, receivedAt)
      : await openCase(deps, f, meta, receivedAt);
    annotateContext({ caseId: intakeCase._id });
    const merged = intakeCase.clueIds[0] !== meta.clueId;
    const clue = await insertClue(deps, f, meta, intakeCase, merged, receivedAt);
    return { clue, intakeCase, outcome: merged ? ('merged' as const) : ('created' as const) };
  });
}

async function insertClue(
  deps: IntakeDeps,
  f: ClueFacts,
  meta: ReceiveMeta,
  c: IntakeCaseDoc,
  merged: boolean,
  receivedAt: Date,
): Promise<ClueDoc> {
  const stored = await deps.clues.createOnce(
    {
      _id: meta.clueId,
      caseId: c._id,
      caseNo: c.caseNo,
      status: c.status,
      channel: f.channel,
      regionCode: f.regionCode,
      receivingRegion: meta.receivingRegion,
      ...(f.reporter ? { reporter: f.reporter } : {}),
      ...(meta.source ? { source: meta.source.source, sourceId: meta.source.sourceId } : {}),
      ...(meta.sourceWarningId ? { sourceWarningId: meta.sourceWarningId } : {}),
      ...(meta.publicAccess ?? {}),
      ...(meta.linkedCaseId ? { linkedCaseId: meta.linkedCaseId } : {}),
      ...(f.employerVanished ? { employerVanished: true } : {}),
      ...(f.sensitive ? { sensitive: true } : {}),
      employer: f.employer,
      ...(f.projectId ? { projectId: f.projectId } : {}),
      workerCount: f.workerCount,
      amountFen: f.amountFen,
      description: f.description,
      ...(f.occurredFrom ? { occurredFrom: f.occurredFrom } : {}),
      ...(f.occurredTo ? { occurredTo: f.occurredTo } : {}),
      groupClue: f.group,
      route: c.route,
      routeReason: c.routeReason,
      merged,
      filingDueAt: c.filingDueAt,
      receivedAt,
      receivedBy: meta.receivedBy,
    } as Omit<ClueDoc, 'version' | 'outbox' | 'processed'>,
    [],
  );
  // A redelivered clue was stored by the first delivery.
  return stored.doc as ClueDoc;
}

async function openCase(
  deps: IntakeDeps,
  f: ClueFacts,
  meta: ReceiveMeta,
  receivedAt: Date,
): Promise<IntakeCaseDoc> {
  const county = countyKey(f.regionCode);
  const year = Number(shanghaiDate(receivedAt).slice(0, 4));
  const caseNo = formatCaseNo(county, year, await nextCaseSeq(deps.models, county, year));
  const caseId = newId();
  const routing: RoutingDecision = routeClue(
    {
      regionCode: f.regionCode,
      workerCount: f.workerCount,
      ...(f.projectId ? { projectId: f.projectId } : {}),
      ...(f.employerVanished ? { employerVanished: true } : {}),
    },
    meta.receivingRegion,
    deps.routingRules,
  );
  const due = filingDeadline(receivedAt, f.group, deps.calendar);
  const facts = arrearsFacts(f);
  const base = {
    _id: caseId,
    caseNo,
    regionCode: f.regionCode,
    county,
    receivingRegion: meta.receivingRegion,
    employer: { name: f.employer.name, uscc: f.employer.uscc ?? '' },
    employerKey: facts.employerKey,
    projectId: facts.projectId,
    periodFrom: facts.periodFrom,
    periodTo: facts.periodTo,
    workerCount: f.workerCount,
    amountFen: f.amountFen,
    groupClue: f.group,
    route: routing.route,
    routeReason: routing.reason,
    routeRule: routing.rule,
    industryRegulator: routing.industryRegulator,
    policeFlag: routing.policeFlag,
    targetRegionCode: routing.targetRegionCode,
    clueIds: [meta.clueId],
    channels: [f.channel],
    sourceWarningIds: meta.sourceWarningId ? [meta.sourceWarningId] : [],
    filingDueAt: due.dueAt,
    dueProvisional: due.provisional,
    receivedAt,
    updatedAt: receivedAt,
    ...(meta.linkedCaseId ? { linkedCaseId: meta.linkedCaseId } : {}),
    commands: [],
  };
  const events: EventDraft[] = [receivedEvent(f, meta, base, false)];
  const history: CaseHistoryEntry[] = [
    entry(receivedAt, 'intake.ClueReceived', receivedSummary(f), '线索已收到'),
  ];
  let status: CaseStatus = 'received';
  let filedAt: Date | undefined;
  if (routing.route === 'transfer') {
    status = 'transferred';
    events.push(
      {
        type: 'intake.ClueTransferred.v1',
        subject: caseId,
        caseId,
        region: f.regionCode,
        payload: pb.ClueTransferred.fromPartial({
          caseId,
          caseNo,
          regionCode: f.regionCode,
          receivingRegion: meta.receivingRegion,
          targetRegionCode: routing.targetRegionCode,
          reason: routing.reason,
        }),
      },
      routedEvent(base),
    );
    history.push(
      entry(
        receivedAt,
        'intake.ClueTransferred',
        `移交 ${routing.targetRegionCode}（${routing.reason}）`,
        PUBLIC_ROUTE_TEXT.transfer,
      ),
    );
  } else if (f.group) {
    status = 'filed';
    filedAt = receivedAt;
    const filing = filingEffects(base, receivedAt, true);
    events.push(...filing.events);
    history.push(...filing.history);
  }
  return deps.cases.create(
    { ...base, status, ...(filedAt ? { filedAt } : {}), history } as Omit<
      IntakeCaseDoc,
      'version' | 'outbox' | 'processed'
    >,
    events,
    {
      ...(meta.actor ? { actor: meta.actor } : {}),
    },
  );
}

async function joinCase(
  deps: IntakeDeps,
  caseId: string,
  f: ClueFacts,
  meta: ReceiveMeta,
  receivedAt: Date,
): Promise<IntakeCaseDoc> {
  const facts = arrearsFacts(f);
  return deps.cases
    .mutate(
      { _id: caseId },
      (c) => {
        if (c.clueIds.includes(meta.clueId)) return { events: [] };
        const reporterCount = c.clueIds.length + 1;
        const events: EventDraft[] = [
          receivedEvent(f, meta, c, true),
          {
            type: 'intake.ClueMerged.v1',
            subject: c._id,
            caseId: c._id,
            region: c.regionCode,
            payload: pb.ClueMerged.fromPartial({
              clueId: meta.clueId,
              caseId: c._id,
              caseNo: c.caseNo,
              channel: f.channel,
              regionCode: f.regionCode,
              reporterCount,
              sourceWarningId: meta.sourceWarningId ?? '',
            }),
          },
        ];
        const history: CaseHistoryEntry[] = [
          entry(receivedAt, 'intake.ClueReceived', receivedSummary(f)),
          entry(
            receivedAt,
            'intake.ClueMerged',
            `同一欠薪事项，并入本案（第 ${reporterCount} 条反映）`,
            '已与反映同一欠薪事项的线索合并办理',
          ),
        ];
        const set: Record<string, unknown> = {
          ...widenPeriod(c, facts),
          workerCount: Math.max(c.workerCount, f.workerCount),
          amountFen: Math.max(c.amountFen, f.amountFen),
          updatedAt: receivedAt,
        };
        if (!c.projectId && facts.projectId) set.projectId = facts.projectId;
        if (!c.employer.uscc && f.employer.uscc) set.employer = { ...c.employer, uscc: f.employer.uscc };
        if (!c.channels.includes(f.channel)) set.channels = [...c.channels, f.channel];
        // A group report joining a case still waiting for acceptance files it the same day.
        if (f.group && c.status === 'received') {
          const filing = filingEffects(c, receivedAt, true);
          events.push(...filing.events);
          history.push(...filing.history);
          Object.assign(set, { status: 'filed', filedAt: receivedAt, groupClue: true });
        }
        return {
          set,
          append: {
            clueIds: [meta.clueId],
            history,
            ...(meta.sourceWarningId ? { sourceWarningIds: [meta.sourceWarningId] } : {}),
          },
          events,
        };
      },
      meta.actor ? { actor: meta.actor } : {},
    )
    .then(async (c) => {
      if (c.status !== 'received')
        await deps.models.Clue.updateMany({ caseId: c._id }, { $set: { status: c.status } });
      return c;
    });
}
