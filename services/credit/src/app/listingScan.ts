import { DomainError, SYSTEM_PRINCIPAL } from '@wage/kit';
import { expire } from '../domain/listingProposal';
import type { ListingProposalDoc } from '../infra/models';
import { acting, type CreditDeps } from './deps';
import { syncListing } from './listingCommands';

const BATCH = 200;

/**
 * The scheduler's pass: listings past their 3 years expire (once: the status changes in the same write as
 * credit.ListingExpired.v1, conditioned on the version read, so several instances may run it), and listing
 * changes a crash left unapplied to the enterprise's profile are applied.
 */
export async function listingScan(deps: CreditDeps, now = new Date()): Promise<void> {
  const a = acting(SYSTEM_PRINCIPAL, now);
  const due = await deps.models.ListingProposal.find({ status: 'listed', listedUntilAt: { $lt: now } })
    .limit(BATCH)
    .lean<ListingProposalDoc[]>();
  for (const c of due) {
    try {
      const done = await deps.proposals.mutate({ _id: c._id }, (cur) => expire(cur, a));
      await syncListing(deps, done);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      deps.logger.debug({ proposalId: c._id, detail: e.detail }, 'expiry skipped');
    }
  }
  for (const c of await deps.models.ListingProposal.find({ profileSynced: false })
    .limit(BATCH)
    .lean<ListingProposalDoc[]>()) {
    await syncListing(deps, c);
  }
}
