export * from './gen/wage/inspection/v1/inspection';
export {
  EmployerRef,
  CaseOpened,
  ArrearsConfirmed,
  PaymentOrdered,
  PaymentOrderOverdue,
  PaymentRecorded,
  PenaltyDecided,
  PoliceReferralSent,
  PoliceReferralDecided,
  CaseClosed,
} from './gen/wage/inspection/v1/events';
