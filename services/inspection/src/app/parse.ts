import { z } from 'zod';
import { isCalendarDate, isRegionCode, validateUscc } from '@wage/cn';
import { parseInput } from '@wage/kit';

const MAX_FEN = 1_000_000_000_000;

export function validate<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  return parseInput(schema, raw, `${what}：信息不完整或有误`);
}

/** int64 fen as sent on the wire. */
export const fenField = (min: number) =>
  z
    .string()
    .regex(/^\d+$/, '金额必须是整数分')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, min > 0 ? '金额必须大于 0' : '金额不能为负')
        .max(MAX_FEN, '金额过大'),
    );

export const idField = z.string().trim().min(1, '必填').max(64);
export const dateField = z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD');
export const textField = (max = 2_000) => z.string().trim().min(1, '必填').max(max);
export const usccField = z
  .string()
  .refine((v) => validateUscc(v).ok, '统一社会信用代码无效 (GB 32100 校验失败)');
export const regionField = z.string().refine(isRegionCode, '不是有效的行政区划代码 (GB/T 2260)');

/** An ISO 8601 instant not in the future; empty: absent. */
export const optionalPastInstant = z.string().transform((s, ctx) => {
  if (s === '') return undefined;
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: '时间格式应为 ISO 8601（含时区）' });
    return z.NEVER;
  }
  if (d.getTime() > Date.now() + 5 * 60_000) {
    ctx.addIssue({ code: 'custom', message: '不能晚于当前时间' });
    return z.NEVER;
  }
  return d;
});
