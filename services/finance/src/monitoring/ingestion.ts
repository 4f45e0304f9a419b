import { asServiceAccount, duplicateKeyWrites } from '@wage/kit';
import { maskResidentId } from '@wage/pii';
import { createHash } from 'node:crypto';
import {
  invalidArgument,
  notFound,
  requireRegion,
  type PersonalDataProtection,
  type Principal,
} from '@wage/kit';
import { shanghaiDate, validateResidentId } from '@wage/cn';
import type { finance as pb } from '@wage/proto';
import type { Model } from 'mongoose';
import type { ProjectDoc } from '../infra/models';
import { addCalendarDaysTo, isDate, isMonth } from './dates';
import type { WarningEvaluator } from './evaluation';
import type { AttendanceDoc, MonitoringModels, PaymentDoc } from './models';

export interface IngestionDeps {
  models: MonitoringModels;
  Project: Model<ProjectDoc>;
  pii: () => PersonalDataProtection;
  evaluator: WarningEvaluator;
  logger: { warn: (o: object, m: string) => void };
  /** Workers known to be on rosters; feeds check only the others against the database. */
  roster?: RosterCache;
}

/**
 * Roster entries this instance has seen (registered here, or found on an earlier feed). Nobody leaves a
 * roster, so a worker once found stays valid; a worker not in the cache is looked up, never refused from
 * it. The morning attendance peak repeats the same workers day after day: after the first batch a feed
 * costs no roster query. Bounded: past `max` entries it starts over.
 */
export class RosterCache {
  private readonly known = new Map<string, Set<string>>();
  private size = 0;
  constructor(private readonly max = 500_000) {}

  add(projectId: string, hashes: Iterable<string>): void {
    let set = this.known.get(projectId);
    if (!set) this.known.set(projectId, (set = new Set()));
    for (const h of hashes) {
      if (set.has(h)) continue;
      if (this.size >= this.max) {
        this.known.clear();
        this.size = 0;
        this.known.set(projectId, (set = new Set()));
      }
      set.add(h);
      this.size++;
    }
  }

  /** The hashes of a batch not known to be on the project's roster. */
  unknown(projectId: string, hashes: readonly string[]): string[] {
    const set = this.known.get(projectId);
    return set ? hashes.filter((h) => !set.has(h)) : [...hashes];
  }
}

/** Which of the hashes are on the project's roster: the cache first, one query for the rest. */
async function onRosterOf(deps: IngestionDeps, projectId: string, hashes: string[]): Promise<Set<string>> {
  const missing = deps.roster ? deps.roster.unknown(projectId, hashes) : hashes;
  const found = missing.length
    ? (
        (await deps.models.RosterWorker.find(
          { _id: { $in: missing.map((h) => `${projectId}|${h}`) } },
          { h: 1 },
        ).lean()) as Array<{ h: string }>
      ).map((w) => w.h)
    : [];
  deps.roster?.add(projectId, found);
  const missingSet = new Set(missing);
  return new Set([...hashes.filter((h) => !missingSet.has(h)), ...found]);
}

export const MAX_BATCH = 20_000;
const MAX_REJECTIONS_LISTED = 100;
/** ¥1,000,000 for one payment: anything above is a typing error, not a wage. */
const MAX_PAYMENT_FEN = 100_000_000;

type RowErrors = Array<{ field: string; message: string }>;

/** Validates and hashes ID numbers once per distinct number in a batch (a worker has many records). */
class IdHasher {
  private readonly memo = new Map<string, { hash: string } | { error: string }>();
  constructor(private readonly pii: PersonalDataProtection) {}
  hash(idNumber: string): { hash: string } | { error: string } {
    let r = this.memo.get(idNumber);
    if (!r) {
      const v = validateResidentId(idNumber ?? '');
      r = v.ok ? { hash: this.pii.hasher.hash(v.value) } : { error: v.message };
      this.memo.set(idNumber, r);
    }
    return r;
  }
  get distinct(): number {
    return this.memo.size;
  }
}

async function projectInScope(deps: IngestionDeps, p: Principal, projectId: string): Promise<ProjectDoc> {
  const project = (await deps.Project.findById(projectId, {
    regionCode: 1,
    permitDate: 1,
    contractor: 1,
  }).lean()) as ProjectDoc | null;
  if (!project) throw notFound('项目不存在');
  requireRegion(p, project.regionCode, '项目');
  return project;
}

function checkBatch(n: number, field: string) {
  if (n === 0) throw invalidArgument('没有记录', [{ field, message: '至少一条记录' }]);
  if (n > MAX_BATCH)
    throw invalidArgument(`一次最多${MAX_BATCH}条`, [{ field, message: `at most ${MAX_BATCH}` }]);
}

function result(
  accepted: number,
  added: number,
  rejections: Array<{ index: number; errors: RowErrors }>,
  months: Iterable<string>,
): pb.IngestResult {
  return {
    accepted,
    rejected: rejections.length,
    added,
    duplicates: accepted - added,
    rejections: rejections.slice(0, MAX_REJECTIONS_LISTED),
    months: [...months].sort(),
  };
}

/** Inserts documents keyed by content in one unordered write; an existing key is a re-sent record. Returns how many were new. */
async function insertNew(model: Model<never>, docs: object[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    const r = await model.collection.insertMany(docs as never[], { ordered: false });
    return r.insertedCount;
  } catch (e) {
    const errors = duplicateKeyWrites(e);
    if (!errors) throw e;
    // Unordered: every other document went in; each E11000 is a record stored before (a re-sent file).
    return docs.length - errors.length;
  }
}

/** Evaluation failures never lose the data already stored: the periodic scan evaluates the month again. */
async function evaluateAfter(deps: IngestionDeps, projectId: string, months: Set<string>) {
  if (months.size === 0) return;
  try {
    await deps.evaluator.evaluate(projectId, months);
  } catch (e) {
    deps.logger.warn({ err: e, projectId }, 'warning evaluation failed; the periodic scan will retry');
  }
}

/** 实名制花名册: bulk upsert by (project, keyed hash of the ID number); bad rows are reported, good ones stored. */
export async function registerWorkers(
  deps: IngestionDeps,
  p: Principal,
  req: pb.RegisterWorkersRequest,
): Promise<pb.RegisterWorkersResponse> {
  checkBatch(req.workers.length, 'workers');
  const project = await projectInScope(deps, p, req.projectId);
  const pii = deps.pii();
  const rejected: Array<{ index: number; errors: RowErrors }> = [];
  const byId = new Map<string, object>();
  const registered: string[] = [];
  const now = new Date();
  req.workers.forEach((w, index) => {
    const errors: RowErrors = [];
    const name = (w.name ?? '').trim();
    if (name.length < 1 || name.length > 50)
      errors.push({ field: `workers[${index}].name`, message: '姓名为1-50个字符' });
    const id = validateResidentId(w.idNumber ?? '');
    if (!id.ok) errors.push({ field: `workers[${index}].idNumber`, message: id.message });
    const phone = (w.phone ?? '').replace(/[\s-]/g, '');
    if (!/^1[3-9]\d{9}$/.test(phone))
      errors.push({ field: `workers[${index}].phone`, message: '手机号码应为11位' });
    const team = (w.team ?? '').trim();
    if (team.length > 50) errors.push({ field: `workers[${index}].team`, message: '班组名称最多50个字符' });
    if (errors.length || !id.ok) return void rejected.push({ index, errors });
    const idp = pii.protect(id.value);
    const ph = pii.protect(phone);
    registered.push(idp.hash);
    byId.set(`${project._id}|${idp.hash}`, {
      updateOne: {
        filter: { _id: `${project._id}|${idp.hash}` },
        update: {
          $set: {
            p: project._id,
            h: idp.hash,
            name,
            idEnc: idp.enc,
            phoneEnc: ph.enc,
            phoneHash: ph.hash,
            team,
            regionCode: project.regionCode,
            updatedAt: now,
          },
          $setOnInsert: { createdAt: now },
        },
        upsert: true,
      },
    });
  });
  let added = 0;
  let updated = 0;
  if (byId.size) {
    const r = await deps.models.RosterWorker.bulkWrite([...byId.values()] as never[], { ordered: false });
    added = r.upsertedCount;
    updated = byId.size - r.upsertedCount;
    deps.roster?.add(project._id, registered);
  }
  return { added, updated, rejected };
}

/**
 * Inspection's question (findings, deposit draws): which named workers are not on the project's real-name
 * roster under that name. Matched by the keyed hash of the ID number; rows are answered by index, masked.
 */
export async function checkRoster(
  deps: IngestionDeps,
  p: Principal,
  req: pb.CheckRosterRequest,
): Promise<pb.CheckRosterResponse> {
  checkBatch(req.workers.length, 'workers');
  const project = await projectInScope(deps, asServiceAccount(p, 'wage-inspection'), req.projectId);
  const hasher = new IdHasher(deps.pii());
  const rows = req.workers.map((w, index) => ({
    index,
    name: (w.name ?? '').trim(),
    id: hasher.hash(w.idNumber),
  }));
  const ids = rows.flatMap((r) => ('hash' in r.id ? [`${project._id}|${r.id.hash}`] : []));
  const found = await deps.models.RosterWorker.find({ _id: { $in: ids } }, { name: 1 }).lean<
    Array<{ _id: string; name: string }>
  >();
  const names = new Map(found.map((w) => [w._id, w.name]));
  const missing = rows.filter(
    (r) => !('hash' in r.id) || names.get(`${project._id}|${r.id.hash}`) !== r.name,
  );
  return {
    missing: missing.map((r) => ({
      index: r.index,
      name: r.name,
      idNumberMasked: maskResidentId(req.workers[r.index]!.idNumber ?? ''),
    })),
  };
}

/** 考勤: one document per project, worker and day; workers must be on the roster; evaluated per month touched. */
export async function recordAttendance(
  deps: IngestionDeps,
  p: Principal,
  req: pb.RecordAttendanceRequest,
  today = shanghaiDate(new Date()),
): Promise<pb.IngestResult> {
  checkBatch(req.records.length, 'records');
  const project = await projectInScope(deps, p, req.projectId);
  const hasher = new IdHasher(deps.pii());
  const latest = addCalendarDaysTo(today, 1); // a punch after midnight in another clock, never a future day
  const rejections: Array<{ index: number; errors: RowErrors }> = [];
  const pending: Array<{ index: number; hash: string; date: string }> = [];
  req.records.forEach((r, index) => {
    const errors: RowErrors = [];
    const h = hasher.hash(r.idNumber);
    if ('error' in h) errors.push({ field: `records[${index}].idNumber`, message: h.error });
    if (!isDate(r.date)) errors.push({ field: `records[${index}].date`, message: '日期格式应为YYYY-MM-DD' });
    else if (r.date > latest)
      errors.push({ field: `records[${index}].date`, message: '考勤日期不能晚于今天' });
    if (errors.length || 'error' in h) return void rejections.push({ index, errors });
    pending.push({ index, hash: h.hash, date: r.date });
  });
  // Real-name check in one query: every distinct worker of the batch against the roster.
  const onRoster = await onRosterOf(deps, project._id, [...new Set(pending.map((r) => r.hash))]);
  const docs = new Map<string, AttendanceDoc>();
  const attendedByMonth = new Map<string, Set<string>>();
  const at = new Date();
  let accepted = 0;
  for (const r of pending) {
    if (!onRoster.has(r.hash)) {
      rejections.push({
        index: r.index,
        errors: [{ field: `records[${r.index}].idNumber`, message: '不在本项目实名制花名册' }],
      });
      continue;
    }
    accepted++;
    const m = r.date.slice(0, 7);
    const _id = `${project._id}|${r.hash}|${r.date}`;
    docs.set(_id, { _id, p: project._id, h: r.hash, m, d: r.date, at });
    let set = attendedByMonth.get(m);
    if (!set) attendedByMonth.set(m, (set = new Set()));
    set.add(r.hash);
  }
  const added = await insertNew(deps.models.Attendance as unknown as Model<never>, [...docs.values()]);
  // The month's attending set, idempotent by set semantics: a re-sent file changes nothing.
  if (attendedByMonth.size) {
    await deps.models.ProjectMonth.bulkWrite(
      [...attendedByMonth].map(([m, set]) => ({
        updateOne: {
          filter: { _id: `${project._id}|${m}` },
          update: {
            $addToSet: { attended: { $each: [...set] } },
            $set: { p: project._id, m, regionCode: project.regionCode, updatedAt: at },
          },
          upsert: true,
        },
      })) as never[],
      { ordered: false },
    );
  }
  rejections.sort((a, b) => a.index - b.index);
  await evaluateAfter(deps, project._id, new Set(attendedByMonth.keys()));
  return result(accepted, Math.min(added, accepted), rejections, attendedByMonth.keys());
}

const contentHash = (...parts: Array<string | number>) =>
  createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);

function parseFen(raw: string): number | null {
  if (!/^\d{1,12}$/.test(raw ?? '')) return null;
  const n = Number(raw);
  return n > 0 && n <= MAX_PAYMENT_FEN ? n : null;
}

/** 工资发放: one document per payment, keyed by its content (a re-sent file adds nothing); evaluated for the month. */
export async function recordPayroll(
  deps: IngestionDeps,
  p: Principal,
  req: pb.RecordPayrollRequest,
): Promise<pb.IngestResult> {
  if (!isMonth(req.month))
    throw invalidArgument('月份格式应为YYYY-MM', [{ field: 'month', message: 'YYYY-MM' }]);
  checkBatch(req.payments.length, 'payments');
  const project = await projectInScope(deps, p, req.projectId);
  const hasher = new IdHasher(deps.pii());
  const rejections: Array<{ index: number; errors: RowErrors }> = [];
  const docs = new Map<string, PaymentDoc>();
  const at = new Date();
  req.payments.forEach((r, index) => {
    const errors: RowErrors = [];
    const h = hasher.hash(r.idNumber);
    if ('error' in h) errors.push({ field: `payments[${index}].idNumber`, message: h.error });
    const fen = parseFen(r.amountFen);
    if (fen === null)
      errors.push({
        field: `payments[${index}].amountFen`,
        message: '金额应为正整数（分），不超过¥1,000,000',
      });
    const paidAt = new Date(r.paidAt ?? '');
    if (!r.paidAt || Number.isNaN(paidAt.getTime()))
      errors.push({ field: `payments[${index}].paidAt`, message: '发放时间应为ISO 8601' });
    else if (paidAt.getTime() > at.getTime() + 86_400_000)
      errors.push({ field: `payments[${index}].paidAt`, message: '发放时间不能晚于现在' });
    if (errors.length || 'error' in h || fen === null) return void rejections.push({ index, errors });
    const _id = contentHash(project._id, h.hash, req.month, fen, paidAt.toISOString());
    docs.set(_id, {
      _id,
      p: project._id,
      h: h.hash,
      m: req.month,
      y: req.month.slice(0, 4),
      fen,
      paidAt,
      at,
    });
  });
  const accepted = req.payments.length - rejections.length;
  const added = await insertNew(deps.models.Payment as unknown as Model<never>, [...docs.values()]);
  await evaluateAfter(deps, project._id, new Set(accepted ? [req.month] : []));
  return result(accepted, added, rejections, accepted ? [req.month] : []);
}

/** 人工费用拨付: labour cost credited to the dedicated account, keyed by its content (bank reference included). */
export async function recordAllocations(
  deps: IngestionDeps,
  p: Principal,
  req: pb.RecordAllocationsRequest,
): Promise<pb.IngestResult> {
  checkBatch(req.allocations.length, 'allocations');
  const project = await projectInScope(deps, p, req.projectId);
  const rejections: Array<{ index: number; errors: RowErrors }> = [];
  const docs = new Map<string, object>();
  const months = new Set<string>();
  const at = new Date();
  req.allocations.forEach((a, index) => {
    const errors: RowErrors = [];
    if (!isMonth(a.month)) errors.push({ field: `allocations[${index}].month`, message: 'YYYY-MM' });
    const fen = /^\d{1,14}$/.test(a.amountFen ?? '') && Number(a.amountFen) > 0 ? Number(a.amountFen) : null;
    if (fen === null)
      errors.push({ field: `allocations[${index}].amountFen`, message: '金额应为正整数（分）' });
    if (!isDate(a.receivedOn))
      errors.push({ field: `allocations[${index}].receivedOn`, message: 'YYYY-MM-DD' });
    const ref = (a.reference ?? '').trim();
    if (!ref || ref.length > 100)
      errors.push({ field: `allocations[${index}].reference`, message: '银行流水号必填，最多100个字符' });
    if (errors.length || fen === null) return void rejections.push({ index, errors });
    const _id = contentHash(project._id, a.month, fen, a.receivedOn, ref);
    docs.set(_id, { _id, p: project._id, m: a.month, fen, on: a.receivedOn, ref, at });
    months.add(a.month);
  });
  const accepted = req.allocations.length - rejections.length;
  const added = await insertNew(deps.models.Allocation as unknown as Model<never>, [...docs.values()]);
  // An allocation can cure (or, by filling a gap, change) the allocation warnings of later months too.
  const later = (await deps.models.ProjectMonth.distinct('m', { p: project._id })) as string[];
  await evaluateAfter(
    deps,
    project._id,
    new Set([...months, ...later.filter((m) => [...months].some((x) => m >= x))]),
  );
  return result(accepted, added, rejections, months);
}
