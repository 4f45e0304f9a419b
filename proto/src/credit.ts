export * from './gen/wage/credit/v1/credit';
export {
  RatingChanged,
  ListingProposed,
  EmployerNotified,
  AnswerRecorded,
  EnterpriseListed,
  ListingDropped,
  EnterpriseRemoved,
  ListingExpired,
} from './gen/wage/credit/v1/events';
