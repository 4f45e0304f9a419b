import { describe, expect, it } from 'vitest';
import { daysUntil, formatDate, formatDateTime, shanghaiMidnight } from './time';

describe('times in Asia/Shanghai whatever the machine zone', () => {
  it('formats an instant in Shanghai time', () => {
    expect(formatDateTime('2026-12-01T16:30:00Z')).toBe('2026-12-02 00:30');
    expect(formatDateTime('2026-12-01T10:05:00+08:00')).toBe('2026-12-01 10:05');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
  });

  it('gives the Shanghai calendar day of an instant, and keeps a bare date as it is', () => {
    expect(formatDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(formatDate('2026-12-31T15:59:59Z')).toBe('2026-12-31');
    expect(formatDate('2026-02-03')).toBe('2026-02-03');
  });

  it('counts days to a deadline by Shanghai days', () => {
    const now = new Date('2026-12-01T17:00:00Z'); // already 2 December in Shanghai
    expect(daysUntil('2026-12-02', now)).toBe(0);
    expect(daysUntil('2026-12-05T01:00:00+08:00', now)).toBe(3);
    expect(daysUntil('2026-11-30', now)).toBe(-2);
  });

  it('writes a Shanghai midnight with its offset', () => {
    expect(shanghaiMidnight('2026-12-01')).toBe('2026-12-01T00:00:00+08:00');
    expect(new Date(shanghaiMidnight('2026-12-01')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
});
