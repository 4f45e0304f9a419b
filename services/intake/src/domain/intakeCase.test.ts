import { WorkingDayCalendar, shanghaiDate } from '@wage/cn';
import { checkFilingDecision, filingDeadline, isOverdue } from './intakeCase';

const at = (iso: string) => new Date(iso);

describe('filing deadline (5 working days; group clues the same day)', () => {
  const calendar = new WorkingDayCalendar();

  it('files a group clue the day it arrives, even on the eve of the Spring Festival', () => {
    const d = filingDeadline(at('2026-02-13T10:00:00+08:00'), true, calendar);
    expect(shanghaiDate(d.dueAt)).toBe('2026-02-13');
    expect(d.provisional).toBe(false);
  });

  it('counts across the 2026 Spring Festival, with Saturday 14 February a make-up working day', () => {
    // Fri 13 Feb: +1 Sat 14 (调休上班), then 15–23 Feb off, +2 Tue 24 … +5 Fri 27 Feb.
    const d = filingDeadline(at('2026-02-13T10:00:00+08:00'), false, calendar);
    expect(shanghaiDate(d.dueAt)).toBe('2026-02-27');
    expect(d.dueAt.toISOString()).toBe('2026-02-27T15:59:59.999Z');
    expect(d.provisional).toBe(false);
  });

  it('counts an ordinary week without holidays', () => {
    expect(shanghaiDate(filingDeadline(at('2026-03-02T09:00:00+08:00'), false, calendar).dueAt)).toBe(
      '2026-03-09',
    );
  });

  it('marks a deadline reaching into 2027 as provisional until the schedule is loaded, then recomputes it', () => {
    const local = new WorkingDayCalendar();
    const before = filingDeadline(at('2027-02-04T10:00:00+08:00'), false, local);
    expect(before.provisional).toBe(true);
    local.loadSchedule({ year: 2027, holidays: ['2027-02-05', '2027-02-08', '2027-02-09'], workdays: [] });
    const after = filingDeadline(at('2027-02-04T10:00:00+08:00'), false, local);
    expect(after.provisional).toBe(false);
    // Fri 5, Mon 8 and Tue 9 off: Wed 10, Thu 11, Fri 12, Mon 15, Tue 16.
    expect(shanghaiDate(after.dueAt)).toBe('2027-02-16');
    expect(after.dueAt.getTime()).not.toBe(before.dueAt.getTime());
  });

  it('is overdue only while still waiting after the deadline', () => {
    const dueAt = at('2026-02-27T15:59:59.999Z');
    expect(isOverdue({ status: 'received', filingDueAt: dueAt }, at('2026-02-28T00:00:00Z'))).toBe(true);
    expect(isOverdue({ status: 'filed', filingDueAt: dueAt }, at('2026-02-28T00:00:00Z'))).toBe(false);
    expect(isOverdue({ status: 'received', filingDueAt: dueAt }, at('2026-02-27T12:00:00Z'))).toBe(false);
  });
});

describe('filing decisions', () => {
  it('lets a clerk decide a waiting case, and repeat the same decision harmlessly', () => {
    expect(checkFilingDecision('received', 'filed')).toBeUndefined();
    expect(checkFilingDecision('filed', 'filed')).toBeUndefined();
  });

  it('refuses to reject a case already filed, or decide a transferred one', () => {
    expect(checkFilingDecision('filed', 'rejected')).toMatch(/已受理/);
    expect(checkFilingDecision('transferred', 'filed')).toMatch(/已移交/);
  });
});
