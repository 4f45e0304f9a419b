import { shanghaiDate } from '@wage/cn';
import { SYSTEM_PRINCIPAL } from '@wage/kit';
import { isIgnored, markOrderOverdue, markReviewOverdue } from '../domain/inspectionCase';
import type { InspectionCaseDoc } from '../infra/models';
import { acting, type InspectionDeps } from './deps';

const BATCH = 200;

async function markIgnoredOrders(
  deps: InspectionDeps,
  c: Pick<InspectionCaseDoc, '_id' | 'caseId' | 'orders'>,
  now: Date,
): Promise<void> {
  const a = acting(SYSTEM_PRINCIPAL, now);
  for (const o of (c.orders ?? []).filter((x) => !x.overdue && isIgnored(x, now))) {
    await deps.cases
      .mutate({ _id: c._id }, (cur) => markOrderOverdue(cur, o.id, a))
      .catch((e) => deps.logger.warn({ err: e, caseId: c.caseId }, 'overdue order not marked'));
  }
}

/**
 * The same notice, on one case, before any command on it: a draw, referral or closing that relies on an
 * ignored order never precedes that order's overdue notice, whatever the scheduler's timing.
 */
export async function noticeOverdueOrders(
  deps: InspectionDeps,
  caseDocId: string,
  now = new Date(),
): Promise<void> {
  const c = await deps.models.InspectionCase.findById(caseDocId, { caseId: 1, status: 1, orders: 1 }).lean<
    Pick<InspectionCaseDoc, '_id' | 'caseId' | 'status' | 'orders'>
  >();
  if (c && c.status !== 'closed') await markIgnoredOrders(deps, c, now);
}

/**
 * The scheduler's pass: payment orders past their due date and unpaid are published as overdue
 * (PaymentOrderOverdue, once each: the flag is set in the same write as the event), and police reviews
 * past their 3 days show on the case. Writes are conditioned on the version read, so instances may overlap.
 */
export async function overdueScan(deps: InspectionDeps, now = new Date()): Promise<void> {
  const a = acting(SYSTEM_PRINCIPAL, now);
  const today = shanghaiDate(now);
  const withOrders = await deps.models.InspectionCase.find({
    status: { $ne: 'closed' },
    orders: { $elemMatch: { kind: 'payment', overdue: false, met: false, dueDate: { $lt: today } } },
  })
    .limit(BATCH)
    .lean<InspectionCaseDoc[]>();
  for (const c of withOrders) await markIgnoredOrders(deps, c, now);
  const late = await deps.models.InspectionCase.find({
    referrals: {
      $elemMatch: { status: 'sent', reviewOverduePublished: { $ne: true }, policeReviewDueAt: { $lt: now } },
    },
  })
    .limit(BATCH)
    .lean<InspectionCaseDoc[]>();
  for (const c of late) {
    for (const r of c.referrals ?? []) {
      await deps.cases
        .mutate({ _id: c._id }, (cur) => markReviewOverdue(cur, r.id, a))
        .catch((e) => deps.logger.warn({ err: e }, 'review overdue not marked'));
    }
  }
}
