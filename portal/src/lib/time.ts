// Every date and time an official reads is Asia/Shanghai, whatever the browser's own zone.
export const ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function parts(f: Intl.DateTimeFormat, d: Date): Record<string, string> {
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

function toDate(value: string | Date): Date | undefined {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** An instant → "2026-12-01 18:30" in Shanghai. */
export function formatDateTime(value: string | Date | undefined | null): string {
  const d = value ? toDate(value) : undefined;
  if (!d) return '—';
  const p = parts(dateTime, d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** An instant or a `YYYY-MM-DD` date → "2026-12-01" (a bare date is a Shanghai calendar day already). */
export function formatDate(value: string | Date | undefined | null): string {
  if (!value) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = toDate(value);
  if (!d) return '—';
  const p = parts(dateOnly, d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Today's Shanghai calendar day as `YYYY-MM-DD`. */
export function shanghaiToday(now: Date = new Date()): string {
  return formatDate(now);
}

/** Whole days from `now` until `due` (negative when overdue), by Shanghai calendar days. */
export function daysUntil(due: string, now: Date = new Date()): number {
  const a = Date.parse(`${formatDate(due)}T00:00:00Z`);
  const b = Date.parse(`${shanghaiToday(now)}T00:00:00Z`);
  return Math.round((a - b) / 86_400_000);
}

/** A Shanghai calendar day → the instant of its local midnight, ISO with +08:00. */
export function shanghaiMidnight(day: string): string {
  return `${day}T00:00:00+08:00`;
}
