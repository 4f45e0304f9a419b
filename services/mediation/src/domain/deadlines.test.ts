import { startOfShanghaiDay, WorkingDayCalendar } from '@wage/cn';
import {
  acceptanceDeadline,
  awardEffectiveDate,
  awardPayBy,
  calendarDayDeadline,
  decisionDeadline,
  isPastDate,
  mediationDeadline,
  paymentOrderDueDate,
} from './deadlines';
import { NATIONAL_RULES } from './rules';

// 2025 National Day and Mid-Autumn: 1–8 October off; Sunday 28 September and Saturday 11 October are
// make-up working days (调休), per the State Council's 2025 schedule.
const calendar = new WorkingDayCalendar();
const at = (date: string, hour = 10) => new Date(startOfShanghaiDay(date).getTime() + hour * 3_600_000);

describe('mediation period (15 calendar days)', () => {
  it('ends 15 calendar days after the day the case was opened', () => {
    const d = mediationDeadline(at('2025-06-02'), NATIONAL_RULES, calendar);
    expect(d.date).toBe('2025-06-17');
    expect(d.dueAt.toISOString()).toBe('2025-06-17T15:59:59.999Z'); // 23:59:59.999 in Shanghai
  });

  it('moves to the first working day after the National Day holiday when day 15 falls inside it', () => {
    // 20 September + 15 = 5 October, a holiday: the period ends on Thursday 9 October.
    expect(mediationDeadline(at('2025-09-20'), NATIONAL_RULES, calendar).date).toBe('2025-10-09');
  });

  it('counts from the Shanghai date, not the UTC date, of a case opened late at night', () => {
    // 00:30 on 3 June in Shanghai is still 2 June in UTC: the period counts from 3 June.
    expect(mediationDeadline(new Date('2025-06-02T16:30:00Z'), NATIONAL_RULES, calendar).date).toBe(
      '2025-06-18',
    );
  });

  it('ends on a make-up working day when day 15 is one', () => {
    // 13 September + 15 = Sunday 28 September, a make-up working day: no roll.
    expect(calendarDayDeadline('2025-09-13', 15, calendar).date).toBe('2025-09-28');
  });
});

describe('arbitration acceptance (5 working days)', () => {
  it('skips the National Day holiday and counts the make-up Saturday', () => {
    // From Tuesday 30 September: 9, 10, 11 (make-up Saturday), 13, 14 October.
    const d = acceptanceDeadline(at('2025-09-30'), NATIONAL_RULES, calendar);
    expect(d).toMatchObject({ date: '2025-10-14', provisional: false });
  });

  it('skips an ordinary weekend', () => {
    expect(acceptanceDeadline(at('2025-06-05'), NATIONAL_RULES, calendar).date).toBe('2025-06-12');
  });
});

describe('arbitration decision (45 calendar days, +15 once extended)', () => {
  it('ends 45 days after acceptance, moved past the holiday', () => {
    // 20 August + 45 = 4 October (holiday) → 9 October.
    expect(decisionDeadline(at('2025-08-20'), false, NATIONAL_RULES, calendar).date).toBe('2025-10-09');
  });

  it('is 60 days from acceptance when extended', () => {
    // 20 August + 60 = Sunday 19 October → Monday 20 October.
    expect(decisionDeadline(at('2025-08-20'), true, NATIONAL_RULES, calendar).date).toBe('2025-10-20');
  });
});

describe('awards and payment orders', () => {
  it('a final award takes effect the day it is made; a non-final one after the 15 days to sue', () => {
    expect(awardEffectiveDate('2025-09-16', true, NATIONAL_RULES, calendar)).toBe('2025-09-16');
    expect(awardEffectiveDate('2025-09-16', false, NATIONAL_RULES, calendar)).toBe('2025-10-09');
  });

  it('is payable 10 days after it takes effect unless it names a date', () => {
    expect(awardPayBy('2025-09-22', NATIONAL_RULES, calendar)).toBe('2025-10-09');
  });

  it('gives the employer 15 days from a payment order to pay or object', () => {
    expect(paymentOrderDueDate('2025-09-22', NATIONAL_RULES, calendar)).toBe('2025-10-09');
  });

  it('marks a year without an official schedule as provisional', () => {
    expect(acceptanceDeadline(at('2031-03-03'), NATIONAL_RULES, calendar).provisional).toBe(true);
  });

  it('treats a date as past only after its whole Shanghai day', () => {
    expect(isPastDate('2025-10-09', new Date('2025-10-09T15:59:59.999Z'))).toBe(false);
    expect(isPastDate('2025-10-09', new Date('2025-10-09T16:00:00.000Z'))).toBe(true);
  });
});
