import { endOfShanghaiDay, shanghaiDate, type WorkingDayCalendar } from '@wage/cn';
import type { Route } from './clue';

/** A case of arrears as intake knows it: one or more reports (clues) from any channel. */
export type CaseStatus = 'received' | 'filed' | 'rejected' | 'transferred' | 'closed';

/** Open cases take further reports about the same arrears. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'filed'];

/** Complaints are accepted or rejected within this many working days (national default). */
export const FILING_WORKING_DAYS = 5;

export interface FilingDeadline {
  dueAt: Date;
  provisional: boolean;
}

/**
 * 受理时限: a group clue is filed the day it arrives; any other within 5 working days of receipt, counted with
 * the official calendar (make-up working days count, holidays do not). Provisional when it reaches into a
 * year whose official schedule is not known yet.
 */
export function filingDeadline(
  receivedAt: Date,
  group: boolean,
  calendar: WorkingDayCalendar,
  workingDays = FILING_WORKING_DAYS,
): FilingDeadline {
  const today = shanghaiDate(receivedAt);
  if (group) return { dueAt: endOfShanghaiDay(today), provisional: false };
  const r = calendar.addWorkingDays(today, workingDays);
  return { dueAt: endOfShanghaiDay(r.date), provisional: r.provisional };
}

export function isOverdue(c: { status: CaseStatus; filingDueAt: Date }, now: Date): boolean {
  return c.status === 'received' && c.filingDueAt.getTime() < now.getTime();
}

export type FilingDecision = 'filed' | 'rejected';

/** Whether a clerk may decide now, and what the case becomes. */
export function checkFilingDecision(status: CaseStatus, decision: FilingDecision): string | undefined {
  if (status === 'received') return undefined;
  if (status === decision) return undefined; // the same decision again changes nothing
  const names: Record<CaseStatus, string> = {
    received: '待受理',
    filed: '已受理',
    rejected: '不予受理',
    transferred: '已移交属地',
    closed: '已办结',
  };
  return `该线索当前状态为「${names[status]}」，不能再作受理决定`;
}

/** What a worker reads about their own clue: plain Chinese, no names, nothing internal. */
export const PUBLIC_STATUS_TEXT: Record<CaseStatus, string> = {
  received: '已收到，待受理（5 个工作日内答复）',
  filed: '已受理，正在处理',
  rejected: '不予受理',
  transferred: '已移交属地人社部门处理',
  closed: '已办结',
};

export const PUBLIC_ROUTE_TEXT: Record<Route, string> = {
  inspection: '已转劳动保障监察机构依法处理',
  mediation: '已转劳动争议调解组织处理',
  transfer: '已移交有管辖权的属地人社部门处理',
};

/** One entry of a case's history: `summary` for officials (the timeline), `publicText` for the worker. */
export interface CaseHistoryEntry {
  at: Date;
  type: string;
  summary: string;
  publicText: string;
}
