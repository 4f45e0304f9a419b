/**
 * An event before it is wrapped: what a decision says happened. The type names the contract's event
 * (`inspection.CaseOpened.v1`); the kit narrows `K` and `P` to the proto catalogue and wraps the draft into
 * the envelope.
 */
export interface EventDraft<K extends string = string, P = unknown> {
  type: K;
  subject: string;
  caseId?: string;
  region?: string;
  payload: P;
}

/** One line of an aggregate's own history, shown on the cross-agency timeline (no personal data). */
export interface HistoryEntry {
  at: Date;
  type: string;
  summary: string;
}
