// Shared by the domain's unit tests (not built into dist): a case in the `ordered` state and a pending intent.
import type { InspectionCaseState, MoneyIntent } from './inspectionCase';

export const now = new Date('2026-06-15T04:00:00Z');
export const a = { by: 'inspector', now };

export function caseWith(over: Partial<InspectionCaseState> = {}): InspectionCaseState {
  return {
    _id: 'ic',
    caseId: 'c',
    caseNo: '652301-1',
    status: 'ordered',
    regionCode: '652301',
    employer: { name: '某建筑公司', uscc: '' },
    projectId: 'p',
    workerCount: 210,
    claimedArrearsFen: 0,
    industryRegulator: 'housing',
    policeFlag: false,
    openedAt: now,
    investigationDueAt: now,
    dueProvisional: false,
    history: [],
    commands: [],
    arrearsFen: 1_000_000_000,
    confirmedWorkerCount: 210,
    outstandingFen: 1_000_000_000,
    ...over,
  };
}

export const intent = (requestedFen: number, over: Partial<MoneyIntent> = {}): MoneyIntent => ({
  id: 'd',
  number: 1,
  status: 'pending',
  requestedFen,
  financeKey: 'k',
  commandKey: '',
  projectId: 'p',
  requestedAt: now,
  requestedBy: 'x',
  doneFen: 0,
  ...over,
});
