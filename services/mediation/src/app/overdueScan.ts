import { shanghaiDate } from '@wage/cn';
import { DomainError, SYSTEM_PRINCIPAL } from '@wage/kit';
import { isAwardUnpaid, markAwardUnpaid, markOverdue, overdueStep } from '../domain/arbitrationCase';
import { endWithoutAgreement, isAgreementUnpaid, markAgreementUnpaid } from '../domain/mediationCase';
import type { ArbitrationCaseDoc, CourtRequestDoc, MediationCaseDoc } from '../infra/models';
import { acting, type MediationDeps } from './deps';
import { applyRecovery, ensureArbitration, ensureEnforcement, ensurePaymentOrder } from './links';
import { arbitrationIdOf } from './mediationCommands';

const BATCH = 200;

/**
 * The scheduler's pass: mediation periods that ran out go to arbitration, agreements and awards unpaid past
 * their date are published as unpaid (once each: the flag is set in the same write as the event), arbitration
 * steps past their deadline are published as overdue (once per deadline), and two-step commands a crash
 * interrupted are finished. Every write is conditioned on the version read, so several instances may run it.
 */
export async function overdueScan(deps: MediationDeps, now = new Date()): Promise<void> {
  const a = acting(SYSTEM_PRINCIPAL, now);
  const today = shanghaiDate(now);
  const { MediationCase, ArbitrationCase } = deps.models;

  const expired = await MediationCase.find({ status: 'open', dueAt: { $lt: now } })
    .limit(BATCH)
    .lean<MediationCaseDoc[]>();
  for (const m of expired) {
    const done = await attempt(deps, 'mediation expiry', () =>
      deps.cases.mutate({ _id: m._id }, (c) =>
        endWithoutAgreement(
          c,
          { reason: '调解期满未达成协议', expired: true, arbitrationCaseId: arbitrationIdOf(c._id) },
          a,
        ),
      ),
    );
    if (done) await ensureArbitration(deps, done);
  }

  const agreements = await MediationCase.find({
    status: 'agreed',
    'agreement.payBy': { $lt: today },
    'agreement.unpaidPublishedAt': { $exists: false },
  })
    .limit(BATCH)
    .lean<MediationCaseDoc[]>();
  for (const m of agreements.filter((x) => isAgreementUnpaid(x, now))) {
    await attempt(deps, 'agreement unpaid', () =>
      deps.cases.mutate({ _id: m._id }, (c) => markAgreementUnpaid(c, a)),
    );
  }

  const awards = await ArbitrationCase.find({
    status: 'awarded',
    'award.payBy': { $lt: today },
    'award.unpaidPublishedAt': { $exists: false },
  })
    .limit(BATCH)
    .lean<ArbitrationCaseDoc[]>();
  for (const c of awards.filter((x) => isAwardUnpaid(x, now))) {
    await attempt(deps, 'award unpaid', () =>
      deps.arbitrations.mutate({ _id: c._id }, (cur) => markAwardUnpaid(cur, a)),
    );
  }

  const late = await ArbitrationCase.find({
    $or: [
      { status: 'applied', acceptanceDueAt: { $lt: now } },
      { status: { $in: ['accepted', 'hearing'] }, decisionDueAt: { $lt: now } },
    ],
  })
    .limit(BATCH)
    .lean<ArbitrationCaseDoc[]>();
  for (const c of late.filter((x) => overdueStep(x, now))) {
    await attempt(deps, 'arbitration overdue', () =>
      deps.arbitrations.mutate({ _id: c._id }, (cur) => markOverdue(cur, a)),
    );
  }

  await repair(deps);
}

/** Finishes the second write of two-step commands that a crash interrupted. */
async function repair(deps: MediationDeps): Promise<void> {
  const { MediationCase, ArbitrationCase, CourtRequest } = deps.models;
  for (const m of await MediationCase.find({
    status: { $in: ['failed', 'expired'] },
    arbitrationOpened: false,
  })
    .limit(BATCH)
    .lean<MediationCaseDoc[]>()) {
    await ensureArbitration(deps, m);
  }
  for (const m of await MediationCase.find({ paymentOrderOpened: false })
    .limit(BATCH)
    .lean<MediationCaseDoc[]>()) {
    await ensurePaymentOrder(deps, m);
  }
  for (const c of await ArbitrationCase.find({ enforcementOpened: false })
    .limit(BATCH)
    .lean<ArbitrationCaseDoc[]>()) {
    await ensureEnforcement(deps, c);
  }
  for (const e of await CourtRequest.find({ recoveryApplied: false })
    .limit(BATCH)
    .lean<CourtRequestDoc[]>()) {
    await applyRecovery(deps, e);
  }
}

/** A step that no longer applies (another instance or a user got there first) is skipped, not an error. */
async function attempt<T>(deps: MediationDeps, what: string, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof DomainError) {
      deps.logger.debug({ what, detail: e.detail }, 'scheduled step skipped');
      return undefined;
    }
    throw e;
  }
}
