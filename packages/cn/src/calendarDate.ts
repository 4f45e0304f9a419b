// Calendar dates are plain `YYYY-MM-DD` strings in Asia/Shanghai. Arithmetic runs on UTC midnights so the
// host time zone never shifts a date. China has used a fixed +08:00 offset without daylight saving since 1991.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** A `YYYY-MM-DD` string that names a real calendar date (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function assertCalendarDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(date)}`);
}

function toUtcMs(date: string): number {
  assertCalendarDate(date);
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `n` calendar days after `date` (negative `n` goes back). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`day count must be an integer: ${n}`);
  return fromUtcMs(toUtcMs(date) + n * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function yearOf(date: string): number {
  assertCalendarDate(date);
  return Number(date.slice(0, 4));
}

/** The Shanghai calendar date on which `instant` falls. */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  return fromUtcMs(ms + SHANGHAI_OFFSET_MS);
}

/** The last millisecond of `date` in Shanghai (23:59:59.999+08:00): a deadline on that date ends here. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(toUtcMs(date) + DAY_MS - 1 - SHANGHAI_OFFSET_MS);
}

/** The first millisecond of `date` in Shanghai (00:00:00.000+08:00). */
export function startOfShanghaiDay(date: string): Date {
  return new Date(toUtcMs(date) - SHANGHAI_OFFSET_MS);
}
