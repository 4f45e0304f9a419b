import { addCalendarDays, isWeekend } from './calendarDate';

export type StatutoryHolidayName =
  'new_year' | 'spring_festival' | 'qingming' | 'labour_day' | 'dragon_boat' | 'mid_autumn' | 'national_day';

export type StatutoryHoliday = {
  name: StatutoryHolidayName;
  /** The statutory days themselves, in order. */
  dates: string[];
  /** Weekdays given off because a statutory day fell on a weekend or on another holiday (补假). */
  substituteDates: string[];
};

function ymd(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

type LunarLibrary = typeof import('lunar-javascript');
let lunarLibrary: LunarLibrary | undefined;
function lunar(): LunarLibrary {
  // Loaded on first use: only a year without an official schedule needs lunar arithmetic.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lunarLibrary ??= require('lunar-javascript') as LunarLibrary;
  return lunarLibrary;
}

function lunarToSolar(lunarYear: number, month: number, day: number): string {
  return lunar().Lunar.fromYmd(lunarYear, month, day).getSolar().toYmd();
}

function qingming(year: number): string {
  // Qingming is the solar term 清明 (4–6 April), computed astronomically by the lunar library.
  const term = lunar().Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()['清明'];
  if (!term) throw new Error(`no Qingming solar term found for ${year}`);
  return term.toYmd();
}

/**
 * The statutory public holidays of `year` under 《全国年节及纪念日放假办法》 as revised by the State Council with
 * effect from 2025-01-01 (13 days): New Year 1 day; Spring Festival 4 days (除夕 and 正月初一–初三); Qingming 1
 * day; Labour Day 2 days (1–2 May); Dragon Boat 1 day (五月初五); Mid-Autumn 1 day (八月十五); National Day
 * 3 days (1–3 October).
 *
 * Article 6 of the same rules gives a weekday off (补假) for every holiday that falls on a Saturday or Sunday;
 * we also give one when two holidays fall on the same day (as in 2028, when Mid-Autumn is 3 October), as
 * the State Council's schedules always have. The substitute day is the first weekday after the holiday
 * that is not already off. Make-up working days (调休) are never invented: they exist only in an official
 * schedule.
 *
 * This is the provisional calendar for a year whose official schedule is not yet known; it is applied
 * to any year, although the rules before 2025 were different.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isSafeInteger(year) || year < 1901 || year > 2099) {
    throw new RangeError(`year outside the supported lunar range 1901–2099: ${year}`);
  }
  const lunarNewYear = lunarToSolar(year, 1, 1);
  const festivals: Array<{ name: StatutoryHolidayName; dates: string[] }> = [
    { name: 'new_year', dates: [ymd(year, 1, 1)] },
    {
      name: 'spring_festival',
      // 除夕 is the day before 正月初一 whether the twelfth month has 29 or 30 days.
      dates: [-1, 0, 1, 2].map((offset) => addCalendarDays(lunarNewYear, offset)),
    },
    { name: 'qingming', dates: [qingming(year)] },
    { name: 'labour_day', dates: [ymd(year, 5, 1), ymd(year, 5, 2)] },
    { name: 'dragon_boat', dates: [lunarToSolar(year, 5, 5)] },
    { name: 'mid_autumn', dates: [lunarToSolar(year, 8, 15)] },
    { name: 'national_day', dates: [ymd(year, 10, 1), ymd(year, 10, 2), ymd(year, 10, 3)] },
  ];
  festivals.sort((a, b) => (a.dates[0] ?? '').localeCompare(b.dates[0] ?? ''));

  const daysOff = new Set<string>();
  return festivals.map(({ name, dates }) => {
    let lost = 0;
    for (const date of dates) {
      if (isWeekend(date) || daysOff.has(date)) lost += 1;
      daysOff.add(date);
    }
    const substituteDates: string[] = [];
    let candidate = dates[dates.length - 1] ?? ymd(year, 1, 1);
    while (substituteDates.length < lost) {
      candidate = addCalendarDays(candidate, 1);
      if (!isWeekend(candidate) && !daysOff.has(candidate)) {
        substituteDates.push(candidate);
        daysOff.add(candidate);
      }
    }
    return { name, dates, substituteDates };
  });
}
