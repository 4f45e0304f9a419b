import { z } from 'zod';
import { addCalendarDays, calendarDaysBetween, isCalendarDate, isWeekend, yearOf } from './calendarDate';
import { statutoryHolidays } from './statutoryHolidays';

/**
 * A year's holiday schedule as the State Council publishes it (国务院办公厅关于某年部分节假日安排的通知):
 * days off that would otherwise be working days (`holidays`; weekend days inside a holiday may be listed
 * too) and weekend days turned into working days (`workdays`, 调休). A notice may reach into the last days
 * of the previous year or the first days of the next (e.g. 31 Dec 2011 was a working day in the 2012 notice).
 */
export type OfficialSchedule = { year: number; holidays: string[]; workdays: string[]; source?: string };

const calendarDate = z.string().refine(isCalendarDate, { message: '应为真实存在的日期（YYYY-MM-DD）' });

export const officialScheduleSchema = z
  .object({
    year: z.number().int().min(2000).max(2099),
    holidays: z.array(calendarDate),
    workdays: z.array(calendarDate),
    source: z.string().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    const near = (d: string) => {
      const y = yearOf(d);
      return (
        y === s.year ||
        (y === s.year - 1 && d.slice(5, 7) === '12') ||
        (y === s.year + 1 && d.slice(5, 7) === '01')
      );
    };
    for (const key of ['holidays', 'workdays'] as const) {
      s[key].forEach((d, i) => {
        if (isCalendarDate(d) && !near(d)) {
          ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} is not in or next to ${s.year}` });
        }
      });
    }
    const off = new Set(s.holidays);
    s.workdays.forEach((d, i) => {
      if (off.has(d))
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is also a holiday` });
    });
  });

/** Validates a schedule an administrator submits; throws a ZodError listing every bad field. */
export function parseOfficialSchedule(input: unknown): OfficialSchedule {
  return officialScheduleSchema.parse(input);
}

type DayKind = 'holiday' | 'workday';
type Dataset = { holidays: Record<string, string>; workdays: Record<string, string> };

let dataset: { days: Map<string, DayKind>; years: Set<number> } | undefined;
function chineseDays(): { days: Map<string, DayKind>; years: Set<number> } {
  if (!dataset) {
    // The package's JSON is the State Council schedules 2004 onwards; its JS entry point is not needed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const raw = require('chinese-days/dist/chinese-days.json') as Dataset;
    const days = new Map<string, DayKind>();
    const years = new Set<number>();
    for (const d of Object.keys(raw.holidays)) {
      days.set(d, 'holiday');
      years.add(yearOf(d));
    }
    for (const d of Object.keys(raw.workdays)) days.set(d, 'workday');
    dataset = { days, years };
  }
  return dataset;
}

/** Years for which the bundled `chinese-days` dataset holds the official schedule. */
export function datasetYears(): number[] {
  return [...chineseDays().years].sort((a, b) => a - b);
}

export type WorkingDayResult = { date: string; provisional: boolean };

/**
 * The one working-day calendar of the platform: official schedules where they exist (loaded by an
 * administrator, else the `chinese-days` dataset), otherwise a provisional calendar of weekends plus
 * statutory holidays (see `statutoryHolidays`). A result that relied on a provisional year says so, so that
 * a deadline can be recomputed once the year's schedule is loaded.
 */
export class WorkingDayCalendar {
  private readonly loaded = new Map<number, OfficialSchedule>();
  /** Explicit days from loaded schedules, keyed by date (a notice may reach into a neighbouring year). */
  private readonly loadedDays = new Map<string, DayKind>();
  private readonly provisionalDaysOff = new Map<number, Set<string>>();

  constructor(opts: { schedules?: OfficialSchedule[] } = {}) {
    for (const s of opts.schedules ?? []) this.loadSchedule(s);
  }

  /** Loads (or replaces) a year's official schedule; it wins over the dataset and the provisional rules. */
  loadSchedule(schedule: OfficialSchedule): void {
    const s = parseOfficialSchedule(schedule);
    const previous = this.loaded.get(s.year);
    if (previous) {
      for (const d of [...previous.holidays, ...previous.workdays]) this.loadedDays.delete(d);
    }
    this.loaded.set(s.year, s);
    for (const d of s.holidays) this.loadedDays.set(d, 'holiday');
    for (const d of s.workdays) this.loadedDays.set(d, 'workday');
  }

  /** Schedules loaded by an administrator, by year. */
  loadedSchedules(): OfficialSchedule[] {
    return [...this.loaded.values()].sort((a, b) => a.year - b.year);
  }

  /** True when `year` has no official schedule yet, so its working days are an estimate. */
  isProvisional(year: number): boolean {
    return !this.loaded.has(year) && !chineseDays().years.has(year);
  }

  isWorkingDay(date: string): boolean {
    const explicit = this.loadedDays.get(date);
    if (explicit) return explicit === 'workday';
    const year = yearOf(date);
    if (!this.loaded.has(year)) {
      const official = chineseDays();
      if (official.years.has(year)) {
        const kind = official.days.get(date);
        if (kind) return kind === 'workday';
      } else if (this.provisionalDaysOffIn(year).has(date)) {
        return false;
      }
    }
    return !isWeekend(date);
  }

  /**
   * The `n`-th working day after `date`; `date` itself is not counted. With `n = 0` the answer is `date`
   * when it is a working day, else the next working day (a deadline never falls on a day off).
   * `provisional` is true when any day examined lies in a provisional year.
   */
  addWorkingDays(date: string, n: number): WorkingDayResult {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`working-day count must be a non-negative integer: ${n}`);
    let current = date;
    let provisional = false;
    let remaining = n;
    if (n === 0) {
      provisional = this.isProvisional(yearOf(current));
      if (this.isWorkingDay(current)) return { date: current, provisional };
      remaining = 1;
    }
    while (remaining > 0) {
      current = addCalendarDays(current, 1);
      if (this.isProvisional(yearOf(current))) provisional = true;
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return { date: current, provisional };
  }

  /**
   * Working days in the half-open range (`from`, `to`]: the inverse of `addWorkingDays`, so
   * `workingDaysBetween(d, addWorkingDays(d, n).date) === n`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    const span = calendarDaysBetween(from, to);
    if (span < 0) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let i = 1; i <= span; i += 1) {
      if (this.isWorkingDay(addCalendarDays(from, i))) count += 1;
    }
    return count;
  }

  private provisionalDaysOffIn(year: number): Set<string> {
    let days = this.provisionalDaysOff.get(year);
    if (!days) {
      days = new Set(statutoryHolidays(year).flatMap((h) => [...h.dates, ...h.substituteDates]));
      this.provisionalDaysOff.set(year, days);
    }
    return days;
  }
}
