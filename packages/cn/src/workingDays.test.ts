import { addCalendarDays } from './calendarDate';
import {
  datasetYears,
  parseOfficialSchedule,
  WorkingDayCalendar,
  type OfficialSchedule,
} from './workingDays';

// Official 2026 schedule (国办发明电〔2025〕7号), as held by the chinese-days dataset:
// Spring Festival off 15–23 Feb, make-up working Saturdays 14 Feb and 28 Feb;
// National Day off 1–7 Oct, make-up working Sunday 20 Sep and Saturday 10 Oct.

// A made-up 2027 schedule: the real one is not in the dataset. Spring Festival 5–13 Feb, work Sat 20 Feb.
const hypothetical2027: OfficialSchedule = {
  year: 2027,
  holidays: ['2027-01-01', ...Array.from({ length: 9 }, (_, i) => addCalendarDays('2027-02-05', i))],
  workdays: ['2027-02-20'],
  source: 'test fixture',
};

describe('WorkingDayCalendar', () => {
  const calendar = new WorkingDayCalendar();

  it('uses the dataset for 2004–2026 and nothing later', () => {
    const years = datasetYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
    expect(calendar.isProvisional(2026)).toBe(false);
    expect(calendar.isProvisional(2027)).toBe(true);
  });

  describe('2026 Spring Festival', () => {
    it('treats the whole holiday as days off, weekdays included', () => {
      expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Monday
      expect(calendar.isWorkingDay('2026-02-20')).toBe(false); // Friday
      expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // Monday
      expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    });

    it('counts the make-up Saturdays as working days', () => {
      expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-21')).toBe(false); // a Saturday inside the holiday
    });

    it('sets a 5-working-day acceptance deadline across the holiday', () => {
      // Filed Friday 13 Feb: Sat 14, then Tue 24, Wed 25, Thu 26, Fri 27.
      expect(calendar.addWorkingDays('2026-02-13', 1)).toEqual({ date: '2026-02-14', provisional: false });
      expect(calendar.addWorkingDays('2026-02-13', 2)).toEqual({ date: '2026-02-24', provisional: false });
      expect(calendar.addWorkingDays('2026-02-13', 5)).toEqual({ date: '2026-02-27', provisional: false });
      // Thursday 26 Feb + 2 lands on the make-up Saturday 28 Feb.
      expect(calendar.addWorkingDays('2026-02-26', 2).date).toBe('2026-02-28');
      expect(calendar.workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    });
  });

  describe('2026 National Day', () => {
    it('works on Sunday 20 September and Saturday 10 October', () => {
      expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
      expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
      expect(calendar.isWorkingDay('2026-10-07')).toBe(false); // Wednesday inside the holiday
    });

    it('jumps from 30 September to 8 October', () => {
      expect(calendar.addWorkingDays('2026-09-30', 1).date).toBe('2026-10-08');
      expect(calendar.addWorkingDays('2026-09-30', 3).date).toBe('2026-10-10');
      expect(calendar.workingDaysBetween('2026-09-30', '2026-10-09')).toBe(2);
    });
  });

  describe('an ordinary weekend', () => {
    it('skips Saturday and Sunday', () => {
      expect(calendar.isWorkingDay('2026-03-14')).toBe(false);
      expect(calendar.addWorkingDays('2026-03-13', 1).date).toBe('2026-03-16');
      expect(calendar.addWorkingDays('2026-03-13', 5).date).toBe('2026-03-20');
      expect(calendar.workingDaysBetween('2026-03-13', '2026-03-16')).toBe(1);
    });

    it('with n = 0 keeps a working day and moves a day off to the next working day', () => {
      expect(calendar.addWorkingDays('2026-03-16', 0).date).toBe('2026-03-16');
      expect(calendar.addWorkingDays('2026-03-14', 0).date).toBe('2026-03-16');
    });

    it('rejects negative or fractional counts', () => {
      expect(() => calendar.addWorkingDays('2026-03-16', -1)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2026-03-16', 1.5)).toThrow(RangeError);
    });
  });

  it('is the inverse of workingDaysBetween, also backwards', () => {
    for (let n = 0; n <= 30; n += 1) {
      const due = calendar.addWorkingDays('2026-09-11', n).date;
      expect(calendar.workingDaysBetween('2026-09-11', due)).toBe(n);
    }
    expect(calendar.workingDaysBetween('2026-03-20', '2026-03-13')).toBe(-5);
  });

  describe('a year without an official schedule (2027)', () => {
    it('marks a deadline reaching into 2027 as provisional, one inside 2026 as not', () => {
      expect(calendar.addWorkingDays('2026-12-28', 1)).toEqual({ date: '2026-12-29', provisional: false });
      // New Year's Day 2027 is Friday; then the weekend.
      expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true });
    });

    it('skips the computed Spring Festival with its substitute days', () => {
      // 除夕 Fri 5 Feb to 初三 Mon 8 Feb, plus Tue 9 and Wed 10 for the weekend days lost.
      for (const d of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) {
        expect(calendar.isWorkingDay(d)).toBe(false);
      }
      expect(calendar.addWorkingDays('2027-02-04', 1)).toEqual({ date: '2027-02-11', provisional: true });
      // No make-up working Saturday is invented.
      expect(calendar.isWorkingDay('2027-02-20')).toBe(false);
    });

    it('becomes official once the schedule is loaded, and the deadline changes', () => {
      const local = new WorkingDayCalendar();
      local.loadSchedule(hypothetical2027);
      expect(local.isProvisional(2027)).toBe(false);
      expect(local.addWorkingDays('2027-02-04', 1)).toEqual({ date: '2027-02-15', provisional: false });
      expect(local.isWorkingDay('2027-02-20')).toBe(true);
      // The shared calendar without the schedule is untouched.
      expect(calendar.addWorkingDays('2027-02-04', 1).date).toBe('2027-02-11');
    });

    it('takes schedules in the constructor as well', () => {
      const local = new WorkingDayCalendar({ schedules: [hypothetical2027] });
      expect(local.isProvisional(2027)).toBe(false);
      expect(local.loadedSchedules().map((s) => s.year)).toEqual([2027]);
    });
  });

  it('lets a loaded schedule override the dataset for its year', () => {
    const local = new WorkingDayCalendar();
    // A (fictitious) correction that drops the 2026 Spring Festival entirely.
    local.loadSchedule({ year: 2026, holidays: [], workdays: [] });
    expect(local.isWorkingDay('2026-02-16')).toBe(true);
    expect(local.isWorkingDay('2026-02-14')).toBe(false);
  });

  it('replaces an earlier schedule for the same year instead of merging with it', () => {
    const local = new WorkingDayCalendar({ schedules: [hypothetical2027] });
    local.loadSchedule({ year: 2027, holidays: ['2027-02-08'], workdays: [] });
    expect(local.isWorkingDay('2027-02-09')).toBe(true);
    expect(local.isWorkingDay('2027-02-20')).toBe(false);
  });

  it('honours a notice that reaches into the previous year', () => {
    const local = new WorkingDayCalendar();
    local.loadSchedule({ year: 2027, holidays: [], workdays: ['2026-12-27'] }); // a Sunday
    expect(local.isWorkingDay('2026-12-27')).toBe(true);
  });

  describe('schedule validation', () => {
    it('rejects impossible dates, far-away dates and a day that is both off and on', () => {
      expect(() => parseOfficialSchedule({ year: 2027, holidays: ['2027-02-30'], workdays: [] })).toThrow();
      expect(() =>
        parseOfficialSchedule({ year: 2027, holidays: ['2027-07-01'], workdays: ['2026-06-01'] }),
      ).toThrow();
      expect(() =>
        parseOfficialSchedule({ year: 2027, holidays: ['2027-02-06'], workdays: ['2027-02-06'] }),
      ).toThrow();
      expect(() => parseOfficialSchedule({ year: '2027', holidays: [], workdays: [] })).toThrow();
    });

    it('refuses to load an invalid schedule and keeps the calendar as it was', () => {
      const local = new WorkingDayCalendar();
      expect(() => local.loadSchedule({ year: 2027, holidays: ['2027-13-01'], workdays: [] })).toThrow();
      expect(local.isProvisional(2027)).toBe(true);
    });
  });
});
