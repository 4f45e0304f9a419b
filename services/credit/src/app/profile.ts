import { conflict, type Decision } from '@wage/kit';
import { credit as pb } from '@wage/proto';
import type { Fact } from '../domain/facts';
import { rate, type Listing } from '../domain/rating';
import type { EnterpriseProfileDoc } from '../infra/models';
import { isDuplicateKey, type CreditDeps } from './deps';

export interface Identity {
  uscc: string;
  name: string;
  legalRepresentative: string;
  regionCode: string;
}

export interface Revision {
  fact?: Fact;
  listings?: (current: Listing[]) => Listing[];
}

/**
 * Applies one change to an enterprise's profile at most once (`inboxId`: the consumed event's id, or the
 * listing step's), re-rates it in the same write and publishes credit.RatingChanged.v1 when the rating moved.
 * The profile is created empty on first sight (an empty profile changes no answer), then changed conditioned
 * on its version and the inbox id, so replays and concurrent deliveries apply each change once.
 */
export async function reviseProfile(
  deps: CreditDeps,
  who: Identity,
  inboxId: string,
  revision: Revision,
  at: Date,
): Promise<void> {
  const { EnterpriseProfile } = deps.models;
  try {
    await EnterpriseProfile.updateOne(
      { _id: who.uscc },
      {
        $setOnInsert: {
          name: who.name,
          legalRepresentative: who.legalRepresentative,
          regionCode: who.regionCode,
          firstSeenAt: at,
          facts: [],
          listings: [],
          rating: '',
          ratingReasons: [],
          version: 1,
          outbox: [],
          processed: [],
        },
      },
      { upsert: true },
    );
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await EnterpriseProfile.findById(who.uscc).lean<EnterpriseProfileDoc>();
    if (!current) throw new Error(`profile ${who.uscc} vanished`);
    if (current.processed.includes(inboxId)) return;
    const decision = profileDecision(current, who, revision, at, deps);
    if (await deps.profiles.update({ _id: who.uscc }, current.version, decision, {}, inboxId)) return;
  }
  throw conflict('信用档案正被同时修改，请重试 (concurrent modification, retry)');
}

function profileDecision(
  current: EnterpriseProfileDoc,
  who: Identity,
  revision: Revision,
  at: Date,
  deps: CreditDeps,
): Decision {
  const facts = revision.fact ? [...current.facts, revision.fact] : current.facts;
  const listings = revision.listings ? revision.listings(current.listings) : current.listings;
  // Rated as of the later of the change and now: a replay of old events rates them as they stand today.
  const asOf = new Date(Math.max(at.getTime(), Date.now()));
  const { rating, reasons } = rate(facts, listings, asOf, deps.rules);
  const set: Record<string, unknown> = { rating, ratingReasons: reasons, ratedAt: asOf };
  if (who.name) set.name = who.name;
  if (who.legalRepresentative) set.legalRepresentative = who.legalRepresentative;
  if (who.regionCode && !current.regionCode) set.regionCode = who.regionCode;
  if (new Date(at) < new Date(current.firstSeenAt)) set.firstSeenAt = at;
  if (revision.listings) set.listings = listings;
  const events =
    rating === current.rating
      ? []
      : [
          {
            type: 'credit.RatingChanged.v1' as const,
            subject: current._id,
            caseId: revision.fact?.caseId || current._id,
            region: current.regionCode || who.regionCode,
            payload: pb.RatingChanged.fromPartial({
              uscc: current._id,
              name: who.name || current.name,
              regionCode: current.regionCode || who.regionCode,
              previousRating: current.rating,
              rating,
              reasons: reasons.map((r) => r.text),
            }),
          },
        ];
  return { set, ...(revision.fact ? { append: { facts: [revision.fact] } } : {}), events };
}
