import {
  actorOf,
  idempotent,
  invalidArgument,
  notFound,
  requireRegion,
  ruleViolation,
  type Principal,
} from '@wage/kit';
import { createHash } from 'node:crypto';
import { intake as pb } from '@wage/proto';
import { checkFilingDecision, filingDeadline, isOverdue, type FilingDecision } from '../domain/intakeCase';
import type { ClueDoc, IntakeCaseDoc } from '../infra/models';
import { filingEffects, type IntakeDeps } from './receive';

/** 受理或不予受理: a clerk decides a waiting case within its 5 working days. */
export async function decideFiling(
  deps: IntakeDeps,
  p: Principal,
  req: pb.FilingDecisionRequest,
  key: string | undefined,
): Promise<{ clue: ClueDoc; intakeCase: IntakeCaseDoc }> {
  const errors = [];
  if (req.decision !== 'filed' && req.decision !== 'rejected')
    errors.push({ field: 'decision', message: '应为 filed 或 rejected' });
  const reason = req.reason.trim();
  if (req.decision === 'rejected' && !reason)
    errors.push({ field: 'reason', message: '不予受理必须说明理由' });
  if (reason.length > 1000) errors.push({ field: 'reason', message: '过长' });
  if (errors.length) throw invalidArgument('受理决定有误', errors);
  const clue = (await deps.models.Clue.findById(req.clueId).lean()) as ClueDoc | null;
  if (!clue) throw notFound('线索不存在');
  requireRegion(p, clue.regionCode, '线索');
  const decision = req.decision as FilingDecision;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([req.clueId, decision, reason]))
    .digest('hex');
  const now = new Date();
  const intakeCase = await deps.cases.mutate(
    { _id: clue.caseId },
    idempotent<IntakeCaseDoc>(key, fingerprint, now, (c) => {
      const refusal = checkFilingDecision(c.status, decision);
      if (refusal) return ruleViolation(refusal);
      if (c.status === decision) return { events: [] };
      const decided = { decidedBy: p.username, decisionReason: reason, updatedAt: now };
      if (decision === 'filed') {
        const f = filingEffects(c, now, false);
        return {
          set: { status: 'filed', filedAt: now, ...decided },
          append: { history: f.history },
          events: f.events,
        };
      }
      return {
        set: { status: 'rejected', ...decided },
        append: {
          history: [
            {
              at: now,
              type: 'intake.ClueRejected',
              summary: `不予受理：${reason}`,
              publicText: `不予受理：${reason}`,
            },
          ],
        },
        events: [
          {
            type: 'intake.ClueRejected.v1',
            subject: c._id,
            caseId: c._id,
            region: c.regionCode,
            payload: pb.ClueRejected.fromPartial({
              caseId: c._id,
              caseNo: c.caseNo,
              regionCode: c.regionCode,
              reason,
            }),
          },
        ],
      };
    }),
    { actor: actorOf(p) },
  );
  await deps.models.Clue.updateMany({ caseId: intakeCase._id }, { $set: { status: intakeCase.status } });
  return { clue: { ...clue, status: intakeCase.status }, intakeCase };
}

/** 动态清零: every waiting case past its filing deadline is published once as overdue. */
export async function publishOverdue(deps: IntakeDeps, now = new Date()): Promise<number> {
  const due = (await deps.models.IntakeCase.find({
    status: 'received',
    filingDueAt: { $lt: now },
    overdueAt: null,
  })
    .limit(500)
    .lean()) as IntakeCaseDoc[];
  let n = 0;
  for (const c of due) {
    const updated = await deps.cases.update({ _id: c._id, overdueAt: null }, c.version, {
      set: { overdueAt: now },
      append: {
        history: [{ at: now, type: 'intake.ClueOverdue', summary: '超过受理时限仍未受理', publicText: '' }],
      },
      events: [
        {
          type: 'intake.ClueOverdue.v1',
          subject: c._id,
          caseId: c._id,
          region: c.regionCode,
          payload: pb.ClueOverdue.fromPartial({
            caseId: c._id,
            caseNo: c.caseNo,
            regionCode: c.regionCode,
            filingDueAt: c.filingDueAt.toISOString(),
          }),
        },
      ],
    });
    if (updated && isOverdue(c, now)) n++;
  }
  return n;
}

/** A schedule was loaded: waiting cases whose deadline relied on a provisional year get it recomputed. */
export async function recomputeProvisionalDeadlines(deps: IntakeDeps): Promise<number> {
  const open = (await deps.models.IntakeCase.find({
    status: 'received',
    dueProvisional: true,
  }).lean()) as IntakeCaseDoc[];
  let n = 0;
  for (const c of open) {
    const due = filingDeadline(c.receivedAt, c.groupClue, deps.calendar);
    const updated = await deps.cases.update({ _id: c._id }, c.version, {
      set: { filingDueAt: due.dueAt, dueProvisional: due.provisional },
      append: {
        history: [
          {
            at: new Date(),
            type: 'intake.DeadlineRecomputed',
            summary: `法定节假日安排公布，受理时限重算为 ${due.dueAt.toISOString()}`,
            publicText: '',
          },
        ],
      },
      events: [],
    });
    if (updated) {
      n++;
      await deps.models.Clue.updateMany({ caseId: c._id }, { $set: { filingDueAt: due.dueAt } });
    }
  }
  return n;
}
