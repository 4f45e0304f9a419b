import { idFromIdempotencyKey, newId, notFound, parseInput, readableCode } from '@wage/kit';
import { intake as pb } from '@wage/proto';
import { timingSafeEqual } from 'node:crypto';
import { clueInputSchema } from '../domain/clue';
import { PUBLIC_STATUS_TEXT } from '../domain/intakeCase';
import type { ClueDoc, IntakeCaseDoc, LegalAidRequestDoc } from '../infra/models';
import { clueFacts } from './fileClue';
import { receiveClue, type IntakeDeps } from './receive';
import { PUBLIC_STEPS } from '../domain/selfService';

/**
 * Codes are derived from the clue id with the service's secret hash key, so a retried submission answers the
 * same codes without keeping the access code anywhere: only its keyed hash is stored. The tracking code has
 * 100 bits, the access code 50.
 */
export function publicCodes(
  deps: IntakeDeps,
  clueId: string,
): { trackingCode: string; accessCode: string; accessCodeHash: string } {
  const trackingCode = `WG${readableCode(deps.pii.hasher.hash(`tracking:${clueId}`), 20)}`;
  const accessCode = readableCode(deps.pii.hasher.hash(`access:${clueId}`), 10);
  return { trackingCode, accessCode, accessCodeHash: deps.pii.hasher.hash(`access-code:${accessCode}`) };
}

/** A worker reports arrears without logging in (网上自助): channel `online`, received in the clue's own region. */
export async function submitPublicClue(
  deps: IntakeDeps,
  req: pb.PublicClueRequest,
): Promise<pb.PublicClueReceipt> {
  const amount = Number(req.amountFen);
  const input = parseInput(
    clueInputSchema,
    {
      channel: 'online',
      regionCode: req.regionCode,
      reporter: req.reporter ?? {},
      employer: {
        name: req.employer?.name ?? '',
        ...(req.employer?.uscc ? { uscc: req.employer.uscc } : {}),
      },
      ...(req.projectId ? { projectId: req.projectId } : {}),
      workerCount: req.workerCount,
      amountFen: Number.isSafeInteger(amount) ? amount : NaN,
      description: req.description,
    },
    '线索信息不完整或有误',
  );
  const facts = clueFacts(input, deps.pii);
  // A retry (same key, same person) is the same clue; nobody else can reach it without the person's ID number.
  const clueId = req.idempotencyKey
    ? idFromIdempotencyKey(`public:${facts.reporter!.idNumberHash}`, req.idempotencyKey)
    : newId();
  const codes = publicCodes(deps, clueId);
  await receiveClue(deps, facts, {
    clueId,
    receivingRegion: input.regionCode,
    receivedBy: 'online',
    publicAccess: { trackingCode: codes.trackingCode, accessCodeHash: codes.accessCodeHash },
  });
  return { trackingCode: codes.trackingCode, accessCode: codes.accessCode };
}

/**
 * The clue and case a tracking code and access code open; an unknown code and a wrong access code are the same
 * 404, so neither reveals that the other exists.
 */
export async function trackedClue(
  deps: IntakeDeps,
  trackingCode: string,
  accessCode: string,
): Promise<{ clue: ClueDoc; intakeCase: IntakeCaseDoc }> {
  const missing = notFound('没有找到该线索，或查询码不正确');
  if (!/^WG[A-Z2-9]{20}$/.test(trackingCode) || !accessCode || accessCode.length > 64) throw missing;
  const clue = (await deps.models.Clue.findOne({ trackingCode }).lean()) as ClueDoc | null;
  const given = Buffer.from(deps.pii.hasher.hash(`access-code:${accessCode.trim().toUpperCase()}`));
  const stored = Buffer.from(clue?.accessCodeHash ?? '');
  if (!clue || given.length !== stored.length || !timingSafeEqual(given, stored)) throw missing;
  const c = (await deps.models.IntakeCase.findById(clue.caseId).lean()) as IntakeCaseDoc | null;
  if (!c) throw missing;
  return { clue, intakeCase: c };
}

/** What a worker may know: status and plain-Chinese steps, nothing personal, no officials' names. 404 otherwise. */
export async function trackPublicClue(
  deps: IntakeDeps,
  req: pb.TrackPublicClueRequest,
): Promise<pb.PublicClueProgress> {
  const { clue, intakeCase: c } = await trackedClue(deps, req.trackingCode, req.accessCode);
  const steps = [{ at: clue.receivedAt, text: '您反映的欠薪线索已收到' }];
  for (const h of c.history) {
    if (!h.publicText || h.at.getTime() < clue.receivedAt.getTime() - 1000) continue;
    if (h.type === 'intake.ClueReceived') continue;
    if (h.type === 'intake.ClueMerged' && c.clueIds[0] === clue._id) continue;
    steps.push({ at: h.at, text: h.publicText });
  }
  // The case's earlier steps (a merged clue joins a case already filed and routed) are the worker's too.
  if (clue.merged) {
    for (const h of c.history) {
      if (
        h.publicText &&
        h.at.getTime() < clue.receivedAt.getTime() - 1000 &&
        h.type !== 'intake.ClueReceived' &&
        h.type !== 'intake.ClueMerged'
      ) {
        steps.push({ at: h.at, text: h.publicText });
      }
    }
  }
  steps.push(...(await selfServiceSteps(deps, clue)));
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = steps[steps.length - 1]!;
  return {
    status: c.status,
    statusText: PUBLIC_STATUS_TEXT[c.status],
    updatedAt: last.at.toISOString(),
    steps: steps.map((s) => ({ at: s.at.toISOString(), text: s.text })),
  };
}

/** The worker's own requests: the return-visit answer and legal aid (the lawyer's name, nothing else). */
async function selfServiceSteps(deps: IntakeDeps, clue: ClueDoc): Promise<Array<{ at: Date; text: string }>> {
  const steps: Array<{ at: Date; text: string }> = [];
  if (clue.feedback) {
    steps.push({ at: clue.feedback.at, text: PUBLIC_STEPS.feedback });
    if (clue.feedback.followUpClueId) steps.push({ at: clue.feedback.at, text: PUBLIC_STEPS.followUp });
  }
  const aid = (await deps.models.LegalAidRequest.findOne({
    clueId: clue._id,
  }).lean()) as LegalAidRequestDoc | null;
  if (aid) {
    steps.push({ at: aid.requestedAt, text: PUBLIC_STEPS.requested });
    if (aid.status === 'accepted' && aid.acceptedAt && aid.lawyerName)
      steps.push({ at: aid.acceptedAt, text: PUBLIC_STEPS.accepted(aid.lawyerName) });
  }
  return steps;
}
