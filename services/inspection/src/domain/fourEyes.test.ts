import { applyDecision, isDomainError } from '@wage/domain';
import {
  approveMoneyRequest,
  issuePaymentOrder,
  rejectMoneyRequest,
  requestDepositDraw,
  uncoveredFen,
  type InspectionCaseState,
  type Order,
} from './inspectionCase';
import { a, caseWith, intent, now } from './caseState.fixture';

const overdue = (over: Partial<Order> = {}): Order => ({
  id: 'o1',
  kind: 'payment',
  amountFen: 1_000_000_000,
  paidFen: 0,
  dueDate: '2026-06-01',
  issuedAt: now,
  overdue: true,
  violations: [],
  met: false,
  ...over,
});

const chief = { by: 'chief', now };

function held(c: InspectionCaseState = caseWith({ orders: [overdue({ backDated: true })] })) {
  const d = requestDepositDraw(
    c,
    intent(100_000, { status: 'pending_approval', requestedBy: 'inspector' }),
    a,
  );
  if (isDomainError(d)) throw d;
  return applyDecision(c, d);
}

describe('four-eyes money requests', () => {
  it('holds a request, reserving its amount, and marks it back-dated when its order was', () => {
    const c = held();
    expect(c.draws![0]).toMatchObject({ status: 'pending_approval', backDated: true });
    expect(uncoveredFen(c)).toBe(1_000_000_000 - 100_000);
  });

  it('never lets the requester decide, either way', () => {
    const c = held();
    for (const decide of [approveMoneyRequest, rejectMoneyRequest]) {
      const r = decide(c, 'draws', 'd', '同意', a);
      expect(isDomainError(r) && r.detail).toMatch(/四眼原则/);
    }
  });

  it('approves once (pending for finance) and re-checks the rules against the state without the request', () => {
    const c = held();
    const d = approveMoneyRequest(c, 'draws', 'd', '同意', chief);
    if (isDomainError(d)) throw d;
    const approved = applyDecision(c, d);
    expect(approved.draws![0]).toMatchObject({ status: 'pending', decidedBy: 'chief', note: '同意' });
    expect(approveMoneyRequest(approved, 'draws', 'd', '同意', chief)).toEqual({ events: [] });
    // The employer paid everything meanwhile: the order is no longer ignored, so approval is refused.
    const paid = { ...c, outstandingFen: 0, orders: [overdue({ paidFen: 1_000_000_000 })] };
    const refused = approveMoneyRequest(paid, 'draws', 'd', '', chief);
    expect(isDomainError(refused) && refused.detail).toMatch(/复核/);
  });

  it('rejects with the note; a rejected request is never approved', () => {
    const c = held();
    const d = rejectMoneyRequest(c, 'draws', 'd', '金额有误', chief);
    if (isDomainError(d)) throw d;
    const rejected = applyDecision(c, d);
    expect(rejected.draws![0]).toMatchObject({ status: 'rejected', note: '金额有误' });
    expect(approveMoneyRequest(rejected, 'draws', 'd', '', chief)).toEqual({ events: [] });
    expect(uncoveredFen(rejected)).toBe(1_000_000_000);
  });

  it('marks a payment order served on paper after its due date as back-dated in the history', () => {
    const c = caseWith({ status: 'investigating' });
    const d = issuePaymentOrder(
      c,
      { orderId: 'o2', amountFen: 100, dueDate: '2026-06-10', servedAt: new Date('2026-06-01T02:00:00Z') },
      a,
    );
    if (isDomainError(d)) throw d;
    const after = applyDecision(c, d);
    expect(after.orders![0]!.backDated).toBe(true);
    expect(after.history[0]!.summary).toMatch(/倒签补录/);
    const onTime = issuePaymentOrder(c, { orderId: 'o3', amountFen: 100, dueDate: '2026-06-30' }, a);
    if (isDomainError(onTime)) throw onTime;
    expect(applyDecision(c, onTime).orders![0]!.backDated).toBeUndefined();
  });
});
