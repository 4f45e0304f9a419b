import { z } from 'zod';
import {
  callUnary,
  idFromIdempotencyKey,
  asServiceAccount,
  coversRegion,
  invalidArgument,
  isDomainError,
  newId,
  notFound,
  regionScopeFilter,
  requireRegion,
  ruleViolation,
  SYSTEM_PRINCIPAL,
  unavailable,
  type DomainError,
  type Principal,
} from '@wage/kit';
import { finance, inspection as pb } from '@wage/proto';
import {
  approveMoneyRequest,
  completeAdvance,
  completeDepositDraw,
  drawPayees,
  refuseIntent,
  rejectMoneyRequest,
  requestAdvance,
  requestDepositDraw,
  type DrawPayee,
  type MoneyIntent,
  type MoneyIntentStatus,
} from '../domain/inspectionCase';
import type { InspectionCaseDoc } from '../infra/models';
import { move } from './commands';
import { acting, WHAT, type InspectionDeps } from './deps';
import { fenField, idField, validate } from './parse';
import { moneyRequestMessage, paidWorkers } from './messages';
import { requireOnRoster } from './roster';

/*
 * Four-eyes (四眼原则): an inspector's draw or advance is only a request, held as `pending_approval`; an
 * inspection chief of the region, never the requester, approves it (every rule re-checked) and only then is
 * money moved, with the chief's token; finance confirms the approved request with inspection before moving it.
 *
 * Deposit draws and emergency advances move money in finance, another service with its own database, so
 * they cannot be one write. Crash safety comes from three steps and finance's idempotency by key:
 *   1. the intent (amount, project, the idempotency key finance will see) is written on the case: `pending`;
 *   2. finance is called with that key (the same key always names the same ledger posting there);
 *   3. the outcome (what finance actually drew / advanced) is written on the case: `completed` or `refused`.
 * A crash after 1 or 2 leaves a pending intent; the `finish-money` job (and a retry of the same command)
 * calls finance again with the same key, which answers what it did the first time, and completes step 3.
 * The intent is completed only from `pending`, so a second completion changes nothing.
 */

type Kind = 'draws' | 'advances';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newIntent(
  p: Principal,
  c: InspectionCaseDoc,
  kind: Kind,
  key: string | undefined,
  amountFen: number,
  id: string,
): MoneyIntent {
  const number = (c[kind] ?? []).length + 1;
  const word = kind === 'draws' ? 'draw' : 'advance';
  return {
    id,
    number,
    status: 'pending_approval',
    requestedFen: amountFen,
    // Derived from the inspection command's key (or the case and the draw's number): a retried or replayed
    // command, and the job after a crash, present finance with the same key, so nothing is paid twice.
    financeKey: key ? `inspection:${c._id}:${word}:${key}` : `inspection:${c._id}:${word}#${number}`,
    commandKey: key ?? '',
    projectId: c.projectId,
    requestedAt: new Date(),
    requestedBy: p.username,
    doneFen: 0,
  };
}

/** Finance's refusals are answers (recorded, passed through); outages and expired tokens leave the intent pending. */
function isRefusal(e: unknown): e is DomainError {
  return isDomainError(e) && e.httpStatus < 500 && e.kind !== 'unauthenticated';
}

async function callFinance(
  deps: InspectionDeps,
  c: InspectionCaseDoc,
  kind: Kind,
  intent: MoneyIntent,
  token: string,
) {
  const client = deps.finance();
  const settings = { token, idempotencyKey: intent.financeKey, deadlineMs: 15_000 };
  if (kind === 'draws') {
    const r = await callUnary(
      client.drawDeposit.bind(client),
      finance.DrawDepositRequest.fromPartial({
        requestId: intent.id,
        caseId: c.caseId,
        projectId: intent.projectId,
        amountFen: String(intent.requestedFen),
        // The payment notice names the workers (fixed with the intent, so a retry sends the same notice).
        workers: (intent.payees ?? []).map((p) => ({
          name: p.name,
          idNumber: deps.pii().cipher.decrypt(p.idNumberEnc),
          amountFen: String(p.amountFen),
        })),
      }),
      settings,
    );
    return { kind, r } as const;
  }
  const r = await callUnary(
    client.advanceEmergencyFund.bind(client),
    finance.AdvanceEmergencyFundRequest.fromPartial({
      requestId: intent.id,
      caseId: c.caseId,
      regionCode: c.regionCode,
      amountFen: String(intent.requestedFen),
      employer: { name: c.employer.name, uscc: c.employer.uscc },
    }),
    settings,
  );
  return { kind, r } as const;
}

/** Steps 2 and 3 for one pending intent. Returns the case as completed (or throws finance's refusal). */
export async function finishIntent(
  deps: InspectionDeps,
  c: InspectionCaseDoc,
  kind: Kind,
  intentId: string,
  token: string,
  p: Principal = SYSTEM_PRINCIPAL,
): Promise<InspectionCaseDoc> {
  const intent = (c[kind] ?? []).find((x) => x.id === intentId)!;
  if (deps.fault?.pauseBeforeFinanceMs) await sleep(deps.fault.pauseBeforeFinanceMs);
  let answer: Awaited<ReturnType<typeof callFinance>>;
  try {
    answer = await callFinance(deps, c, kind, intent, token);
  } catch (e) {
    if (!isRefusal(e)) {
      deps.logger.warn(
        { err: e, caseId: c.caseId, intent: intent.id },
        'finance did not answer; the intent stays pending',
      );
      throw unavailable(
        '财政服务暂不可用，支付已登记为处理中，将自动完成 (finance unavailable; the movement is pending and will be completed)',
      );
    }
    const reason = e.kind === 'not_found' ? `财政系统中找不到该项目或账户：${e.detail}` : e.detail;
    await deps.cases.mutate({ _id: c._id }, (cur) => refuseIntent(cur, kind, intent.id, reason, acting(p)));
    throw e.kind === 'not_found' ? ruleViolation(reason) : e;
  }
  if (deps.fault?.pauseAfterFinanceMs) await sleep(deps.fault.pauseAfterFinanceMs);
  return deps.cases.mutate({ _id: c._id }, (cur) =>
    answer.kind === 'draws'
      ? completeDepositDraw(
          cur,
          intent.id,
          {
            drawnFen: Number(answer.r.drawnFen),
            topUpDueDate: answer.r.topUpDueDate,
            financeId: answer.r.drawId,
            depositBalanceFen: Number(answer.r.depositBalanceFen),
          },
          acting(p),
        )
      : completeAdvance(
          cur,
          intent.id,
          {
            advancedFen: Number(answer.r.advancedFen),
            recoveryClaimId: answer.r.recoveryClaimId,
            financeId: answer.r.advanceId,
          },
          acting(p),
        ),
  );
}

/** The named workers (payees) must be on the project's real-name roster; finance keeps the roster. */
async function payeesOnRoster(
  deps: InspectionDeps,
  p: Principal,
  projectId: string,
  payees: readonly DrawPayee[],
): Promise<void> {
  await requireOnRoster(
    deps,
    p,
    projectId,
    payees.map((w, i) => ({
      field: `workers[${i}]`,
      name: w.name,
      idNumber: deps.pii().cipher.decrypt(w.idNumberEnc),
    })),
  );
}

/** An inspector's draw or advance: recorded as `pending_approval`, nothing moves. */
async function request(
  deps: InspectionDeps,
  p: Principal,
  kind: Kind,
  req: { id: string; amountFen: string },
  key: string | undefined,
): Promise<pb.MoneyRequestAccepted> {
  const input = validate(
    z.object({ id: idField, amountFen: fenField(1) }),
    req,
    kind === 'draws' ? '动用工资保证金' : '应急周转金垫付',
  );
  if (kind === 'draws') {
    const current = await deps.models.InspectionCase.findById(input.id).lean<InspectionCaseDoc>();
    if (current?.projectId && coversRegion(p, current.regionCode)) {
      const payees = drawPayees(current, input.amountFen);
      if (!isDomainError(payees)) await payeesOnRoster(deps, p, current.projectId, payees);
    }
  }
  const intentId = key ? idFromIdempotencyKey(`${kind}:${input.id}`, key) : newId();
  const doc = await move(deps, p, input.id, key, { kind, ...req }, (c) => {
    const intent = newIntent(p, c, kind, key, input.amountFen, intentId);
    return kind === 'draws' ? requestDepositDraw(c, intent, acting(p)) : requestAdvance(c, intent, acting(p));
  });
  const intent = (doc[kind] ?? []).find((x) => x.id === intentId);
  if (!intent) throw unavailable('支付申请记录未找到，请重试');
  return { requestId: intent.id, status: intent.status, amountFen: String(intent.requestedFen) };
}

/** POST /inspection/cases/{id}/deposit-draws (202: a request awaiting a chief's approval) */
export function drawDeposit(
  deps: InspectionDeps,
  p: Principal,
  req: pb.DrawDepositRequest,
  key: string | undefined,
): Promise<pb.MoneyRequestAccepted> {
  return request(deps, p, 'draws', req, key);
}

/** POST /inspection/cases/{id}/emergency-advances (202: a request awaiting a chief's approval) */
export function advanceEmergencyFund(
  deps: InspectionDeps,
  p: Principal,
  req: pb.AdvanceRequest,
  key: string | undefined,
): Promise<pb.MoneyRequestAccepted> {
  return request(deps, p, 'advances', req, key);
}

/** The case holding a money request, and which list it is in; missing (or outside the region) is 404. */
async function caseOfRequest(deps: InspectionDeps, p: Principal, requestId: string) {
  const doc = await deps.models.InspectionCase.findOne({
    $or: [{ 'draws.id': requestId }, { 'advances.id': requestId }],
  }).lean<InspectionCaseDoc>();
  if (!doc) throw notFound('支付申请不存在');
  requireRegion(p, doc.regionCode, '支付申请');
  const kind: Kind = (doc.draws ?? []).some((x) => x.id === requestId) ? 'draws' : 'advances';
  return { doc, kind };
}

const APPROVED: readonly MoneyIntentStatus[] = ['pending', 'completed', 'refused'];

/** GET /inspection/money-requests?status= (inspection-chief, labor-inspector), region-scoped, newest first. */
export async function listMoneyRequests(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ListMoneyRequestsRequest,
): Promise<pb.ListMoneyRequestsResponse> {
  const input = validate(
    z.object({
      status: z.enum(['', 'pending_approval', 'approved', 'rejected']),
      limit: z.number().int().min(0).max(500),
    }),
    req,
    '支付申请查询',
  );
  const statuses: readonly string[] | undefined =
    input.status === 'approved' ? APPROVED : input.status ? [input.status] : undefined;
  const wanted = (x: MoneyIntent) =>
    !statuses || (statuses.includes(x.status) && (input.status !== 'approved' || Boolean(x.decidedBy)));
  const filter: Record<string, unknown> = {
    ...regionScopeFilter(p),
    $or: statuses
      ? [{ 'draws.status': { $in: statuses } }, { 'advances.status': { $in: statuses } }]
      : [{ 'draws.0': { $exists: true } }, { 'advances.0': { $exists: true } }],
  };
  const docs = await deps.models.InspectionCase.find(filter).limit(1000).lean<InspectionCaseDoc[]>();
  const items = docs
    .flatMap((c) =>
      (['draws', 'advances'] as const).flatMap((kind) =>
        (c[kind] ?? [])
          .filter(wanted)
          .map((x) => ({ at: new Date(x.requestedAt).getTime(), m: moneyRequestMessage(c, kind, x) })),
      ),
    )
    .sort((a, b) => b.at - a.at)
    .slice(0, input.limit || 100)
    .map((x) => x.m);
  return { items };
}

/**
 * POST /inspection/money-requests/{requestId}/decision (inspection-chief of the region). Approval re-checks
 * every rule and moves the money once: a retried approval finds the request no longer held and answers what
 * the movement did (finance sees the same key). Rejection records the note.
 */
export async function decideMoneyRequest(
  deps: InspectionDeps,
  p: Principal,
  req: pb.DecideMoneyRequestRequest,
  key: string | undefined,
): Promise<pb.DecideMoneyRequestResponse> {
  const input = validate(
    z.object({
      requestId: idField,
      decision: z.enum(['approved', 'rejected']),
      note: z.string().trim().max(500, '最多500个字符'),
    }),
    req,
    '支付申请审批',
  );
  if (input.decision === 'rejected' && !input.note)
    throw invalidArgument('驳回须说明理由', [{ field: 'note', message: '请填写驳回理由' }]);
  const { doc: found, kind } = await caseOfRequest(deps, p, input.requestId);
  const held = (found[kind] ?? []).find((x) => x.id === input.requestId)!;
  if (
    input.decision === 'approved' &&
    kind === 'draws' &&
    held.status === 'pending_approval' &&
    held.requestedBy !== acting(p).by &&
    found.projectId
  ) {
    const others = { ...found, draws: (found.draws ?? []).filter((x) => x.id !== held.id) };
    const payees = drawPayees(others, held.requestedFen);
    if (!isDomainError(payees)) await payeesOnRoster(deps, p, found.projectId, payees);
  }
  let doc = await move(deps, p, found._id, key, input, (c) =>
    input.decision === 'approved'
      ? approveMoneyRequest(c, kind, input.requestId, input.note, acting(p))
      : rejectMoneyRequest(c, kind, input.requestId, input.note, acting(p)),
  );
  let intent = (doc[kind] ?? []).find((x) => x.id === input.requestId)!;
  if (input.decision === 'approved') {
    if (intent.status === 'rejected') throw ruleViolation('该支付申请已被驳回，不能再批准');
    if (intent.status === 'pending') {
      doc = await finishIntent(deps, doc, kind, intent.id, p.token, p);
      intent = (doc[kind] ?? []).find((x) => x.id === input.requestId)!;
    }
    if (intent.status === 'refused') throw ruleViolation(intent.refusal ?? '财政拒绝');
  } else if (intent.status !== 'rejected') {
    throw ruleViolation('该支付申请已批准，不能再驳回');
  }
  return pb.DecideMoneyRequestResponse.fromPartial({
    requestId: intent.id,
    kind: kind === 'draws' ? 'draw' : 'advance',
    status: intent.status,
    ...(kind === 'draws'
      ? {
          drawnFen: String(intent.doneFen),
          topUpDueDate: intent.topUpDueDate ?? '',
          depositBalanceFen: String(intent.depositBalanceFen ?? 0),
          workers: paidWorkers(intent),
        }
      : { advancedFen: String(intent.doneFen), recoveryClaimId: intent.recoveryClaimId ?? '' }),
    remainingArrearsFen: String(intent.outstandingAfterFen ?? doc.outstandingFen ?? 0),
  });
}

/**
 * Finance asks before moving money: the request must be on this case, approved by someone other than the
 * requester, for this amount and project (draws) or region (advances). Anything else is not confirmed (404),
 * so a caller cannot invent a case, an order or an approval.
 */
export async function confirmMoneyRequest(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ConfirmMoneyRequestRequest,
): Promise<pb.ConfirmMoneyRequestResponse> {
  const refuse = () => notFound('监察机构无此已批准的支付申请 (no approved inspection request matches)');
  if (!req.caseId || !req.requestId) throw refuse();
  const doc = await deps.models.InspectionCase.findOne({ caseId: req.caseId }).lean<InspectionCaseDoc>();
  if (!doc) throw refuse();
  requireRegion(asServiceAccount(p, 'wage-inspection'), doc.regionCode, WHAT);
  const kind: Kind | undefined =
    req.kind === 'draw' ? 'draws' : req.kind === 'advance' ? 'advances' : undefined;
  const x = kind ? (doc[kind] ?? []).find((i) => i.id === req.requestId) : undefined;
  const ok =
    x !== undefined &&
    (x.status === 'pending' || x.status === 'completed') &&
    Boolean(x.decidedBy) &&
    x.decidedBy !== x.requestedBy &&
    String(x.requestedFen) === String(Number(req.amountFen)) &&
    (kind === 'draws' ? x.projectId === req.projectId : doc.regionCode === req.regionCode);
  if (!ok) throw refuse();
  return { confirmed: true, approvedBy: x.decidedBy ?? '', requestedBy: x.requestedBy };
}

/**
 * The job: completes intents a crash (or an outage of finance) left pending, as the inspection service's own
 * account (finance authorises role `wage-inspection` for this); an inspector opening the case does the same
 * with the inspector's token. Finance sees the intent's key again, so it answers with the first movement.
 */
export async function finishPendingMoney(
  deps: InspectionDeps,
  olderThanMs: number,
  caller?: Principal,
  only?: InspectionCaseDoc,
): Promise<void> {
  const before = new Date(Date.now() - olderThanMs);
  const docs = only
    ? [only]
    : await deps.models.InspectionCase.find({
        $or: [{ 'draws.status': 'pending' }, { 'advances.status': 'pending' }],
      })
        .limit(100)
        .lean<InspectionCaseDoc[]>();
  for (const c of docs) {
    for (const kind of ['draws', 'advances'] as const) {
      for (const intent of (c[kind] ?? []).filter(
        (x) => x.status === 'pending' && new Date(x.requestedAt) <= before,
      )) {
        let token = caller?.token ?? '';
        if (!token) {
          if (!deps.serviceToken) continue; // no service account: the next inspector opening the case completes it
          try {
            token = await deps.serviceToken();
          } catch (e) {
            deps.logger.warn({ err: e }, 'no service token; pending money movements wait');
            return;
          }
        }
        const current = await deps.models.InspectionCase.findById(c._id).lean<InspectionCaseDoc>();
        if (!current) continue;
        try {
          await finishIntent(deps, current, kind, intent.id, token, caller ?? SYSTEM_PRINCIPAL);
          deps.logger.info({ caseId: c.caseId, intent: intent.id, kind }, 'pending money movement completed');
        } catch (e) {
          deps.logger.warn(
            { err: e, caseId: c.caseId, intent: intent.id },
            'pending money movement not completed yet',
          );
        }
      }
    }
  }
}
