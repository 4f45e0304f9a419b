import { z } from 'zod';
import {
  callUnary,
  idFromIdempotencyKey,
  isDomainError,
  newId,
  ruleViolation,
  SYSTEM_PRINCIPAL,
  unavailable,
  type DomainError,
  type Principal,
} from '@wage/kit';
import { finance, inspection as pb } from '@wage/proto';
import {
  completeAdvance,
  completeDepositDraw,
  refuseIntent,
  requestAdvance,
  requestDepositDraw,
  type MoneyIntent,
} from '../domain/inspectionCase';
import type { InspectionCaseDoc } from '../infra/models';
import { move } from './commands';
import { acting, type InspectionDeps } from './deps';
import { fenField, idField, validate } from './parse';
import { paidWorkers } from './messages';

/*
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
    status: 'pending',
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

async function run(
  deps: InspectionDeps,
  p: Principal,
  kind: Kind,
  req: { id: string; amountFen: string },
  key: string | undefined,
): Promise<MoneyIntent> {
  const input = validate(
    z.object({ id: idField, amountFen: fenField(1) }),
    req,
    kind === 'draws' ? '动用工资保证金' : '应急周转金垫付',
  );
  const intentId = key ? idFromIdempotencyKey(`${kind}:${input.id}`, key) : newId();
  let doc = await move(deps, p, input.id, key, { kind, ...req }, (c) => {
    const intent = newIntent(p, c, kind, key, input.amountFen, intentId);
    return kind === 'draws' ? requestDepositDraw(c, intent, acting(p)) : requestAdvance(c, intent, acting(p));
  });
  let intent = (doc[kind] ?? []).find((x) => x.id === intentId);
  if (!intent) throw unavailable('支付记录未找到，请重试');
  if (intent.status === 'pending') {
    doc = await finishIntent(deps, doc, kind, intentId, p.token, p);
    intent = (doc[kind] ?? []).find((x) => x.id === intentId)!;
  }
  if (intent.status === 'refused') throw ruleViolation(intent.refusal ?? '财政拒绝');
  return intent;
}

/** POST /inspection/cases/{id}/deposit-draws */
export async function drawDeposit(
  deps: InspectionDeps,
  p: Principal,
  req: pb.DrawDepositRequest,
  key: string | undefined,
): Promise<pb.DrawDepositResponse> {
  const d = await run(deps, p, 'draws', req, key);
  return pb.DrawDepositResponse.fromPartial({
    drawId: d.id,
    drawnFen: String(d.doneFen),
    remainingArrearsFen: String(d.outstandingAfterFen ?? 0),
    topUpDueDate: d.topUpDueDate ?? '',
    depositBalanceFen: String(d.depositBalanceFen ?? 0),
    workers: paidWorkers(d),
  });
}

/** POST /inspection/cases/{id}/emergency-advances */
export async function advanceEmergencyFund(
  deps: InspectionDeps,
  p: Principal,
  req: pb.AdvanceRequest,
  key: string | undefined,
): Promise<pb.AdvanceResponse> {
  const d = await run(deps, p, 'advances', req, key);
  return pb.AdvanceResponse.fromPartial({
    advanceId: d.id,
    advancedFen: String(d.doneFen),
    recoveryClaimId: d.recoveryClaimId ?? '',
    remainingArrearsFen: String(d.outstandingAfterFen ?? 0),
  });
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
