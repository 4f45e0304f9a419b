import type { EventDraft } from '@wage/domain';
import type { EventPayload, EventType } from '@wage/proto';
import { formatFen } from '@wage/cn';

export interface Employer {
  name: string;
  uscc: string;
}

/** Who answers for an entry on the cross-agency timeline. */
export type Agency = 'mediation' | 'arbitration' | 'court';

/** One line of an aggregate's own history, shown on the cross-agency timeline (no personal data). */
export interface HistoryEntry {
  at: Date;
  agency: Agency;
  type: string;
  summary: string;
}

/** A payment of an agreement or an award. */
export interface Payment {
  paidFen: number;
  paidAt: Date;
  via: 'employer' | 'enforcement';
  recordedBy: string;
}

/** Who acts and when: the caller's username (or `system`) and the instant of the command. */
export interface Acting {
  by: string;
  now: Date;
}

export function draft<K extends EventType>(
  type: K,
  subject: string,
  caseId: string,
  region: string,
  payload: EventPayload<K>,
): EventDraft {
  return { type, subject, caseId, region, payload } as EventDraft;
}

export function entry(at: Date, agency: Agency, type: string, summary: string): HistoryEntry {
  return { at, agency, type, summary };
}

export const yuan = formatFen;

export function fen(n: number): string {
  return String(n);
}

export function sumPaid(payments: readonly Payment[]): number {
  return payments.reduce((s, p) => s + p.paidFen, 0);
}
