import { finance as pb } from '@wage/proto';
import type { LedgerVerification } from '../infra/ledger';
import type { FinanceDeps } from './deps';

const SHOWN = 50;

/** The ledger check for officials: counts, and the first findings of each kind. */
export async function verifyLedger(deps: FinanceDeps): Promise<pb.LedgerVerification> {
  return verificationMessage(await deps.ledger.verify());
}

export function verificationMessage(v: LedgerVerification): pb.LedgerVerification {
  return pb.LedgerVerification.fromPartial({
    ok: v.ok,
    postings: v.postings,
    applied: v.applied,
    pending: v.pending,
    rejected: v.rejected,
    accounts: v.accounts,
    unbalancedPostings: v.unbalancedPostings.slice(0, SHOWN),
    mismatches: v.mismatches.slice(0, SHOWN).map((m) => ({
      account: m.account,
      balanceFen: String(m.balanceFen),
      sumOfLinesFen: String(m.sumOfLinesFen),
    })),
    negativeAccounts: v.negativeAccounts.slice(0, SHOWN),
    checkedAt: v.checkedAt.toISOString(),
  });
}
