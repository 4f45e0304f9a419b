import {
  idFromIdempotencyKey,
  notFound,
  parseInput,
  requireRegion,
  ruleViolation,
  type Principal,
} from '@wage/kit';
import { intake as pb } from '@wage/proto';
import {
  feedbackInputSchema,
  feedbackRefusal,
  followUpDescription,
  type Feedback,
  type FeedbackChannel,
} from '../domain/selfService';
import type { ClueDoc, IntakeCaseDoc } from '../infra/models';
import { trackedClue } from './publicClues';
import { receiveClue, type IntakeDeps } from './receive';

function parseFeedback(req: { paid: boolean; satisfaction: number; comment: string }) {
  return parseInput(feedbackInputSchema, req, '回访信息有误');
}

/** POST /public/clues/{trackingCode}/feedback: the worker's own answer once the case is closed. */
export async function submitFeedback(deps: IntakeDeps, req: pb.FeedbackRequest): Promise<pb.FeedbackAnswer> {
  const { clue, intakeCase } = await trackedClue(deps, req.trackingCode, req.accessCode);
  return answer(deps, clue, intakeCase, parseFeedback(req), 'online');
}

/** POST /cases/{caseId}/return-visits: an official records a phone return visit with the same answers. */
export async function recordReturnVisit(
  deps: IntakeDeps,
  principal: Principal,
  req: pb.ReturnVisitRequest,
): Promise<pb.FeedbackAnswer> {
  const input = parseFeedback(req);
  const c = (await deps.models.IntakeCase.findById(req.caseId).lean()) as IntakeCaseDoc | null;
  if (!c) throw notFound('案件不存在');
  requireRegion(principal, c.regionCode, '案件');
  const clueId = req.clueId || c.clueIds[0];
  const clue = c.clueIds.includes(clueId ?? '')
    ? ((await deps.models.Clue.findById(clueId).lean()) as ClueDoc | null)
    : null;
  if (!clue) throw notFound('该案件没有这条线索');
  if (!clue.reporter) throw ruleViolation('该线索来自监控预警，没有可回访的反映人');
  return answer(deps, clue, c, input, 'phone');
}

/**
 * One answer per case and reporter (by the reporter's keyed ID hash): the first is stored with a conditional
 * update, a later one returns it unchanged. "Not paid" opens a new clue whose id derives from the answered
 * clue, so a retry after a crash opens it once.
 */
async function answer(
  deps: IntakeDeps,
  clue: ClueDoc,
  c: IntakeCaseDoc,
  input: ReturnType<typeof parseFeedback>,
  channel: FeedbackChannel,
): Promise<pb.FeedbackAnswer> {
  const refusal = feedbackRefusal(c.status);
  if (refusal) throw ruleViolation(refusal);
  const prior = await firstAnswer(deps, clue, c);
  if (prior?.feedback) {
    await openFollowUp(deps, prior, c);
    return answerMessage(prior.feedback, c, false);
  }
  const feedback: Feedback = {
    ...input,
    at: new Date(),
    channel,
    ...(input.paid ? {} : { followUpClueId: idFromIdempotencyKey('return-visit', clue._id) }),
  };
  const r = await deps.models.Clue.updateOne(
    { _id: clue._id, feedback: { $exists: false } },
    { $set: { feedback } },
  );
  if (r.modifiedCount !== 1) {
    const first = await firstAnswer(deps, clue, c);
    if (!first?.feedback) throw new Error(`clue ${clue._id}: answer neither stored nor found`);
    await openFollowUp(deps, first, c);
    return answerMessage(first.feedback, c, false);
  }
  await openFollowUp(deps, { ...clue, feedback }, c);
  return answerMessage(feedback, c, true);
}

async function firstAnswer(deps: IntakeDeps, clue: ClueDoc, c: IntakeCaseDoc): Promise<ClueDoc | null> {
  const sameReporter = clue.reporter
    ? { 'reporter.idNumberHash': clue.reporter.idNumberHash }
    : { _id: clue._id };
  return (await deps.models.Clue.findOne({
    caseId: c._id,
    ...sameReporter,
    feedback: { $exists: true },
  }).lean()) as ClueDoc | null;
}

/** The arrears still unpaid become a new clue linked to the closed case (idempotent by its derived id). */
async function openFollowUp(deps: IntakeDeps, clue: ClueDoc, c: IntakeCaseDoc): Promise<void> {
  const f = clue.feedback;
  if (!f?.followUpClueId || !clue.reporter) return;
  await receiveClue(
    deps,
    {
      channel: 'return_visit',
      regionCode: clue.regionCode,
      reporter: clue.reporter,
      employer: clue.employer,
      ...(clue.projectId ? { projectId: clue.projectId } : {}),
      workerCount: clue.workerCount,
      amountFen: clue.amountFen,
      description: followUpDescription(c.caseNo, f),
      group: clue.groupClue,
    },
    {
      clueId: f.followUpClueId,
      receivingRegion: clue.receivingRegion,
      receivedBy: f.channel === 'phone' ? 'return_visit' : 'online',
      linkedCaseId: c._id,
    },
  );
}

function answerMessage(f: Feedback, c: IntakeCaseDoc, created: boolean): pb.FeedbackAnswer {
  return {
    paid: f.paid,
    satisfaction: f.satisfaction,
    comment: f.comment,
    answeredAt: f.at.toISOString(),
    channel: f.channel,
    created,
    followUpClueId: f.followUpClueId ?? '',
    caseId: c._id,
  };
}
