import { DEV_MINIMUM_WAGES, minimumWageFor, startOfShanghaiDay, WorkingDayCalendar } from '@wage/cn';
import { applyDecision, DomainError, type Decision } from '@wage/domain';
import {
  decideAcceptance,
  extendDecision,
  isAwardUnpaid,
  issueAward,
  linkEnforcement,
  markAwardUnpaid,
  openArbitration,
  orderInterimPayment,
  overdueStep,
  recordAwardPayment,
  scheduleHearing,
  type ArbitrationCaseState,
} from './arbitrationCase';
import { idempotent, NO_CHANGE } from '@wage/domain';
import {
  concludeEnforcement,
  decideEnforcement,
  decidePaymentOrder,
  newEnforcement,
  type CourtRequestState,
} from './courtRequest';
import {
  endWithoutAgreement,
  isAgreementUnpaid,
  linkPaymentOrder,
  openMediation,
  recordAgreement,
  recordAgreementPayment,
  type MediationCaseState,
} from './mediationCase';
import { NATIONAL_RULES } from './rules';

const calendar = new WorkingDayCalendar();
const at = (date: string, hour = 10) => new Date(startOfShanghaiDay(date).getTime() + hour * 3_600_000);
const by = (date: string) => ({ by: 'tester', now: at(date) });
const wage = minimumWageFor(DEV_MINIMUM_WAGES, '652301', '2025-06-01');

/** The state a decision leaves (what the store writes), for the next step of a test. */
function apply<S extends object>(state: S, d: Decision<S> | DomainError): S {
  if (d instanceof DomainError) throw d;
  return applyDecision(state, d);
}

function refusal(d: Decision | DomainError): DomainError {
  if (!(d instanceof DomainError)) throw new Error('expected a refusal');
  return d;
}

function mediationCase(claimFen = 1_500_000): MediationCaseState {
  const { state } = openMediation(
    {
      id: 'm-1',
      caseId: 'c-1',
      caseNo: '652301-2025-000001',
      regionCode: '652301',
      employer: { name: '昌吉某建筑公司', uscc: '91652301MA77ABCDE1' },
      claimFen,
      source: 'direct',
      mediator: 'mediator.changji',
      summary: '受理调解申请',
    },
    at('2025-06-02'),
    NATIONAL_RULES,
    calendar,
  );
  return { ...state, commands: [] };
}

function arbitrationCase(claimFen: number): ArbitrationCaseState {
  const m = mediationCase(claimFen);
  const { state } = openArbitration(m, 'a-1', at('2025-06-10'), NATIONAL_RULES, calendar);
  return { ...state, commands: [] };
}

function heard(claimFen: number): ArbitrationCaseState {
  let a = arbitrationCase(claimFen);
  a = apply(
    a,
    decideAcceptance(a, { decision: 'accepted', reason: '' }, by('2025-06-11'), NATIONAL_RULES, calendar),
  );
  return apply(
    a,
    scheduleHearing(a, { hearingAt: at('2025-06-20'), place: '昌吉市仲裁庭' }, by('2025-06-12')),
  );
}

describe('mediation case: open → agreed / failed / expired', () => {
  it('an agreement ends mediation and announces the amount and date', () => {
    const m = mediationCase();
    const d = recordAgreement(m, { agreedFen: 1_200_000, payBy: '2025-06-30' }, by('2025-06-05'));
    expect(d).not.toBeInstanceOf(DomainError);
    const decision = d as Decision<typeof m>;
    expect(apply(m, decision).status).toBe('agreed');
    expect(decision.events.map((e) => e.type)).toEqual(['mediation.AgreementReached.v1']);
  });

  it('nothing more happens on a case that ended', () => {
    const m = apply(
      mediationCase(),
      recordAgreement(mediationCase(), { agreedFen: 100, payBy: '2025-06-30' }, by('2025-06-05')),
    );
    expect(refusal(recordAgreement(m, { agreedFen: 100, payBy: '2025-06-30' }, by('2025-06-06'))).kind).toBe(
      'rule_violation',
    );
    expect(
      refusal(
        endWithoutAgreement(m, { reason: 'x', expired: false, arbitrationCaseId: 'a-1' }, by('2025-06-06')),
      ).kind,
    ).toBe('rule_violation');
  });

  it('a failure names the one arbitration case it opens', () => {
    const m = mediationCase();
    const d = endWithoutAgreement(
      m,
      { reason: '双方差距过大', expired: false, arbitrationCaseId: 'a-1' },
      by('2025-06-05'),
    ) as Decision<typeof m>;
    expect(apply(m, d)).toMatchObject({
      status: 'failed',
      arbitrationCaseId: 'a-1',
    });
    expect(d.events[0]!.type).toBe('mediation.MediationFailed.v1');
  });

  it('expires only after the mediation period (opened 2 June → 17 June)', () => {
    const m = mediationCase();
    expect(
      refusal(
        endWithoutAgreement(m, { reason: '期满', expired: true, arbitrationCaseId: 'a-1' }, by('2025-06-17')),
      ).kind,
    ).toBe('rule_violation');
    const d = endWithoutAgreement(
      m,
      { reason: '期满', expired: true, arbitrationCaseId: 'a-1' },
      by('2025-06-18'),
    ) as Decision<typeof m>;
    expect(apply(m, d).status).toBe('expired');
  });

  it('payments reduce what is outstanding and never exceed it', () => {
    let m = mediationCase();
    m = apply(m, recordAgreement(m, { agreedFen: 1_000, payBy: '2025-06-30' }, by('2025-06-05')));
    expect(
      refusal(recordAgreementPayment(m, { paidFen: 1_001, paidAt: at('2025-06-20') }, by('2025-06-20')))
        .errors[0]!.field,
    ).toBe('paidFen');
    const d = recordAgreementPayment(
      m,
      { paidFen: 400, paidAt: at('2025-06-20') },
      by('2025-06-20'),
    ) as Decision;
    const payload = d.events[0]!.payload as { outstandingFen: string; totalPaidFen: string };
    expect(payload).toMatchObject({ outstandingFen: '600', totalPaidFen: '400' });
  });

  it('an agreement is unpaid only after its whole pay-by day, while money is outstanding, and only once', () => {
    let m = mediationCase();
    m = apply(m, recordAgreement(m, { agreedFen: 1_000, payBy: '2025-06-30' }, by('2025-06-05')));
    expect(isAgreementUnpaid(m, at('2025-06-30', 23))).toBe(false);
    expect(isAgreementUnpaid(m, at('2025-07-01', 0.01))).toBe(true);
    const paid = apply(
      m,
      recordAgreementPayment(m, { paidFen: 1_000, paidAt: at('2025-06-29') }, by('2025-06-29')),
    );
    expect(isAgreementUnpaid(paid, at('2025-07-02'))).toBe(false);
    const flagged = { ...m, agreement: { ...m.agreement!, unpaidPublishedAt: at('2025-07-01') } };
    expect(isAgreementUnpaid(flagged, at('2025-07-02'))).toBe(false);
  });

  it('a payment order (支付令) needs an agreement unpaid past its date, once', () => {
    let m = mediationCase();
    m = apply(m, recordAgreement(m, { agreedFen: 1_000, payBy: '2025-06-30' }, by('2025-06-05')));
    expect(refusal(linkPaymentOrder(m, 'p-1', by('2025-06-30'))).detail).toMatch(/期限未到/);
    const linked = apply(m, linkPaymentOrder(m, 'p-1', by('2025-07-01')));
    expect(linked.paymentOrderId).toBe('p-1');
    expect(refusal(linkPaymentOrder(linked, 'p-2', by('2025-07-02'))).kind).toBe('rule_violation');
  });
});

describe('arbitration case: applied → accepted / rejected → hearing → awarded', () => {
  it('is due for acceptance 5 working days after the application', () => {
    expect(arbitrationCase(1_000).acceptanceDueAt.toISOString()).toBe('2025-06-17T15:59:59.999Z');
  });

  it('refuses an award before a hearing', () => {
    let a = arbitrationCase(1_000);
    a = apply(
      a,
      decideAcceptance(a, { decision: 'accepted', reason: '' }, by('2025-06-11'), NATIONAL_RULES, calendar),
    );
    expect(
      refusal(
        issueAward(
          a,
          { awardFen: 1_000, awardedAt: at('2025-06-20'), minimumWage: wage },
          by('2025-06-20'),
          NATIONAL_RULES,
          calendar,
        ),
      ).kind,
    ).toBe('rule_violation');
  });

  it('a rejected application goes no further', () => {
    let a = arbitrationCase(1_000);
    a = apply(
      a,
      decideAcceptance(
        a,
        { decision: 'rejected', reason: '超过仲裁时效' },
        by('2025-06-11'),
        NATIONAL_RULES,
        calendar,
      ),
    );
    expect(a.status).toBe('rejected');
    expect(
      refusal(scheduleHearing(a, { hearingAt: at('2025-06-20'), place: 'x' }, by('2025-06-12'))).kind,
    ).toBe('rule_violation');
  });

  it('an award on a claim just under 12 months of the minimum wage is final; just over is not', () => {
    const threshold = 12 * 190_000;
    const under = issueAward(
      heard(threshold - 1),
      { awardFen: 100, awardedAt: at('2025-06-25'), minimumWage: wage },
      by('2025-06-25'),
      NATIONAL_RULES,
      calendar,
    ) as Decision;
    const over = issueAward(
      heard(threshold + 1),
      { awardFen: 100, awardedAt: at('2025-06-25'), minimumWage: wage },
      by('2025-06-25'),
      NATIONAL_RULES,
      calendar,
    ) as Decision;
    expect(under.events[0]!.payload).toMatchObject({ final: true, thresholdFen: String(threshold) });
    expect(over.events[0]!.payload).toMatchObject({ final: false, thresholdFen: String(threshold) });
    // A final award takes effect at once and is payable 10 days later; a non-final one 15 days later first.
    expect(under.events[0]!.payload).toMatchObject({ effectiveDate: '2025-06-25', payBy: '2025-07-07' });
    expect(over.events[0]!.payload).toMatchObject({ effectiveDate: '2025-07-10', payBy: '2025-07-21' });
  });

  it('refuses an award above the claim, and one where no minimum wage is configured', () => {
    expect(
      refusal(
        issueAward(
          heard(1_000),
          { awardFen: 1_001, awardedAt: at('2025-06-25'), minimumWage: wage },
          by('2025-06-25'),
          NATIONAL_RULES,
          calendar,
        ),
      ).errors[0]!.field,
    ).toBe('awardFen');
    expect(
      refusal(
        issueAward(
          heard(1_000),
          { awardFen: 1_000, awardedAt: at('2025-06-25'), minimumWage: undefined },
          by('2025-06-25'),
          NATIONAL_RULES,
          calendar,
        ),
      ).detail,
    ).toMatch(/最低工资/);
  });

  it('interim payment orders (先予执行) stay within the claim', () => {
    let a = heard(1_000);
    a = {
      ...a,
      interimOrders: [{ id: 'i-1', amountFen: 600, reason: '生活困难', orderedAt: at('2025-06-21') }],
    };
    expect(
      refusal(orderInterimPayment(a, { id: 'i-2', amountFen: 401, reason: 'x' }, by('2025-06-22'))).kind,
    ).toBe('rule_violation');
    expect(
      orderInterimPayment(a, { id: 'i-2', amountFen: 400, reason: 'x' }, by('2025-06-22')),
    ).not.toBeInstanceOf(DomainError);
  });

  it('extends the decision period once, to 60 days from acceptance', () => {
    let a = heard(1_000);
    a = apply(a, extendDecision(a, '案情复杂', by('2025-07-01'), NATIONAL_RULES, calendar));
    expect(a.decisionDueAt!.toISOString()).toBe('2025-08-11T15:59:59.999Z'); // 11 June + 60 = Sunday 10 August → 11 August
    expect(refusal(extendDecision(a, '再次', by('2025-07-02'), NATIONAL_RULES, calendar)).kind).toBe(
      'rule_violation',
    );
  });

  it('detects an unanswered application and an undecided case once per deadline', () => {
    const a = arbitrationCase(1_000);
    expect(overdueStep(a, at('2025-06-17', 23))).toBeUndefined();
    const o = overdueStep(a, at('2025-06-18'))!;
    expect(o.step).toBe('arbitration.acceptance');
    expect(overdueStep({ ...a, overdue: [o.flag] }, at('2025-06-19'))).toBeUndefined();
    const h = heard(1_000); // accepted 11 June → decision due 28 July (26 July is a Saturday) — 11 June + 45 = 26 July
    expect(overdueStep(h, at('2025-07-28'))).toBeUndefined();
    expect(overdueStep(h, at('2025-07-29'))?.step).toBe('arbitration.decision');
  });

  it('an unpaid award is published after its date, and may then go to enforcement once', () => {
    let a = heard(1_000);
    a = apply(
      a,
      issueAward(
        a,
        { awardFen: 800, payBy: '2025-06-30', awardedAt: at('2025-06-25'), minimumWage: wage },
        by('2025-06-25'),
        NATIONAL_RULES,
        calendar,
      ),
    );
    expect(isAwardUnpaid(a, at('2025-06-30', 23))).toBe(false);
    expect(refusal(linkEnforcement(a, 'e-1', by('2025-06-30'))).kind).toBe('rule_violation');
    const unpaid = markAwardUnpaid(a, by('2025-07-01')) as Decision;
    expect(unpaid.events[0]).toMatchObject({ type: 'mediation.AwardUnpaid.v1', caseId: 'c-1' });
    expect(unpaid.events[0]!.payload).toMatchObject({
      amountFen: '800',
      employer: { uscc: '91652301MA77ABCDE1' },
    });
    const linked = apply(a, linkEnforcement(a, 'e-1', by('2025-07-01')));
    expect(refusal(linkEnforcement(linked, 'e-2', by('2025-07-02'))).kind).toBe('rule_violation');
  });
});

describe('court: enforcement requested → accepted / rejected → enforced', () => {
  function enforcement(): CourtRequestState {
    let a = heard(1_000);
    a = apply(
      a,
      issueAward(
        a,
        { awardFen: 800, payBy: '2025-06-30', awardedAt: at('2025-06-25'), minimumWage: wage },
        by('2025-06-25'),
        NATIONAL_RULES,
        calendar,
      ),
    );
    a = apply(
      a,
      recordAwardPayment(a, { paidFen: 300, paidAt: at('2025-06-28'), via: 'employer' }, by('2025-06-28')),
    );
    return { ...newEnforcement(a, 'e-1', at('2025-07-02')).state, commands: [] };
  }

  it('enforces what is still outstanding of the award', () => {
    expect(enforcement().amountFen).toBe(500);
  });

  it('concludes only an accepted enforcement, recovering at most its amount', () => {
    let e = enforcement();
    expect(
      refusal(concludeEnforcement(e, { outcome: 'enforced', recoveredFen: 500 }, by('2025-07-03'))).kind,
    ).toBe('rule_violation');
    e = apply(e, decideEnforcement(e, { decision: 'accepted', reason: '' }, by('2025-07-03')));
    expect(
      refusal(concludeEnforcement(e, { outcome: 'enforced', recoveredFen: 501 }, by('2025-07-20'))).errors[0]!
        .field,
    ).toBe('recoveredFen');
    e = apply(e, concludeEnforcement(e, { outcome: 'enforced', recoveredFen: 500 }, by('2025-07-20')));
    expect(e.status).toBe('enforced');
  });

  it('a payment-order decision is refused on an enforcement', () => {
    expect(
      refusal(
        decidePaymentOrder(
          enforcement(),
          { decision: 'issued', reason: '' },
          by('2025-07-03'),
          NATIONAL_RULES,
          calendar,
        ),
      ).kind,
    ).toBe('rule_violation');
  });
});

describe('idempotent commands', () => {
  const decide = idempotent<{ commands: Array<{ key: string; fingerprint: string; at: Date }> }>(
    'k-1',
    'fp-1',
    at('2025-06-01'),
    () => ({ events: [] }),
  );

  it('records the key with the first application', () => {
    const s: { commands: Array<{ key: string; fingerprint: string; at: Date }> } = { commands: [] };
    const d = decide(s) as Decision<typeof s>;
    expect(apply(s, d).commands.map((c) => c.key)).toEqual(['k-1']);
  });

  it('answers a repeat of the same request without a change, and refuses the key with another request', () => {
    expect(decide({ commands: [{ key: 'k-1', fingerprint: 'fp-1', at: at('2025-06-01') }] })).toBe(NO_CHANGE);
    const other = decide({ commands: [{ key: 'k-1', fingerprint: 'fp-2', at: at('2025-06-01') }] });
    expect(refusal(other).kind).toBe('rule_violation');
  });
});
