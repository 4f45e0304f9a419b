import { newId, type DecodedEvent } from '@wage/kit';
import { intake } from '@wage/proto';
import { openMediation } from '../domain/mediationCase';
import type { MediationDeps } from './deps';

/**
 * An individual dispute over an amount that intake routes to mediation opens one mediation case per
 * cross-agency case: the unique `caseId` makes a redelivered or replayed event (or a second routing of the same
 * case) find the existing one and change nothing. The applicant's personal data stays with intake.
 */
export async function onCaseRouted(
  deps: MediationDeps,
  event: DecodedEvent<'intake.CaseRouted.v1'>,
): Promise<void> {
  const p = event.payload;
  if (p.route !== intake.Route.ROUTE_MEDIATION) return;
  if (await deps.models.MediationCase.exists({ caseId: p.caseId })) return;
  const at = event.envelope.occurredAt ?? new Date();
  const { state, events } = openMediation(
    {
      id: newId(),
      caseId: p.caseId,
      caseNo: p.caseNo,
      regionCode: p.regionCode,
      employer: { name: p.employer?.name ?? '', uscc: p.employer?.uscc ?? '' },
      claimFen: Number(p.amountFen),
      source: 'routed',
      mediator: '',
      summary: `受理分流转来的劳动报酬争议（${p.reason}）`,
    },
    at,
    deps.rules,
    deps.calendar,
  );
  const opened = await deps.cases.createOnce(
    { ...state, commands: [], openedBy: { subject: 'system', key: '', fingerprint: '' } },
    events,
    { causationId: event.envelope.id },
  );
  if (opened.created) deps.logger.info({ caseNo: p.caseNo }, 'mediation case opened from routing');
}
