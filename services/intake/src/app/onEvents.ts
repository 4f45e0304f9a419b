import { idFromIdempotencyKey, type DecodedEvent, type Logger } from '@wage/kit';
import { isRegionCode, validateUscc } from '@wage/cn';
import { monthPeriod } from '../domain/arrears';
import type { IntakeCaseDoc } from '../infra/models';
import { receiveClue, type IntakeDeps } from './receive';

/**
 * 监控预警: a red warning becomes a clue (channel early_warning) for its project and month, merging with
 * complaints about the same project and period. Its id derives from the warning id: redelivery creates nothing.
 */
export async function onWageWarningRaised(
  deps: IntakeDeps,
  logger: Logger,
  e: DecodedEvent<'finance.WageWarningRaised.v1'>,
): Promise<void> {
  const w = e.payload;
  if (w.level !== 'red') return;
  if (!isRegionCode(w.regionCode) || !/^\d{4}-(0[1-9]|1[0-2])$/.test(w.month) || !w.employer?.name) {
    logger.warn({ warningId: w.warningId }, 'red warning without region, month or employer: not a clue');
    return;
  }
  const period = monthPeriod(w.month);
  const uscc = w.employer.uscc && validateUscc(w.employer.uscc).ok ? w.employer.uscc : undefined;
  const r = await receiveClue(
    deps,
    {
      channel: 'early_warning',
      regionCode: w.regionCode,
      employer: { name: w.employer.name, ...(uscc ? { uscc } : {}) },
      ...(w.projectId ? { projectId: w.projectId } : {}),
      workerCount: 1,
      amountFen: 0,
      description: `监控预警（红色）：${w.rule}${w.detail ? `，${w.detail}` : ''}`,
      occurredFrom: period.from,
      occurredTo: period.to,
      group: false,
    },
    {
      clueId: idFromIdempotencyKey('warning', w.warningId || e.envelope.id),
      receivingRegion: w.regionCode,
      receivedBy: 'early_warning',
      sourceWarningId: w.warningId,
    },
  );
  logger.info(
    { warningId: w.warningId, caseId: r.intakeCase._id, outcome: r.outcome },
    'red warning received as a clue',
  );
}

/** The case closed in inspection or mediation reached an agreement: the reporters see it closed. */
export async function onCaseConcluded(
  deps: IntakeDeps,
  e: DecodedEvent<'inspection.CaseClosed.v1' | 'mediation.AgreementReached.v1'>,
): Promise<void> {
  const caseId = e.payload.caseId;
  if (!caseId) return;
  const at = e.envelope.occurredAt ?? new Date();
  const summary = e.type === 'inspection.CaseClosed.v1' ? '劳动保障监察结案' : '调解达成协议';
  for (let i = 0; i < 5; i++) {
    const c = (await deps.models.IntakeCase.findById(caseId).lean()) as IntakeCaseDoc | null;
    if (!c || c.status === 'closed' || c.processed.includes(e.envelope.id)) return;
    const updated = await deps.cases.update(
      { _id: caseId },
      c.version,
      {
        set: { status: 'closed', closedAt: at, updatedAt: at },
        append: { history: [{ at, type: 'intake.CaseConcluded', summary, publicText: '案件已办结' }] },
        events: [],
      },
      {},
      e.envelope.id,
    );
    if (updated) {
      await deps.models.Clue.updateMany({ caseId }, { $set: { status: 'closed' } });
      return;
    }
  }
  throw new Error(`case ${caseId} kept changing; retry`);
}
