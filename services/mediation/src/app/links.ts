import { conflict, SYSTEM_PRINCIPAL, type CommandMeta } from '@wage/kit';
import { openArbitration, recordAwardPayment } from '../domain/arbitrationCase';
import { newEnforcement, newPaymentOrder } from '../domain/courtRequest';
import type { ArbitrationCaseDoc, CourtRequestDoc, MediationCaseDoc } from '../infra/models';
import { acting, type MediationDeps } from './deps';

// A step that ends one aggregate and starts another (failure → arbitration case, unpaid agreement → payment
// order, unpaid award → enforcement, enforcement → payment of the award) is two single-document writes, with no
// transaction. The first write names the second aggregate by an id derived from the first (so there can be
// only one) and leaves a flag; the second is idempotent. The request that made the first write makes the
// second at once, and the scheduler's repair finishes any pair a crash interrupted.

/** Creates the arbitration case a failed or expired mediation names, once. */
export async function ensureArbitration(
  deps: MediationDeps,
  m: MediationCaseDoc,
  meta: CommandMeta = {},
): Promise<void> {
  if ((m.status !== 'failed' && m.status !== 'expired') || !m.arbitrationCaseId || m.arbitrationOpened)
    return;
  const { state, events } = openArbitration(
    m,
    m.arbitrationCaseId,
    m.endedAt ?? new Date(),
    deps.rules,
    deps.calendar,
  );
  await deps.arbitrations.createOnce({ ...state, commands: [] }, events, meta);
  await deps.models.MediationCase.updateOne({ _id: m._id }, { $set: { arbitrationOpened: true } });
}

/** Creates the court's payment-order request an unpaid agreement names, once. */
export async function ensurePaymentOrder(
  deps: MediationDeps,
  m: MediationCaseDoc,
  meta: CommandMeta = {},
): Promise<void> {
  if (!m.paymentOrderId || m.paymentOrderOpened !== false) return;
  const { state, events } = newPaymentOrder(m, m.paymentOrderId, new Date());
  await deps.court.createOnce({ ...state, commands: [] }, events, meta);
  await deps.models.MediationCase.updateOne({ _id: m._id }, { $set: { paymentOrderOpened: true } });
}

/** Creates the enforcement request an unpaid award names, once. */
export async function ensureEnforcement(
  deps: MediationDeps,
  a: ArbitrationCaseDoc,
  meta: CommandMeta = {},
): Promise<void> {
  if (!a.enforcementId || a.enforcementOpened !== false) return;
  const { state, events } = newEnforcement(a, a.enforcementId, new Date());
  await deps.court.createOnce({ ...state, commands: [] }, events, meta);
  await deps.models.ArbitrationCase.updateOne({ _id: a._id }, { $set: { enforcementOpened: true } });
}

/**
 * Money recovered by enforcement is a payment of the award, recorded once: the arbitration case's write
 * carries the enforcement's id as its inbox id.
 */
export async function applyRecovery(
  deps: MediationDeps,
  e: CourtRequestDoc,
  meta: CommandMeta = {},
): Promise<void> {
  if (e.kind !== 'enforcement' || e.recoveryApplied !== false || e.recoveredFen <= 0) return;
  const inboxId = `enforcement:${e._id}`;
  for (let attempt = 0; ; attempt++) {
    const a = await deps.models.ArbitrationCase.findById(e.sourceId).lean<ArbitrationCaseDoc>();
    if (!a || a.processed.includes(inboxId)) break;
    const paidFen = Math.min(e.recoveredFen, Math.max(0, (a.award?.awardFen ?? 0) - (a.award?.paidFen ?? 0)));
    if (paidFen === 0) {
      deps.logger.warn(
        { enforcementId: e._id },
        'enforcement recovered money for an award already paid in full',
      );
      break;
    }
    const decision = recordAwardPayment(
      a,
      { paidFen, paidAt: e.concludedAt ?? new Date(), via: 'enforcement' },
      acting(SYSTEM_PRINCIPAL),
    );
    if (decision instanceof Error) throw decision;
    if (await deps.arbitrations.update({ _id: a._id }, a.version, decision, meta, inboxId)) break;
    if (attempt >= 4) throw conflict('裁决正被他人同时修改，请重试 (concurrent modification, retry)');
  }
  await deps.models.CourtRequest.updateOne({ _id: e._id }, { $set: { recoveryApplied: true } });
}
