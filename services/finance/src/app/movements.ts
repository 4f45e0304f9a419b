import {
  actorOf,
  asServiceAccount,
  coversRegion,
  conflict,
  idFromIdempotencyKey,
  invalidArgument,
  isDuplicateKey,
  newId,
  notFound,
  parseInput,
  requestFingerprint,
  requireRegion,
  ruleViolation,
  type Principal,
} from '@wage/kit';
import { formatFen, shanghaiDate, yearOf } from '@wage/cn';
import { maskResidentId } from '@wage/pii';
import { finance as pb } from '@wage/proto';
import { allocateDraw } from '../domain/draw';
import { advanced, fundCounty, repaid, yearlyBudget } from '../domain/emergencyFund';
import {
  advanceSchema,
  drawDepositSchema,
  recordDepositSchema,
  repaymentSchema,
  wireFen,
} from '../domain/inputs';
import { accounts, plans, type DepositForm } from '../domain/ledger';
import { depositDrawn, depositReceived } from '../domain/project';
import type { PostingDoc, RecoveryClaimDoc } from '../infra/models';
import { sleep, type FinanceDeps } from './deps';
import { updateProject } from './projectUpdates';
import { visibleProject } from './projects';

// Every money movement is one ledger posting whose id comes from the idempotency key: a retried or replayed
// command finds its posting and answers what the first one answered; nothing is paid twice.

const idem = (key: string | undefined) => key ?? '';

/**
 * Draws and advances are asked for by inspectors; the inspection service's own account (client
 * `wage-inspection`) completes the ones a crash left pending, under the same key, for a case whose region
 * inspection checked when the inspector asked. It is the one caller whose region is not its token's.
 */
const regionOf = (p: Principal): Principal => asServiceAccount(p, 'wage-inspection');

/** POST /projects/{id}/deposits (finance-officer): cash or a bank guarantee lodged for a project. */
export async function recordDeposit(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.RecordDepositRequest,
  key: string | undefined,
): Promise<pb.RecordDepositResponse> {
  const input = parseInput(
    recordDepositSchema,
    { ...req, amountFen: wireFen(req.amountFen) },
    '保证金信息有误',
  );
  const project = await visibleProject(deps, principal, input.projectId);
  if (project.status === 'closed') throw ruleViolation('项目保证金已返还结清，不再收存');
  const id = key ? idFromIdempotencyKey(`deposit:${input.projectId}`, key) : newId();
  const { posting } = await postOnce(deps, id, plans.deposit(input.projectId, input.form, input.amountFen), {
    regionCode: project.regionCode,
    requestedFen: input.amountFen,
    requestHash: requestFingerprint(input),
    idempotencyKey: idem(key),
    actor: actorOf(principal),
    projectId: input.projectId,
    details: { form: input.form, reference: input.reference },
  });
  const r = posting.result ?? {};
  return pb.RecordDepositResponse.fromPartial({
    depositId: posting._id,
    projectId: input.projectId,
    amountFen: String(input.amountFen),
    depositBalanceFen: String(r.depositBalanceFen ?? 0),
    depositCompliant: Boolean(r.depositCompliant),
  });
}

/**
 * Inspection's deposit draw (the approving inspection chief's token forwarded, or inspection's own account): pays the case's workers from the
 * project's deposit, up to its balance, and opens the contractor's top-up obligation. Inspection decides
 * whether a draw is due (an overdue, unpaid payment order); finance guarantees the money side.
 */
export async function drawDeposit(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.DrawDepositRequest,
  key: string | undefined,
): Promise<pb.DrawDepositResponse> {
  const input = parseInput(
    drawDepositSchema,
    {
      caseId: req.caseId,
      projectId: req.projectId,
      amountFen: wireFen(req.amountFen),
      workers: req.workers.map((w) => ({
        name: w.name,
        idNumber: w.idNumber,
        amountFen: wireFen(w.amountFen),
      })),
    },
    '动用保证金的信息有误',
  );
  const project = await visibleProject(deps, regionOf(principal), input.projectId);
  // No caller-invented case ids: inspection must confirm the approved request for this case and project.
  await deps.confirmer.confirm(
    {
      caseId: input.caseId,
      requestId: req.requestId,
      kind: 'draw',
      amountFen: input.amountFen,
      projectId: input.projectId,
    },
    principal.token,
  );
  const id = key ? idFromIdempotencyKey(`draw:${input.caseId}`, key) : newId();
  // The content fingerprint covers the workers' ID numbers through their keyed hashes, never in clear.
  const payees = input.workers.map((w) => {
    const idn = deps.pii().protect(w.idNumber);
    return {
      name: w.name,
      amountFen: w.amountFen,
      idNumberEnc: idn.enc,
      idNumberHash: idn.hash,
      idNumberMasked: maskResidentId(w.idNumber),
    };
  });
  const fingerprint = requestFingerprint({
    ...input,
    workers: payees.map((p) => ({ name: p.name, amountFen: p.amountFen, id: p.idNumberHash })),
  });
  const { posting } = await postOnce(deps, id, plans.draw(input.projectId, input.caseId, input.amountFen), {
    regionCode: project.regionCode,
    requestedFen: input.amountFen,
    requestHash: fingerprint,
    idempotencyKey: idem(key),
    actor: actorOf(principal),
    projectId: input.projectId,
    caseId: input.caseId,
    details: { payees },
  });
  if (posting.status === 'rejected')
    throw ruleViolation(`保证金余额为零，无法动用 (${posting.rejectedReason ?? ''})`);
  const drawn = posting.lines[1]!.amountFen;
  const r = posting.result ?? {};
  const stored = (posting.details.payees as typeof payees | undefined) ?? [];
  return pb.DrawDepositResponse.fromPartial({
    drawId: posting._id,
    caseId: input.caseId,
    projectId: input.projectId,
    requestedFen: String(input.amountFen),
    drawnFen: String(drawn),
    undrawnFen: String(input.amountFen - drawn),
    depositBalanceFen: String(r.depositBalanceFen ?? 0),
    topUpDueDate: String(r.topUpDueDate ?? ''),
    topUpDueProvisional: Boolean(r.topUpDueProvisional),
    workers: allocateDraw(drawn, stored).map((w) => ({
      name: w.name,
      idNumberMasked: w.idNumberMasked,
      amountFen: String(w.paidFen),
    })),
  });
}

/**
 * Inspection's emergency advance: one allocation per case (一案一拨), within the county fund's available
 * balance, with a recovery claim against the employer for the amount.
 */
export async function advanceEmergencyFund(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.AdvanceEmergencyFundRequest,
  key: string | undefined,
): Promise<pb.AdvanceEmergencyFundResponse> {
  const input = parseInput(
    advanceSchema,
    {
      caseId: req.caseId,
      regionCode: req.regionCode,
      amountFen: wireFen(req.amountFen),
      employer: { name: req.employer?.name ?? '', uscc: req.employer?.uscc ?? '' },
    },
    '应急周转金垫付信息有误',
  );
  const county = fundCounty(input.regionCode);
  if (!county)
    throw invalidArgument('应急周转金按县级设立', [
      { field: 'regionCode', message: '应为县级或以下的区划代码' },
    ]);
  requireRegion(regionOf(principal), county, '应急周转金');
  await deps.confirmer.confirm(
    {
      caseId: input.caseId,
      requestId: req.requestId,
      kind: 'advance',
      amountFen: input.amountFen,
      regionCode: input.regionCode,
    },
    principal.token,
  );
  const year = yearOf(deps.today());
  const fund = await ensureFund(deps, county, year);
  const hash = requestFingerprint(input);
  const actor = actorOf(principal);
  // The n-th attempt at a case's allocation; a refused one (fund short) lets the next attempt try again.
  for (let n = 0; n < 100; n++) {
    const id = idFromIdempotencyKey('advance', `${input.caseId}#${n}`);
    const claimId = idFromIdempotencyKey('recovery-claim', id);
    const { posting, created } = await deps.ledger.record(id, plans.advance(fund, claimId, input.amountFen), {
      regionCode: county,
      requestedFen: input.amountFen,
      requestHash: hash,
      idempotencyKey: idem(key),
      actor,
      caseId: input.caseId,
      claimId,
      fundAccount: fund,
      details: { employer: input.employer, fundYear: year },
    });
    const mine = created || (!!key && posting.idempotencyKey === key);
    if (!mine) {
      if (posting.status === 'rejected') continue;
      throw ruleViolation('该案件已拨付应急周转金（一案一拨） (this case already has its emergency advance)');
    }
    if (!created && posting.requestHash !== hash)
      throw ruleViolation('该幂等键已用于内容不同的请求 (idempotency key reused with a different body)');
    const done = await completeOnce(deps, posting);
    if (done.status === 'rejected') {
      const balance = await deps.ledger.balance(fund);
      throw ruleViolation(
        `应急周转金可用余额 ${formatFen(balance)}，不足垫付 ${formatFen(input.amountFen)} (insufficient fund)`,
      );
    }
    const r = done.result ?? {};
    return pb.AdvanceEmergencyFundResponse.fromPartial({
      advanceId: done._id,
      recoveryClaimId: claimId,
      caseId: input.caseId,
      regionCode: county,
      fundYear: year,
      advancedFen: String(input.amountFen),
      fundBalanceFen: String(r.fundBalanceFen ?? 0),
    });
  }
  throw conflict('该案件垫付尝试次数过多');
}

/** The employer repaid (part of) an advance: never more than it owes; the fund is restored by the amount. */
export async function repayRecovery(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.RepayRecoveryRequest,
  key: string | undefined,
): Promise<pb.RepayRecoveryResponse> {
  const input = parseInput(
    repaymentSchema,
    { ...req, amountFen: wireFen(req.amountFen) },
    '追偿还款信息有误',
  );
  const claim = await visibleClaim(deps, principal, input.claimId);
  const id = key ? idFromIdempotencyKey(`repayment:${claim._id}`, key) : newId();
  const { posting } = await postOnce(
    deps,
    id,
    plans.repayment(claim._id, claim.fundAccount, input.amountFen),
    {
      regionCode: claim.regionCode,
      requestedFen: input.amountFen,
      requestHash: requestFingerprint(input),
      idempotencyKey: idem(key),
      actor: actorOf(principal),
      caseId: claim.caseId,
      claimId: claim._id,
      fundAccount: claim.fundAccount,
      details: { reference: input.reference },
    },
  );
  if (posting.status === 'rejected') {
    const outstanding = await deps.ledger.balance(accounts.recovery(claim._id));
    throw ruleViolation(
      `还款 ${formatFen(input.amountFen)} 超过尚欠金额 ${formatFen(outstanding)} (more than outstanding)`,
    );
  }
  const r = posting.result ?? {};
  return pb.RepayRecoveryResponse.fromPartial({
    repaymentId: posting._id,
    claimId: claim._id,
    repaidFen: String(input.amountFen),
    outstandingFen: String(r.outstandingFen ?? 0),
    fullyRepaid: Boolean(r.fullyRepaid),
    fundBalanceFen: String(r.fundBalanceFen ?? 0),
  });
}

export async function visibleClaim(
  deps: FinanceDeps,
  principal: Principal,
  id: string,
): Promise<RecoveryClaimDoc> {
  const claim = await findClaim(deps, id);
  if (!claim) throw notFound('追偿记录不存在');
  requireRegion(principal, claim.regionCode, '追偿记录');
  return claim;
}

/** A claim by id; a claim whose advance is still being completed (after a crash) is completed first. */
async function findClaim(deps: FinanceDeps, id: string): Promise<RecoveryClaimDoc | null> {
  const claim = (await deps.models.RecoveryClaim.findById(id).lean()) as RecoveryClaimDoc | null;
  if (claim) return claim;
  const advance = await deps.models.Posting.findOne(
    { kind: 'advance', claimId: id },
    { _id: 1, status: 1 },
  ).lean();
  if (advance?.status !== 'pending') return null;
  await deps.ledger.complete(advance._id);
  return (await deps.models.RecoveryClaim.findById(id).lean()) as RecoveryClaimDoc | null;
}

export async function claimMessage(deps: FinanceDeps, c: RecoveryClaimDoc): Promise<pb.RecoveryClaim> {
  const outstanding = await deps.ledger.balance(accounts.recovery(c._id));
  return pb.RecoveryClaim.fromPartial({
    id: c._id,
    caseId: c.caseId,
    regionCode: c.regionCode,
    fundYear: c.fundYear,
    employer: c.employer,
    advancedFen: String(c.advancedFen),
    repaidFen: String(c.repaidFen),
    outstandingFen: String(outstanding),
    status: c.status,
    advancedAt: c.advancedAt.toISOString(),
    version: String(c.version),
  });
}

/**
 * Opens a county's fund for a year with its budget (once: the posting's id is the county and year). Refused
 * for a county without a configured fund.
 */
export async function ensureFund(deps: FinanceDeps, county: string, year: number): Promise<string> {
  const budget = yearlyBudget(deps.funds, county);
  if (budget === undefined)
    throw ruleViolation('该地区未设立应急周转金 (no emergency fund configured for this county)');
  const fund = accounts.fund(county, year);
  const id = idFromIdempotencyKey('fund-budget', `${county}:${year}`);
  const existing = await deps.models.Posting.findById(id, { status: 1 }).lean();
  if (existing?.status === 'applied') return fund;
  await deps.ledger.post(id, plans.budget(county, year, budget), {
    regionCode: county,
    requestedFen: budget,
    requestHash: requestFingerprint({ county, year, budget }),
    idempotencyKey: '',
    actor: { subject: 'system', username: 'system', agency: 'finance', region: '', roles: [] },
    fundAccount: fund,
    details: { year },
  });
  return fund;
}

export async function fundBalance(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.GetFundBalanceRequest,
): Promise<pb.FundBalance> {
  const county = fundCounty(req.regionCode);
  if (!county)
    throw invalidArgument('应急周转金按县级设立', [{ field: 'regionCode', message: '应为县级区划代码' }]);
  if (!coversRegion(principal, county)) throw notFound('应急周转金不存在');
  const year = req.year || yearOf(deps.today());
  if (year === yearOf(deps.today())) await ensureFund(deps, county, year);
  const fund = accounts.fund(county, year);
  const sums = (await deps.models.Posting.aggregate([
    { $match: { fundAccount: fund, status: 'applied' } },
    { $group: { _id: '$kind', fen: { $sum: '$amountFen' } } },
  ])) as Array<{ _id: string; fen: number }>;
  const sum = (kind: string) => sums.find((s) => s._id === kind)?.fen ?? 0;
  const advancedFen = sum('advance');
  const repaidFen = sum('repayment');
  return pb.FundBalance.fromPartial({
    regionCode: county,
    year,
    budgetFen: String(sum('budget')),
    balanceFen: String(await deps.ledger.balance(fund)),
    advancedFen: String(advancedFen),
    repaidFen: String(repaidFen),
    outstandingClaimsFen: String(advancedFen - repaidFen),
  });
}

/** Records (or finds) a posting and completes it; the same key with another body is refused. */
async function postOnce(
  deps: FinanceDeps,
  id: string,
  plan: Parameters<FinanceDeps['ledger']['record']>[1],
  meta: Parameters<FinanceDeps['ledger']['record']>[2],
) {
  const { posting, created } = await deps.ledger.record(id, plan, meta);
  if (!created && posting.requestHash !== meta.requestHash) {
    throw ruleViolation('该幂等键已用于内容不同的请求 (idempotency key reused with a different body)');
  }
  return { posting: await completeOnce(deps, posting), created };
}

/** A finished posting as it is, a pending one completed (a retry after a crash completes it here). */
async function completeOnce(deps: FinanceDeps, posting: PostingDoc): Promise<PostingDoc> {
  return posting.status === 'pending' ? deps.ledger.complete(posting._id) : posting;
}

/** What each movement does once its lines are applied: the aggregates change and publish, once. */
export function registerMovementEffects(deps: FinanceDeps): void {
  const { ledger } = deps;
  ledger.effects.deposit = async (p) => {
    const project = await updateProject(
      deps,
      p.projectId!,
      (proj, balance) =>
        depositReceived(
          proj,
          {
            depositId: p._id,
            amountFen: p.requestedFen,
            form: p.details.form as DepositForm,
            reference: String(p.details.reference ?? ''),
          },
          balance,
          deps.today(),
        ),
      { actor: p.actor },
      p._id,
    );
    return { depositBalanceFen: project.depositBalanceFen, depositCompliant: project.depositCompliant };
  };

  ledger.effects.draw = async (p) => {
    const drawn = p.lines[1]!.amountFen;
    const payees = (p.details.payees as unknown[] | undefined) ?? [];
    const project = await updateProject(
      deps,
      p.projectId!,
      (proj, balance) =>
        depositDrawn(
          proj,
          {
            drawId: p._id,
            caseId: p.caseId!,
            requestedFen: p.requestedFen,
            drawnFen: drawn,
            workerCount: payees.length,
            drawnOn: shanghaiDate(p.createdAt),
          },
          balance,
          deps.today(),
          deps.calendar,
        ),
      { actor: p.actor },
      p._id,
    );
    const open = project.topUp && project.topUp.status !== 'met' ? project.topUp : null;
    return {
      drawnFen: drawn,
      depositBalanceFen: project.depositBalanceFen,
      topUpDueDate: open?.dueDate ?? '',
      topUpDueProvisional: open?.dueProvisional ?? false,
    };
  };

  ledger.effects.advance = async (p) => {
    const amount = p.lines[1]!.amountFen;
    const employer = p.details.employer as { name: string; uscc: string };
    const claim = {
      _id: p.claimId!,
      caseId: p.caseId!,
      regionCode: p.regionCode,
      fundAccount: p.fundAccount!,
      fundYear: Number(p.details.fundYear),
      employer,
      advancedFen: amount,
      repaidFen: 0,
      status: 'open' as const,
      advanceId: p._id,
      advancedAt: p.createdAt,
    };
    try {
      await deps.claims.create(claim, [advanced(claim, p._id)], { actor: p.actor });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // created by an earlier attempt
    }
    return { fundBalanceFen: await ledger.balance(p.fundAccount!) };
  };

  ledger.effects.repayment = async (p) => {
    const amount = p.requestedFen;
    let claim: RecoveryClaimDoc | null = null;
    for (let attempt = 0; attempt < 200 && !claim; attempt++) {
      const c = (await deps.models.RecoveryClaim.findById(p.claimId).lean()) as RecoveryClaimDoc | null;
      if (!c) throw notFound('追偿记录不存在');
      if (c.processed.includes(p._id)) claim = c;
      else {
        claim = await deps.claims.update(
          { _id: c._id },
          c.version,
          repaid(c, p._id, amount),
          { actor: p.actor },
          p._id,
        );
        if (!claim) await sleep(Math.random() * Math.min(50, 2 * attempt));
      }
    }
    if (!claim) throw conflict('追偿记录正被他人同时修改，请重试');
    const outstanding = await ledger.balance(accounts.recovery(claim._id));
    return {
      outstandingFen: outstanding,
      fullyRepaid: outstanding === 0,
      fundBalanceFen: await ledger.balance(p.fundAccount!),
    };
  };
}
