import { Schema, type Connection, type Model } from 'mongoose';
import { aggregateSchemaFields, type AggregateFields } from '@wage/kit';
import type { Fact } from '../domain/facts';
import type { ListingProposalState } from '../domain/listingProposal';
import type { Listing, Rating, RatingReason } from '../domain/rating';

/** An enterprise's credit profile, keyed by USCC: built from events (facts) and the listings decided here. */
export interface EnterpriseProfileDoc extends AggregateFields {
  _id: string; // USCC
  name: string;
  legalRepresentative: string;
  regionCode: string;
  firstSeenAt: Date;
  facts: Fact[];
  listings: Listing[];
  /** The rating as last evaluated on a change (a change publishes credit.RatingChanged.v1). */
  rating: Rating | '';
  ratingReasons: RatingReason[];
  ratedAt?: Date;
}

export interface ListingProposalDoc extends ListingProposalState, AggregateFields {
  /** Key and fingerprint of the request that made it, to refuse a reused key with another request. */
  proposedBy: { subject: string; key: string; fingerprint: string };
}

/** A project's contractor, so deposit draws (which name only the project) reach the contractor's profile. */
export interface ProjectDoc {
  _id: string;
  contractorUscc: string;
  contractorName: string;
  regionCode: string;
  processed: string[];
}

export interface CreditModels {
  EnterpriseProfile: Model<EnterpriseProfileDoc>;
  ListingProposal: Model<ListingProposalDoc>;
  Project: Model<ProjectDoc>;
}

export function creditModels(conn: Connection): CreditModels {
  const fact = new Schema(
    {
      eventId: String,
      kind: String,
      at: Date,
      caseId: String,
      amountFen: Number,
      workerCount: Number,
      outstandingFen: Number,
      massIncident: Boolean,
      detail: String,
      source: String,
    },
    { _id: false },
  );
  const profile = new Schema<EnterpriseProfileDoc>(
    {
      _id: { type: String, required: true },
      name: String,
      legalRepresentative: String,
      regionCode: { type: String, index: true },
      firstSeenAt: Date,
      facts: { type: [fact], default: [] },
      listings: {
        type: [
          {
            _id: false,
            proposalId: String,
            caseId: String,
            listedFrom: String,
            listedUntil: String,
            status: String,
          },
        ],
        default: [],
      },
      rating: { type: String, default: '' },
      ratingReasons: {
        type: [{ _id: false, rule: String, rating: String, text: String, factDate: String, caseId: String }],
        default: [],
      },
      ratedAt: { type: Date, index: true },
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  const proposal = new Schema<ListingProposalDoc>(
    {
      _id: { type: String, required: true },
      uscc: { type: String, required: true, index: true },
      enterpriseName: String,
      legalRepresentative: String,
      responsiblePersons: [String],
      caseId: { type: String, required: true, index: true },
      regionCode: { type: String, required: true, index: true },
      reason: String,
      facts: String,
      criteria: [String],
      status: { type: String, required: true, index: true },
      proposedAt: Date,
      answerDueDate: String,
      answerDueAt: Date,
      answerDueProvisional: Boolean,
      answer: {
        type: new Schema({ statement: String, waived: Boolean, at: Date }, { _id: false }),
        default: undefined,
      },
      decision: String,
      decidedAt: Date,
      listedFrom: String,
      listedUntil: String,
      listedUntilAt: { type: Date, index: true },
      listedAt: { type: Date, index: true },
      endReason: String,
      endedAt: Date,
      pledgeReference: String,
      profileSynced: Boolean,
      steps: [{ _id: false, at: Date, type: { type: String }, summary: String }],
      commands: { type: [{ _id: false, key: String, fingerprint: String, at: Date }], default: [] },
      proposedBy: { subject: String, key: String, fingerprint: String },
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  proposal.index({ status: 1, listedUntilAt: 1 }); // listingScan: listings whose term ended
  proposal.index({ regionCode: 1, status: 1, _id: -1 }); // listListingProposals
  const project = new Schema<ProjectDoc>(
    {
      _id: { type: String, required: true },
      contractorUscc: String,
      contractorName: String,
      regionCode: String,
      processed: { type: [String], default: [] },
    },
    { versionKey: false },
  );
  return {
    EnterpriseProfile: conn.model<EnterpriseProfileDoc>('EnterpriseProfile', profile, 'enterprise_profiles'),
    ListingProposal: conn.model<ListingProposalDoc>('ListingProposal', proposal, 'listing_proposals'),
    Project: conn.model<ProjectDoc>('Project', project, 'projects'),
  };
}
