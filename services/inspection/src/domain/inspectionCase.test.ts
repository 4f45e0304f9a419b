import { WorkingDayCalendar } from '@wage/cn';
import { investigationDueAt } from './inspectionCase';

describe('investigation deadline (60 working days from filing)', () => {
  const calendar = new WorkingDayCalendar();

  it('counts 60 working days across National Day 2026 and its make-up days', () => {
    // Filed Tuesday 2026-09-01 (Asia/Shanghai). The National Day / Mid-Autumn holiday and its make-up
    // working days shift the date beyond a naive 12 weeks (2026-11-24).
    const { dueAt, provisional } = investigationDueAt(new Date('2026-09-01T02:00:00Z'), calendar);
    expect(provisional).toBe(false);
    const due = new Date(dueAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(calendar.workingDaysBetween('2026-09-01', due)).toBe(60);
    expect(due > '2026-11-24').toBe(true);
    expect(dueAt.toISOString()).toMatch(/T15:59:59\.999Z$/); // end of that day in Shanghai
  });

  it('marks a deadline reaching into a year without an official schedule as provisional', () => {
    expect(investigationDueAt(new Date('2026-11-20T02:00:00Z'), calendar).provisional).toBe(true);
  });
});
