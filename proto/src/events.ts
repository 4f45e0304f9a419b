import {
  CaseRouted,
  ClueFiled,
  ClueMerged,
  ClueOverdue,
  ClueReceived,
  ClueRejected,
  ClueTransferred,
} from './gen/wage/intake/v1/events';
import * as mediation from './gen/wage/mediation/v1/events';
import * as finance from './gen/wage/finance/v1/events';
import * as inspection from './gen/wage/inspection/v1/events';
import * as credit from './gen/wage/credit/v1/events';

/** What the bus needs of a generated message: encode to bytes, decode from bytes. */
export interface EventCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial(object: Partial<T>): T;
}

/**
 * Every integration event type, past tense and versioned (`<service>.<Name>.v<N>`), with its payload codec.
 * The producing service is the first segment; its topic is `wage.<service>.events.v1`.
 */
export const EVENTS = {
  'intake.ClueReceived.v1': ClueReceived,
  'intake.CaseRouted.v1': CaseRouted,
  'intake.ClueMerged.v1': ClueMerged,
  'intake.ClueFiled.v1': ClueFiled,
  'intake.ClueRejected.v1': ClueRejected,
  'intake.ClueTransferred.v1': ClueTransferred,
  'intake.ClueOverdue.v1': ClueOverdue,
  'inspection.CaseOpened.v1': inspection.CaseOpened,
  'inspection.ArrearsConfirmed.v1': inspection.ArrearsConfirmed,
  'inspection.PaymentOrdered.v1': inspection.PaymentOrdered,
  'inspection.PaymentOrderOverdue.v1': inspection.PaymentOrderOverdue,
  'inspection.PaymentRecorded.v1': inspection.PaymentRecorded,
  'inspection.PenaltyDecided.v1': inspection.PenaltyDecided,
  'inspection.PoliceReferralSent.v1': inspection.PoliceReferralSent,
  'inspection.PoliceReferralDecided.v1': inspection.PoliceReferralDecided,
  'inspection.CaseClosed.v1': inspection.CaseClosed,
  'mediation.CaseOpened.v1': mediation.CaseOpened,
  'mediation.MediatorAssigned.v1': mediation.MediatorAssigned,
  'mediation.SessionHeld.v1': mediation.SessionHeld,
  'mediation.AgreementReached.v1': mediation.AgreementReached,
  'mediation.MediationFailed.v1': mediation.MediationFailed,
  'mediation.ArbitrationOpened.v1': mediation.ArbitrationOpened,
  'mediation.ArbitrationAccepted.v1': mediation.ArbitrationAccepted,
  'mediation.ArbitrationRejected.v1': mediation.ArbitrationRejected,
  'mediation.HearingScheduled.v1': mediation.HearingScheduled,
  'mediation.ArbitrationExtended.v1': mediation.ArbitrationExtended,
  'mediation.InterimPaymentOrdered.v1': mediation.InterimPaymentOrdered,
  'mediation.AwardIssued.v1': mediation.AwardIssued,
  'mediation.AgreementUnpaid.v1': mediation.AgreementUnpaid,
  'mediation.AwardUnpaid.v1': mediation.AwardUnpaid,
  'mediation.PaymentRecorded.v1': mediation.PaymentRecorded,
  'mediation.PaymentOrderRequested.v1': mediation.PaymentOrderRequested,
  'mediation.PaymentOrderDecided.v1': mediation.PaymentOrderDecided,
  'mediation.EnforcementRequested.v1': mediation.EnforcementRequested,
  'mediation.EnforcementDecided.v1': mediation.EnforcementDecided,
  'mediation.EnforcementConcluded.v1': mediation.EnforcementConcluded,
  'mediation.StepOverdue.v1': mediation.StepOverdue,
  'finance.ProjectRegistered.v1': finance.ProjectRegistered,
  'finance.DepositRequirementRecomputed.v1': finance.DepositRequirementRecomputed,
  'finance.DepositReceived.v1': finance.DepositReceived,
  'finance.DepositDrawn.v1': finance.DepositDrawn,
  'finance.TopUpDue.v1': finance.TopUpDue,
  'finance.TopUpOverdue.v1': finance.TopUpOverdue,
  'finance.DepositOverdue.v1': finance.DepositOverdue,
  'finance.DedicatedAccountRecorded.v1': finance.DedicatedAccountRecorded,
  'finance.ProjectCompleted.v1': finance.ProjectCompleted,
  'finance.DepositReturnNoticed.v1': finance.DepositReturnNoticed,
  'finance.DepositReturned.v1': finance.DepositReturned,
  'finance.DepositReturnRefused.v1': finance.DepositReturnRefused,
  'finance.EmergencyAdvanced.v1': finance.EmergencyAdvanced,
  'finance.RecoveryRepaid.v1': finance.RecoveryRepaid,
  'finance.WageWarningRaised.v1': finance.WageWarningRaised,
  'finance.WageWarningClosed.v1': finance.WageWarningClosed,
  'credit.RatingChanged.v1': credit.RatingChanged,
  'credit.ListingProposed.v1': credit.ListingProposed,
  'credit.EmployerNotified.v1': credit.EmployerNotified,
  'credit.AnswerRecorded.v1': credit.AnswerRecorded,
  'credit.EnterpriseListed.v1': credit.EnterpriseListed,
  'credit.ListingDropped.v1': credit.ListingDropped,
  'credit.EnterpriseRemoved.v1': credit.EnterpriseRemoved,
  'credit.ListingExpired.v1': credit.ListingExpired,
} as const satisfies Record<string, EventCodec<never> | EventCodec<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type EventType = keyof typeof EVENTS;
export type EventPayload<K extends EventType> = ReturnType<(typeof EVENTS)[K]['decode']>;

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENTS, type);
}

export function eventCodec<K extends EventType>(type: K): EventCodec<EventPayload<K>> {
  return EVENTS[type] as unknown as EventCodec<EventPayload<K>>;
}
