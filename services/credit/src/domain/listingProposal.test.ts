import { WorkingDayCalendar } from '@wage/cn';
import { applyDecision, DomainError, type Decision } from '@wage/domain';
import { decide, expire, propose, recordAnswer, remove, type ListingProposalState } from './listingProposal';
import type { Fact } from './facts';
import { NATIONAL_RULES } from './rules';

const calendar = new WorkingDayCalendar();
const rules = NATIONAL_RULES;
const at = (iso: string) => ({ by: 'credit.xinjiang', now: new Date(iso) });

function proposal(): ListingProposalState {
  return propose(
    {
      id: 'p1',
      uscc: '91652301MA0000001X',
      enterpriseName: '昌吉某建筑公司',
      legalRepresentative: '张三',
      responsiblePersons: ['李四'],
      caseId: 'case-1',
      regionCode: '652301',
      reason: '拒不支付',
      facts: '经查…',
      criteria: ['…'],
    },
    at('2026-03-02T02:00:00Z'), // Monday
    rules,
    calendar,
  ).state;
}
/** The state a decision leaves (what the store writes). */
function apply(
  s: ListingProposalState,
  d: Decision<ListingProposalState> | DomainError,
): ListingProposalState {
  if (d instanceof Error) throw d;
  return applyDecision(s, d);
}

describe('blacklist procedure', () => {
  it('notifies with 10 working days to answer', () => {
    const s = proposal();
    expect(s).toMatchObject({ status: 'notified', answerDueDate: '2026-03-16' });
    expect(s.steps.map((x) => x.type)).toEqual(['credit.ListingProposed', 'credit.EmployerNotified']);
  });

  it('refuses a decision before the answer and before the due date', () => {
    const d = decide(proposal(), { decision: 'list', reason: '' }, at('2026-03-10T02:00:00Z'), rules);
    expect(d).toBeInstanceOf(DomainError);
    expect((d as DomainError).kind).toBe('rule_violation');
  });

  it('decides once the answer period has passed without an answer', () => {
    const s = apply(
      proposal(),
      decide(proposal(), { decision: 'list', reason: '' }, at('2026-03-17T02:00:00Z'), rules),
    );
    expect(s).toMatchObject({ status: 'listed', listedFrom: '2026-03-17', listedUntil: '2029-03-16' });
  });

  it('after the answer it lists for 3 years, unit and persons', () => {
    const answered = apply(
      proposal(),
      recordAnswer(proposal(), { statement: '资金困难', waived: false }, at('2026-03-05T02:00:00Z')),
    );
    expect(answered.status).toBe('answered');
    const d = decide(answered, { decision: 'list', reason: '' }, at('2026-03-05T03:00:00Z'), rules);
    const listed = apply(answered, d);
    expect(listed).toMatchObject({ status: 'listed', listedFrom: '2026-03-05', listedUntil: '2029-03-04' });
    expect(
      (d as { events: Array<{ type: string; payload: { responsiblePersons: string[] } }> }).events[0],
    ).toMatchObject({
      type: 'credit.EnterpriseListed.v1',
      payload: { legalRepresentative: '张三', responsiblePersons: ['李四'] },
    });
  });

  it('records a waiver, and refuses an answer after the period', () => {
    expect(
      apply(proposal(), recordAnswer(proposal(), { statement: '', waived: true }, at('2026-03-03T02:00:00Z')))
        .status,
    ).toBe('waived');
    expect(
      recordAnswer(proposal(), { statement: 'x', waived: false }, at('2026-03-17T02:00:00Z')),
    ).toBeInstanceOf(DomainError);
  });

  it('drops', () => {
    const w = apply(
      proposal(),
      recordAnswer(proposal(), { statement: '', waived: true }, at('2026-03-03T02:00:00Z')),
    );
    expect(
      apply(w, decide(w, { decision: 'drop', reason: '已全额支付' }, at('2026-03-04T02:00:00Z'), rules))
        .status,
    ).toBe('dropped');
  });

  describe('early removal', () => {
    const listed = () => {
      const w = apply(
        proposal(),
        recordAnswer(proposal(), { statement: '', waived: true }, at('2026-03-03T02:00:00Z')),
      );
      return apply(w, decide(w, { decision: 'list', reason: '' }, at('2026-03-04T02:00:00Z'), rules));
    };
    const paid: Fact[] = [
      {
        eventId: 'a',
        kind: 'arrears_confirmed',
        at: new Date('2026-02-01'),
        caseId: 'case-1',
        amountFen: 100,
        workerCount: 1,
        outstandingFen: 100,
        detail: '',
        source: 'inspection',
      },
      {
        eventId: 'b',
        kind: 'payment',
        at: new Date('2026-04-01'),
        caseId: 'case-1',
        amountFen: 100,
        workerCount: 0,
        outstandingFen: 0,
        detail: '',
        source: 'inspection',
      },
    ];
    const kinds = ['arrears_confirmed', 'order_ignored'];

    it('is refused before 6 clean months', () => {
      const d = remove(
        listed(),
        { reason: '已整改', pledgeReference: '承诺书 2026-001' },
        paid,
        kinds,
        at('2026-09-03T02:00:00Z'),
        rules,
      );
      expect((d as DomainError).errors.map((e) => e.field)).toEqual(['clean_months']);
    });
    it('is allowed after 6 clean months, paid in full, with a pledge', () => {
      expect(
        apply(
          listed(),
          remove(
            listed(),
            { reason: '已整改', pledgeReference: '承诺书 2026-001' },
            paid,
            kinds,
            at('2026-09-04T02:00:00Z'),
            rules,
          ),
        ).status,
      ).toBe('removed');
    });
    it('names unpaid wages, a new violation and the missing pledge', () => {
      const later: Fact = {
        ...paid[0]!,
        eventId: 'c',
        caseId: 'case-9',
        at: new Date('2026-08-01'),
        outstandingFen: 500,
      };
      const d = remove(
        listed(),
        { reason: 'x', pledgeReference: '' },
        [...paid, later],
        kinds,
        at('2026-12-01T02:00:00Z'),
        rules,
      );
      expect((d as DomainError).errors.map((e) => e.field)).toEqual([
        'paid_in_full',
        'clean_months',
        'integrity_pledge',
      ]);
    });
  });

  it('expires after its last day, not before', () => {
    const w = apply(
      proposal(),
      recordAnswer(proposal(), { statement: '', waived: true }, at('2026-03-03T02:00:00Z')),
    );
    const l = apply(w, decide(w, { decision: 'list', reason: '' }, at('2026-03-04T02:00:00Z'), rules));
    expect(expire(l, at('2029-03-03T10:00:00Z'))).toBeInstanceOf(DomainError);
    expect(apply(l, expire(l, at('2029-03-03T16:30:00Z'))).status).toBe('expired');
  });
});
