import { applyOnce, newId, type DecodedEvent, type Logger } from '@wage/kit';
import type { WorkingDayCalendar } from '@wage/cn';
import { intake } from '@wage/proto';
import { investigationDueAt } from '../domain/inspectionCase';
import type { InspectionModels } from '../infra/models';

/**
 * A case routed to inspection opens one inspection case per cross-agency case. The insert records the
 * event id in the same document; a redelivered or replayed event finds the case and changes nothing.
 */
export async function onCaseRouted(
  models: InspectionModels,
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
  try {
    await models.InspectionCase.create({
      _id: newId(),
      caseId: p.caseId,
      caseNo: p.caseNo,
      status: 'investigating',
      regionCode: p.regionCode,
      employer: { name: p.employer?.name ?? '', uscc: p.employer?.uscc ?? '' },
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
      version: 1,
      outbox: [],
      processed: [eventId],
    });
    logger.info({ caseNo: p.caseNo }, 'inspection case opened');
  } catch (e) {
    if ((e as { code?: number }).code !== 11000) throw e;
    // The case exists: a later routing of the same case adds to its history, once.
    await applyOnce(models.InspectionCase, { caseId: p.caseId }, eventId, {
      $push: { history: { at, type: 'inspection.rerouted', summary: `再次移送：${p.reason}` } },
    });
  }
}
