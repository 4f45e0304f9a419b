import {
  idFromIdempotencyKey,
  isDuplicateKey,
  type AggregateStore,
  type EventDraft,
  type Logger,
} from '@wage/kit';
import type { Model } from 'mongoose';
import {
  depositMissing,
  missingAllocation,
  monthsBetween,
  PAYROLL_RULES,
  payrollFindings,
  topUpMissing,
  warningConfigFor,
  type Finding,
  type WarningRule,
  type WarningRuleBook,
} from '../domain/warnings/rules';
import type { ProjectDoc } from '../infra/models';
import type { MonitoringModels, WageWarningDoc } from './models';

export interface EvaluationDeps {
  models: MonitoringModels;
  Project: Model<ProjectDoc>;
  warnings: AggregateStore<WageWarningDoc>;
  rules: WarningRuleBook;
  today: () => string;
  logger: Logger;
}

const monthOf = (date: string) => date.slice(0, 7);
export const warningKey = (projectId: string, rule: WarningRule, month: string) =>
  `${projectId}|${rule}|${month}`;

/**
 * Evaluates the rules of a project's months and reconciles the warnings with the findings: a new finding
 * raises a warning (once: its key is unique), a warning whose finding is gone closes itself. Evaluations of
 * one project run one after another, and requests arriving meanwhile are merged into the next run.
 */
export class WarningEvaluator {
  private readonly queued = new Map<string, { months: Set<string>; promise: Promise<void> }>();
  private readonly tails = new Map<string, Promise<void>>();
  evaluations = 0;

  constructor(private readonly deps: EvaluationDeps) {}

  evaluate(projectId: string, months: Iterable<string>): Promise<void> {
    const q = this.queued.get(projectId);
    if (q) {
      for (const m of months) q.months.add(m);
      return q.promise;
    }
    const entry = { months: new Set(months), promise: Promise.resolve() };
    const prev = this.tails.get(projectId) ?? Promise.resolve();
    entry.promise = prev.then(() => {
      this.queued.delete(projectId);
      return this.run(projectId, [...entry.months]);
    });
    this.queued.set(projectId, entry);
    const tail = entry.promise.catch(() => undefined);
    this.tails.set(projectId, tail);
    void tail.then(() => {
      if (this.tails.get(projectId) === tail) this.tails.delete(projectId);
    });
    return entry.promise;
  }

  private async run(projectId: string, months: string[]): Promise<void> {
    this.evaluations++;
    const { models, Project, rules } = this.deps;
    const project = (await Project.findById(projectId).lean()) as ProjectDoc | null;
    if (!project) return;
    const cfg = warningConfigFor(rules, project.regionCode);
    const today = this.deps.today();
    const allocated = new Set<string>((await models.Allocation.distinct('m', { p: projectId })) as string[]);
    const firstMonth = monthOf(project.permitDate || today);
    const desired = new Map<string, { rule: WarningRule; month: string; finding: Finding | null }>();
    const want = (rule: WarningRule, month: string, finding: Finding | null) =>
      desired.set(warningKey(projectId, rule, month), { rule, month, finding });

    await Promise.all(
      months.map(async (month) => {
        // One pass over the year's payments: per worker and month, from which both the month and the year follow.
        const [pm, yearRows] = await Promise.all([
          models.ProjectMonth.findById(`${projectId}|${month}`, { attended: 1 }).lean(),
          models.Payment.aggregate<{ _id: { h: string; m: string }; fen: number }>([
            { $match: { p: projectId, y: month.slice(0, 4) } },
            { $group: { _id: { h: '$h', m: '$m' }, fen: { $sum: '$fen' } } },
          ]),
        ]);
        const attended = new Set(pm?.attended ?? []);
        const yearByWorker = new Map<string, number>();
        let paidAttending = 0;
        let paidTotal = 0;
        let maxMonth = 0;
        let paidWorkers = 0;
        for (const r of yearRows) {
          yearByWorker.set(r._id.h, (yearByWorker.get(r._id.h) ?? 0) + r.fen);
          if (r._id.m !== month) continue;
          paidWorkers++;
          if (attended.has(r._id.h)) paidAttending++;
          paidTotal += r.fen;
          maxMonth = Math.max(maxMonth, r.fen);
        }
        const maxYear = Math.max(0, ...yearByWorker.values());
        const findings = payrollFindings(
          {
            month,
            today,
            attendingWorkers: attended.size,
            paidAttendingWorkers: paidAttending,
            paidWorkers,
            paidTotalFen: paidTotal,
            maxWorkerMonthFen: maxMonth,
            maxWorkerYearFen: maxYear,
          },
          cfg,
        );
        for (const rule of PAYROLL_RULES) want(rule, month, findings.find((f) => f.rule === rule) ?? null);
        const projectMonths = firstMonth <= month ? monthsBetween(firstMonth, month) : [];
        want(
          'missing_allocation',
          month,
          projectMonths.length
            ? missingAllocation({ month, projectMonths, allocatedMonths: allocated, today }, cfg)
            : null,
        );
      }),
    );

    const deposit = {
      today,
      exempt: Boolean(project.requirement?.exempt),
      requiredFen: project.requirement?.requiredDepositFen ?? 0,
      balanceFen: project.depositBalanceFen ?? 0,
      depositDueDate: project.depositDueDate ?? '',
      topUp: project.topUp ? { dueDate: project.topUp.dueDate, status: project.topUp.status } : null,
    };
    if (deposit.depositDueDate)
      want('deposit_missing', monthOf(deposit.depositDueDate), depositMissing(deposit, cfg));
    if (deposit.topUp) want('top_up_missing', monthOf(deposit.topUp.dueDate), topUpMissing(deposit, cfg));

    await this.reconcile(project, desired);
  }

  private async reconcile(
    project: ProjectDoc,
    desired: Map<string, { rule: WarningRule; month: string; finding: Finding | null }>,
  ): Promise<void> {
    const { models, warnings } = this.deps;
    const existing = (await models.WageWarning.find(
      { key: { $in: [...desired.keys()] } },
      { outbox: 0, processed: 0, history: 0 },
    ).lean()) as WageWarningDoc[];
    const byKey = new Map(existing.map((w) => [w.key, w]));
    const now = new Date();
    for (const [key, { rule, month, finding }] of desired) {
      const w = byKey.get(key);
      if (finding && !w) {
        const id = idFromIdempotencyKey('wage-warning', key);
        try {
          await warnings.create(
            {
              _id: id,
              key,
              projectId: project._id,
              regionCode: project.regionCode,
              level: finding.level,
              rule,
              month,
              detail: finding.detail,
              status: 'open',
              caseId: '',
              raisedAt: now,
              closedAt: null,
              handling: null,
              history: [{ at: now, type: 'raised', detail: finding.detail }],
            },
            [raisedEvent(project, id, rule, month, finding)],
          );
          this.deps.logger.info(
            { warningId: id, projectId: project._id, rule, month, level: finding.level },
            'wage warning raised',
          );
        } catch (e) {
          if (!isDuplicateKey(e)) throw e; // raised meanwhile by another evaluation: once per project, rule and month
        }
      } else if (finding && w && (w.status === 'closed' || w.level !== finding.level)) {
        // Cured, then broken again (or the province changed the level): the same warning opens again.
        await warnings.update({ _id: w._id }, w.version, {
          set: { status: 'open', level: finding.level, detail: finding.detail, closedAt: null },
          append: { history: [{ at: now, type: 'reopened', detail: finding.detail }] },
          events: [raisedEvent(project, w._id, rule, month, finding)],
        });
      } else if (!finding && w && w.status !== 'closed') {
        const reason = '后续数据显示问题已消除（自动关闭）';
        await warnings.update({ _id: w._id }, w.version, {
          set: { status: 'closed', closedAt: now },
          append: { history: [{ at: now, type: 'closed', detail: reason }] },
          events: [
            {
              type: 'finance.WageWarningClosed.v1',
              subject: w._id,
              ...(w.caseId ? { caseId: w.caseId } : {}),
              region: w.regionCode,
              payload: {
                warningId: w._id,
                projectId: w.projectId,
                regionCode: w.regionCode,
                level: w.level,
                rule: w.rule,
                month: w.month,
                reason,
              },
            },
          ],
        });
        this.deps.logger.info(
          { warningId: w._id, projectId: w.projectId, rule, month },
          'wage warning closed',
        );
      }
    }
  }
}

function raisedEvent(
  project: ProjectDoc,
  id: string,
  rule: WarningRule,
  month: string,
  f: Finding,
): EventDraft<'finance.WageWarningRaised.v1'> {
  return {
    type: 'finance.WageWarningRaised.v1',
    subject: id,
    region: project.regionCode,
    payload: {
      warningId: id,
      projectId: project._id,
      regionCode: project.regionCode,
      level: f.level,
      rule,
      month,
      detail: f.detail,
      employer: { name: project.contractor?.name ?? '', uscc: project.contractor?.uscc ?? '' },
    },
  };
}
