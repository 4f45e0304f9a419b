import {
  actorOf,
  coversRegion,
  idFromIdempotencyKey,
  invalidArgument,
  alreadyExists,
  newId,
  parseInput,
  notFound,
  permissionDenied,
  regionFilter,
  regionScopeFilter,
  requireRegion,
  requestFingerprint,
  ruleViolation,
  type Principal,
} from '@wage/kit';
import { finance as pb } from '@wage/proto';
import { recordFor } from '../domain/contractorRecord';
import { depositDueDate, requiredDeposit } from '../domain/depositRules';
import { financeEvent } from '../domain/events';
import {
  completeProjectSchema,
  createProjectSchema,
  dedicatedAccountSchema,
  optional,
  wireFen,
} from '../domain/inputs';
import { accounts, plans } from '../domain/ledger';
import {
  compliance,
  dedicatedAccountRecorded,
  dedicatedAccountStatus,
  depositReturned,
  initialDedicatedAccount,
  projectCompleted,
  requirementRecomputed,
  returnNoticed,
  returnRefused,
  returnReviewable,
  reviewDeadlines,
  type Requirement,
} from '../domain/project';
import type { ProjectDoc } from '../infra/models';
import type { FinanceDeps } from './deps';
import { updateProject } from './projectUpdates';
import { ensurePublicCode, noticeBoardMessage, publicCodeFor } from './noticeBoard';

/** POST /projects: registers a project wage profile with its required deposit and deadlines. */
export async function createProject(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.CreateProjectRequest,
  key: string | undefined,
): Promise<ProjectDoc> {
  const input = parseInput(
    createProjectSchema,
    {
      name: req.name,
      regionCode: req.regionCode,
      industry: req.industry,
      contractorUscc: req.contractorUscc,
      contractorName: req.contractorName,
      ownerName: req.ownerName,
      contractPriceFen: wireFen(req.contractPriceFen),
      permitDate: req.permitDate,
      contractSignedDate: optional(req.contractSignedDate),
    },
    '项目信息不完整或有误',
  );
  if (!coversRegion(principal, input.regionCode)) throw permissionDenied('只能登记本辖区内的项目');
  const hash = requestFingerprint(input);
  const id = key ? idFromIdempotencyKey(`project:${principal.subject}`, key) : newId();
  const existing = await deps.models.Project.findById(id).lean();
  if (existing) return sameRequest(existing as ProjectDoc, hash);

  const standing = await deps.standing.lookup(input.contractorUscc, principal.token);
  const requirement = requirementFrom(deps, input.contractPriceFen, input.regionCode, standing);
  const due = depositDueDate(input.permitDate, deps.calendar);
  const dedicatedAccount = initialDedicatedAccount(input.contractSignedDate ?? '');
  const state = { requirement, depositDueDate: due.date, topUp: null, depositReturn: null };
  const c = compliance(state, 0, deps.today());
  const registered = await deps.projects.createOnce(
    {
      _id: id,
      name: input.name,
      regionCode: input.regionCode,
      industry: input.industry,
      contractor: { uscc: input.contractorUscc, name: input.contractorName },
      ownerName: input.ownerName,
      contractPriceFen: input.contractPriceFen,
      permitDate: input.permitDate,
      contractSignedDate: input.contractSignedDate ?? '',
      requirement,
      depositDueDate: due.date,
      depositDueProvisional: due.provisional,
      depositBalanceFen: 0,
      complianceStatus: c.status,
      depositCompliant: c.compliant,
      topUp: null,
      dedicatedAccount,
      status: 'active',
      completedOn: '',
      depositReturn: null,
      registeredAt: new Date(),
      registeredBy: principal.username,
      requestHash: hash,
      commands: [],
      publicCode: publicCodeFor(deps, id),
    },
    [
      financeEvent(
        'finance.ProjectRegistered.v1',
        { subject: id, region: input.regionCode },
        {
          projectId: id,
          name: input.name,
          regionCode: input.regionCode,
          industry: input.industry,
          contractorUscc: input.contractorUscc,
          contractorName: input.contractorName,
          ownerName: input.ownerName,
          contractPriceFen: String(input.contractPriceFen),
          permitDate: input.permitDate,
          requiredDepositFen: String(requirement.requiredDepositFen),
          depositRatioBp: requirement.ratioBp,
          depositDueDate: due.date,
          depositExempt: requirement.exempt,
          ratioProvisional: requirement.provisional,
          ratioBasis: requirement.basis,
        },
      ),
    ],
    { actor: actorOf(principal) },
  );
  if (registered.created) return registered.doc;
  if (!registered.doc) throw alreadyExists('该项目已登记 (the project is registered already)');
  return sameRequest(registered.doc, hash);
}

function sameRequest(doc: ProjectDoc, hash: string): ProjectDoc {
  if (doc.requestHash !== hash)
    throw ruleViolation('该幂等键已用于内容不同的请求 (idempotency key reused with a different body)');
  return doc;
}

function requirementFrom(
  deps: FinanceDeps,
  priceFen: number,
  regionCode: string,
  standing: Awaited<ReturnType<FinanceDeps['standing']['lookup']>>,
): Requirement {
  const { record, provisional, reason } = recordFor(standing);
  return {
    ...requiredDeposit(priceFen, regionCode, record, deps.rules),
    provisional,
    provisionalReason: reason,
  };
}

/** A project the caller may see, or 404 (also outside the caller's region: existence is not revealed). */
export async function visibleProject(
  deps: FinanceDeps,
  principal: Principal,
  id: string,
): Promise<ProjectDoc> {
  if (!id) throw invalidArgument('缺少项目编号', [{ field: 'id', message: '必填' }]);
  const doc = (await deps.models.Project.findById(id).lean()) as ProjectDoc | null;
  if (!doc) throw notFound('项目不存在');
  requireRegion(principal, doc.regionCode, '项目');
  return doc;
}

/** The wire shape, with the live deposit balance from the ledger and compliance as of today. */
export async function projectMessage(
  deps: FinanceDeps,
  doc: ProjectDoc,
  balance?: number,
): Promise<pb.Project> {
  const balanceFen = balance ?? (await deps.ledger.balance(accounts.deposit(doc._id)));
  const today = deps.today();
  const c = compliance(doc, balanceFen, today);
  const r = doc.requirement;
  const a = doc.dedicatedAccount;
  return pb.Project.fromPartial({
    id: doc._id,
    name: doc.name,
    regionCode: doc.regionCode,
    industry: doc.industry,
    contractorUscc: doc.contractor.uscc,
    contractorName: doc.contractor.name,
    ownerName: doc.ownerName,
    contractPriceFen: String(doc.contractPriceFen),
    permitDate: doc.permitDate,
    contractSignedDate: doc.contractSignedDate,
    requiredDepositFen: String(r.requiredDepositFen),
    depositRatio: r.ratioBp / 10_000,
    depositRatioBp: r.ratioBp,
    depositCapped: r.capped,
    depositExempt: r.exempt,
    depositDueDate: doc.depositDueDate,
    depositDueProvisional: doc.depositDueProvisional,
    ratioProvisional: r.provisional,
    ratioProvisionalReason: r.provisionalReason,
    ratioBasis: r.basis,
    depositBalanceFen: String(balanceFen),
    depositCompliant: c.compliant,
    complianceStatus: c.status,
    ...(doc.topUp
      ? {
          topUp: {
            caseId: doc.topUp.caseId,
            openedOn: doc.topUp.openedOn,
            dueDate: doc.topUp.dueDate,
            dueProvisional: doc.topUp.dueProvisional,
            shortfallFen: String(Math.max(0, r.requiredDepositFen - balanceFen)),
            status:
              doc.topUp.status === 'met' || balanceFen >= r.requiredDepositFen
                ? 'met'
                : today > doc.topUp.dueDate
                  ? 'overdue'
                  : 'due',
          },
        }
      : {}),
    openWarnings: (await deps.openWarnings?.(doc._id)) ?? { red: 0, orange: 0, yellow: 0 },
    dedicatedAccount: {
      status: dedicatedAccountStatus(a, today),
      openingDueDate: a.openingDueDate,
      openedOn: a.openedOn,
      bankName: a.bankName,
      accountNumberMasked: a.accountNumberMasked,
      tripartiteAgreement: a.tripartiteAgreement,
      filingDueDate: a.filingDueDate,
      filedOn: a.filedOn,
    },
    status: doc.status,
    completedOn: doc.completedOn,
    ...(doc.depositReturn
      ? { depositReturn: { ...doc.depositReturn, returnedFen: String(doc.depositReturn.returnedFen) } }
      : {}),
    registeredAt: doc.registeredAt.toISOString(),
    version: String(doc.version),
    publicCode: await ensurePublicCode(deps, doc),
    noticeBoard: noticeBoardMessage(deps, doc),
  });
}

export async function listProjects(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.ListProjectsRequest,
): Promise<pb.ListProjectsResponse> {
  const limit = Math.min(Math.max(req.limit || 50, 1), 200);
  const and: Array<Record<string, unknown>> = [regionScopeFilter(principal)];
  if (req.regionCode) and.push(regionFilter(req.regionCode));
  if (req.complianceStatus) and.push({ complianceStatus: req.complianceStatus });
  if (req.cursor) and.push({ _id: { $gt: req.cursor } });
  const docs = (await deps.models.Project.find({ $and: and })
    .sort({ _id: 1 })
    .limit(limit + 1)
    .lean()) as ProjectDoc[];
  const page = docs.slice(0, limit);
  return {
    items: await Promise.all(page.map((d) => projectMessage(deps, d))),
    nextCursor: docs.length > limit ? page[page.length - 1]!._id : '',
  };
}

/** Asks credit again (e.g. it was unreachable at registration) and records the new figure if it changed. */
export async function recomputeRequirement(
  deps: FinanceDeps,
  principal: Principal,
  id: string,
  key?: string,
): Promise<ProjectDoc> {
  const doc = await visibleProject(deps, principal, id);
  const standing = await deps.standing.lookup(doc.contractor.uscc, principal.token);
  const next = requirementFrom(deps, doc.contractPriceFen, doc.regionCode, standing);
  return updateProject(
    deps,
    id,
    (p, balance) => {
      const r = p.requirement;
      const same =
        r.requiredDepositFen === next.requiredDepositFen &&
        r.ratioBp === next.ratioBp &&
        r.exempt === next.exempt &&
        r.provisional === next.provisional;
      return same ? null : requirementRecomputed(p, next, balance, deps.today());
    },
    { actor: actorOf(principal) },
    undefined,
    { key, fingerprint: requestFingerprint({ recompute: id }) },
  );
}

export async function recordDedicatedAccount(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.RecordDedicatedAccountRequest,
  key?: string,
): Promise<ProjectDoc> {
  await visibleProject(deps, principal, req.projectId);
  const a = parseInput(
    dedicatedAccountSchema,
    { ...req, filedOn: optional(req.filedOn) },
    '专用账户信息有误',
  );
  const masked = `${'*'.repeat(a.accountNumber.length - 4)}${a.accountNumber.slice(-4)}`;
  return updateProject(
    deps,
    req.projectId,
    (p) =>
      dedicatedAccountRecorded(p, {
        bankName: a.bankName,
        accountNumberMasked: masked,
        openedOn: a.openedOn,
        tripartiteAgreement: a.tripartiteAgreement,
        filedOn: a.filedOn ?? '',
      }),
    { actor: actorOf(principal) },
    undefined,
    { key, fingerprint: requestFingerprint(a) },
  );
}

export async function completeProject(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.CompleteProjectRequest,
  key?: string,
): Promise<ProjectDoc> {
  await visibleProject(deps, principal, req.projectId);
  const { completedOn } = parseInput(completeProjectSchema, req, '竣工信息有误');
  return updateProject(
    deps,
    req.projectId,
    (p) => projectCompleted(p, completedOn),
    { actor: actorOf(principal) },
    undefined,
    {
      key,
      fingerprint: requestFingerprint({ projectId: req.projectId, completedOn }),
    },
  );
}

export async function noticeDepositReturn(
  deps: FinanceDeps,
  principal: Principal,
  id: string,
  key?: string,
): Promise<ProjectDoc> {
  await visibleProject(deps, principal, id);
  return updateProject(
    deps,
    id,
    (p, balance) => returnNoticed(p, deps.today(), balance),
    { actor: actorOf(principal) },
    undefined,
    {
      key,
      fingerprint: requestFingerprint({ notice: id }),
    },
  );
}

/**
 * After the 30-day notice the review refuses the return (an objection: unpaid wages) or approves it: the
 * whole balance goes back to the contractor in one posting, and the project closes.
 */
export async function reviewDepositReturn(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.ReviewDepositReturnRequest,
  key?: string,
): Promise<ProjectDoc> {
  const doc = await visibleProject(deps, principal, req.projectId);
  if (doc.depositReturn?.status === 'returned') return doc;
  const blocked = returnReviewable(doc, deps.today());
  if (blocked) throw ruleViolation(blocked.message);
  const meta = { actor: actorOf(principal) };
  if (!req.approve) {
    if (!req.reason.trim())
      throw invalidArgument('不予返还须说明理由', [{ field: 'reason', message: '必填' }]);
    return updateProject(
      deps,
      req.projectId,
      (p) => returnReviewable(p, deps.today()) ?? returnRefused(p, deps.today(), req.reason.trim()),
      meta,
      undefined,
      {
        key,
        fingerprint: requestFingerprint({
          projectId: req.projectId,
          approve: false,
          reason: req.reason.trim(),
        }),
      },
    );
  }
  const balance = await deps.ledger.balance(accounts.deposit(doc._id));
  if (balance <= 0) throw ruleViolation('保证金余额为零，无需返还');
  const { posting } = await deps.ledger.post(
    idFromIdempotencyKey('deposit-return', `${doc._id}:${balance}`),
    plans.return(doc._id, balance),
    {
      regionCode: doc.regionCode,
      requestedFen: balance,
      requestHash: requestFingerprint({ projectId: doc._id, balance }),
      idempotencyKey: '',
      actor: actorOf(principal),
      projectId: doc._id,
    },
  );
  if (posting.status === 'rejected')
    throw ruleViolation(`保证金余额已变动，请重新审核 (${posting.rejectedReason ?? ''})`);
  return (await deps.models.Project.findById(doc._id).lean()) as ProjectDoc;
}

/** Effect of a return posting: the project closes with the amount returned. */
export function registerProjectEffects(deps: FinanceDeps): void {
  deps.ledger.effects.return = async (posting) => {
    const amount = posting.lines[1]!.amountFen;
    await updateProject(
      deps,
      posting.projectId!,
      (p) => depositReturned(p, posting._id, amount, deps.today()),
      { actor: posting.actor },
      posting._id,
    );
    return { returnedFen: amount };
  };
}

/** The daily look at deadlines: deposits not lodged in 20 working days, top-ups not made in 10. */
export async function reviewProjectDeadlines(deps: FinanceDeps): Promise<number> {
  const today = deps.today();
  const due = await deps.models.Project.find(
    {
      $or: [
        { complianceStatus: 'awaiting_deposit', depositDueDate: { $lt: today } },
        { complianceStatus: 'top_up_due', 'topUp.dueDate': { $lt: today } },
      ],
    },
    { _id: 1 },
  )
    .limit(1_000)
    .lean();
  let changed = 0;
  for (const { _id } of due) {
    const before = await deps.models.Project.findById(_id, { version: 1 }).lean();
    const after = await updateProject(deps, _id, (p, balance) => reviewDeadlines(p, balance, today), {});
    if (after.version !== before?.version) changed += 1;
  }
  return changed;
}
