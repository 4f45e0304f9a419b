import {
  addCalendarDays,
  calendarDaysBetween,
  dayOfWeek,
  endOfShanghaiDay,
  isCalendarDate,
  shanghaiDate,
  startOfShanghaiDay,
} from './calendarDate';

describe('calendar dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-1')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(calendarDaysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2026-02-14')).toBe(6); // Saturday
    expect(dayOfWeek('2026-11-22')).toBe(0); // Sunday
  });

  it('takes the Shanghai date of an instant, not the UTC date', () => {
    // 16:30 UTC on 31 Dec is already 00:30 on 1 Jan in Shanghai.
    expect(shanghaiDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(shanghaiDate(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it('ends a Shanghai day at 23:59:59.999+08:00', () => {
    expect(endOfShanghaiDay('2026-03-10').toISOString()).toBe('2026-03-10T15:59:59.999Z');
    expect(startOfShanghaiDay('2026-03-10').toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(shanghaiDate(endOfShanghaiDay('2026-03-10'))).toBe('2026-03-10');
  });
});
