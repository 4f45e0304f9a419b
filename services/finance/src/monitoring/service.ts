import { z } from 'zod';
import {
  invalidArgument,
  notFound,
  regionFilter,
  regionScopeFilter,
  requireRegion,
  ruleViolation,
  type ConsumerSpec,
  type DecodedEvent,
  type GrpcServer,
  type Principal,
  type Runtime,
  type ScheduledJob,
} from '@wage/kit';
import { isRegionCode, shanghaiDate } from '@wage/cn';
import { finance as pb } from '@wage/proto';
import type { Model } from 'mongoose';
import { DEV_WARNING_RULES, nextMonth, type WarningRuleBook } from '../domain/warnings/rules';
import type { ProjectDoc } from '../infra/models';
import { WarningEvaluator } from './evaluation';
import {
  checkRoster,
  recordAllocations,
  recordAttendance,
  recordPayroll,
  registerWorkers,
  RosterCache,
  type IngestionDeps,
} from './ingestion';
import { monitoringModels, type WageWarningDoc } from './models';

/** Monitoring settings, read from the environment by `monitoringSettings` (kept out of part I's env schema). */
const monitoringEnv = z.object({
  /** The warning rule book as JSON `{national, provinces}`; default: the dev book. */
  FINANCE_WARNING_RULES: z.string().optional(),
  /** How often every active project's recent months are evaluated again (time-based rules, missed evaluations). */
  WARNING_SCAN_EVERY_MS: z.coerce.number().int().positive().default(3_600_000),
});

export function warningMessage(w: WageWarningDoc): pb.Warning {
  return {
    id: w._id,
    projectId: w.projectId,
    regionCode: w.regionCode,
    level: w.level,
    rule: w.rule,
    month: w.month,
    detail: w.detail,
    status: w.status,
    caseId: w.caseId ?? '',
    raisedAt: w.raisedAt ? new Date(w.raisedAt).toISOString() : '',
    closedAt: w.closedAt ? new Date(w.closedAt).toISOString() : '',
    handlingNote: w.handling?.note ?? '',
    handledBy: w.handling?.by ?? '',
  };
}

/**
 * Part II of finance (监控预警): the roster and the feeds, the warning evaluator, the warnings' queries and
 * handling, the consumer that links warnings to intake's cases, and the periodic scan for time-based rules.
 */
export function monitoringParts(
  rt: Runtime,
  Project: Model<ProjectDoc>,
  today: () => string = () => shanghaiDate(new Date()),
) {
  const env = monitoringEnv.parse(process.env);
  const rules: WarningRuleBook = env.FINANCE_WARNING_RULES
    ? (JSON.parse(env.FINANCE_WARNING_RULES) as WarningRuleBook)
    : DEV_WARNING_RULES;
  const models = monitoringModels(rt.mongo);
  const warnings = rt.store(models.WageWarning);
  const evaluator = new WarningEvaluator({ models, Project, warnings, rules, today, logger: rt.logger });
  const deps: IngestionDeps = {
    models,
    Project,
    pii: () => rt.pii,
    evaluator,
    logger: rt.logger,
    roster: new RosterCache(),
  };

  async function listWarnings(p: Principal, req: pb.ListWarningsRequest): Promise<pb.ListWarningsResponse> {
    if (req.regionCode) {
      if (!isRegionCode(req.regionCode))
        throw invalidArgument('地区代码无效', [{ field: 'regionCode', message: '6位行政区划代码' }]);
      requireRegion(p, req.regionCode, '地区');
    }
    // A named region lies within the caller's (checked above), so it narrows the caller's scope.
    const filter: Record<string, unknown> = req.regionCode
      ? regionFilter(req.regionCode)
      : regionScopeFilter(p);
    if (req.level) filter.level = req.level;
    if (req.status) filter.status = req.status;
    if (req.projectId) filter.projectId = req.projectId;
    if (req.cursor) filter._id = { $gt: req.cursor };
    const limit = Math.min(Math.max(req.limit || 50, 1), 200);
    const rows = (await models.WageWarning.find(filter, { outbox: 0, processed: 0, history: 0 })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean()) as WageWarningDoc[];
    return {
      items: rows.slice(0, limit).map(warningMessage),
      nextCursor: rows.length > limit ? rows[limit - 1]!._id : '',
    };
  }

  async function handleWarning(p: Principal, req: pb.HandleWarningRequest): Promise<pb.Warning> {
    const note = (req.note ?? '').trim();
    if (!note || note.length > 2000)
      throw invalidArgument('处置说明必填，最多2000字', [{ field: 'note', message: '应为1–2000个字符' }]);
    const w = (await models.WageWarning.findById(req.id, { regionCode: 1 }).lean()) as WageWarningDoc | null;
    if (!w) throw notFound('预警不存在');
    requireRegion(p, w.regionCode, '预警');
    const at = new Date();
    const updated = await warnings.mutate({ _id: req.id }, (cur) => {
      if (cur.status === 'closed') return ruleViolation('预警已自动关闭，无需处置');
      return {
        set: { status: 'handled', handling: { note, by: p.username, at } },
        append: { history: [{ at, type: 'handled', detail: note }] },
        events: [],
      };
    });
    return warningMessage(updated);
  }

  async function projectMonitoring(
    p: Principal,
    req: pb.GetProjectMonitoringRequest,
  ): Promise<pb.ProjectMonitoring> {
    const project = (await Project.findById(req.projectId, { regionCode: 1 }).lean()) as ProjectDoc | null;
    if (!project) throw notFound('项目不存在');
    requireRegion(p, project.regionCode, '项目');
    const [counts, workers] = await Promise.all([
      models.WageWarning.aggregate<{ _id: string; n: number }>([
        { $match: { projectId: req.projectId, status: { $ne: 'closed' } } },
        { $group: { _id: '$level', n: { $sum: 1 } } },
      ]),
      models.RosterWorker.countDocuments({ p: req.projectId }),
    ]);
    const n = (l: string) => counts.find((c) => c._id === l)?.n ?? 0;
    return { projectId: req.projectId, red: n('red'), orange: n('orange'), yellow: n('yellow'), workers };
  }

  /** intake opened a clue from a warning: the warning shows its case (setting the same value twice changes nothing). */
  async function onClueReceived(e: DecodedEvent<'intake.ClueReceived.v1'>): Promise<void> {
    const warningId = e.payload.sourceWarningId;
    if (!warningId || !e.payload.caseId) return;
    const r = await models.WageWarning.updateOne({ _id: warningId }, { $set: { caseId: e.payload.caseId } });
    rt.logger.info(
      { warningId, caseId: e.payload.caseId, matched: r.matchedCount },
      'warning linked to its case',
    );
  }

  /** Time passes: unpaid months, missing allocations and deposit deadlines are found without new data. */
  async function scan(): Promise<void> {
    const now = today();
    const current = now.slice(0, 7);
    const [y, m] = current.split('-').map(Number) as [number, number];
    const prev2 =
      m <= 2 ? `${y - 1}-${String(m + 10).padStart(2, '0')}` : `${y}-${String(m - 2).padStart(2, '0')}`;
    const months = [prev2, nextMonth(prev2), current];
    const ids = (await Project.distinct('_id', { status: 'active' })) as string[];
    for (const id of ids) {
      try {
        await evaluator.evaluate(id, months);
      } catch (e) {
        rt.logger.warn({ err: e, projectId: id }, 'warning scan failed for a project');
      }
    }
  }

  const consumers: ConsumerSpec[] = [
    { topics: [rt.topicOf('intake')], handlers: { 'intake.ClueReceived.v1': onClueReceived } },
  ];
  const jobs: ScheduledJob[] = [{ name: 'warning-scan', everyMs: env.WARNING_SCAN_EVERY_MS, run: scan }];
  const grpc = (server: GrpcServer) =>
    server.add('wage.finance.v1.MonitoringService', pb.MonitoringServiceService, {
      registerWorkers: (req, ctx) => registerWorkers(deps, ctx.principal, req),
      checkRoster: (req, ctx) => checkRoster(deps, ctx.principal, req),
      recordAttendance: (req, ctx) => recordAttendance(deps, ctx.principal, req, today()),
      recordPayroll: (req, ctx) => recordPayroll(deps, ctx.principal, req),
      recordAllocations: (req, ctx) => recordAllocations(deps, ctx.principal, req),
      listWarnings: (req, ctx) => listWarnings(ctx.principal, req),
      handleWarning: (req, ctx) => handleWarning(ctx.principal, req),
      getProjectMonitoring: (req, ctx) => projectMonitoring(ctx.principal, req),
    });
  return { consumers, jobs, grpc, evaluator, models, scan };
}
