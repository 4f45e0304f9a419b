import {
  applyOnce,
  isDuplicateKey,
  newId,
  type AggregateStore,
  type DecodedEvent,
  type Logger,
} from '@wage/kit';
import type { WorkingDayCalendar } from '@wage/cn';
import { inspection as pb, intake } from '@wage/proto';
import { investigationDueAt } from '../domain/inspectionCase';
import type { InspectionCaseDoc, InspectionModels } from '../infra/models';

/**
 * A case routed to inspection opens one inspection case per cross-agency case (unique on caseId), and
 * publishes inspection.CaseOpened through the outbox in the same insert; a redelivered or replayed event
 * finds the case and changes nothing.
 */
export async function onCaseRouted(
  models: InspectionModels,
  cases: AggregateStore<InspectionCaseDoc>,
  calendar: WorkingDayCalendar,
  logger: Logger,
  event: DecodedEvent<'intake.CaseRouted.v1'>,
): Promise<void> {
  const p = event.payload;
  if (p.route !== intake.Route.ROUTE_INSPECTION) return;
  const eventId = event.envelope.id;
  const at = event.envelope.occurredAt ?? new Date();
  const entry = { at, type: 'inspection.opened', summary: `立案调查：${p.reason}` };
  const due = investigationDueAt(at, calendar);
  const id = newId();
  const employer = { name: p.employer?.name ?? '', uscc: p.employer?.uscc ?? '' };
  try {
    await cases.create(
      {
        _id: id,
        caseId: p.caseId,
        caseNo: p.caseNo,
        status: 'investigating',
        regionCode: p.regionCode,
        employer,
        projectId: p.projectId,
        workerCount: p.workerCount,
        claimedArrearsFen: Number(p.amountFen),
        industryRegulator: p.industryRegulator,
        policeFlag: p.policeFlag,
        openedAt: at,
        investigationDueAt: due.dueAt,
        dueProvisional: due.provisional,
        history: [entry],
        commands: [],
      } as unknown as Parameters<typeof cases.create>[0],
      [
        {
          type: 'inspection.CaseOpened.v1',
          subject: p.caseId,
          caseId: p.caseId,
          region: p.regionCode,
          payload: pb.CaseOpened.fromPartial({
            inspectionCaseId: id,
            caseId: p.caseId,
            caseNo: p.caseNo,
            regionCode: p.regionCode,
            employer,
            projectId: p.projectId,
            investigationDueAt: due.dueAt.toISOString(),
          }),
        },
      ],
      { causationId: eventId },
      eventId,
    );
    logger.info({ caseNo: p.caseNo }, 'inspection case opened');
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    // The case exists: a later routing of the same case adds to its history, once.
    await applyOnce(models.InspectionCase, { caseId: p.caseId }, eventId, {
      $push: { history: { at, type: 'inspection.rerouted', summary: `再次移送：${p.reason}` } },
    });
  }
}
