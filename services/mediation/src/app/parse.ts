import { z } from 'zod';
import {
  isCalendarDate,
  isLandline,
  isMobile,
  isRegionCode,
  validateResidentId,
  validateUscc,
} from '@wage/cn';
import { parseInput } from '@wage/kit';

// From the wire to validated input: int64 fen arrive as strings, optional strings as ''. Every bad field is
// named (INVALID_ARGUMENT → 400 with one entry per field) and nothing is changed.

const MAX_FEN = 1_000_000_000_000; // ¥10 billion: beyond any single dispute, refuses overflow attempts
/** Clock skew allowed for instants “now or earlier” given by a client. */
const SKEW_MS = 5 * 60_000;

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
export const reasonField = z.string().trim().min(1, '必填').max(2_000);

/** An ISO 8601 instant; empty means now. */
export const pastInstantField = z.string().transform((s, ctx) => {
  if (s === '') return new Date();
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: '时间格式应为 ISO 8601（含时区）' });
    return z.NEVER;
  }
  if (d.getTime() > Date.now() + SKEW_MS) {
    ctx.addIssue({ code: 'custom', message: '不能晚于当前时间' });
    return z.NEVER;
  }
  return d;
});

export const instantField = z.string().transform((s, ctx) => {
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: '时间格式应为 ISO 8601（含时区）' });
    return z.NEVER;
  }
  return d;
});

export const openMediationSchema = z.object({
  caseId: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9-]*$/, '案件编号格式有误'),
  regionCode: z.string().refine(isRegionCode, '不是有效的行政区划代码 (GB/T 2260)'),
  applicant: z.object({
    name: z.string().trim().min(1, '必填').max(50),
    idNumber: z.string().refine((v) => validateResidentId(v).ok, '身份证号码无效 (GB 11643 校验失败)'),
    phone: z.string().refine((v) => isMobile(v) || isLandline(v), '电话号码无效'),
  }),
  employer: z.object({
    name: z.string().trim().min(2, '用人单位名称过短').max(100),
    uscc: z
      .string()
      .refine((v) => v === '' || validateUscc(v).ok, '统一社会信用代码无效 (GB 32100 校验失败)'),
  }),
  claimFen: fenField(1),
});
