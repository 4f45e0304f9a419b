import { z } from 'zod';
import {
  isCalendarDate,
  isLandline,
  isMobile,
  isRegionCode,
  validateResidentId,
  validateUscc,
} from '@wage/cn';
import { INDUSTRIES } from './project';
import { DEPOSIT_FORMS } from './ledger';

// What officials and inspection may send, checked field by field before anything is stored.

/** ¥1 trillion: beyond any single contract, refuses overflow attempts. */
const MAX_FEN = 100_000_000_000_000;
const fen = (min = 1) =>
  z
    .number({ message: '金额必须是整数分' })
    .int('金额必须是整数分')
    .min(min, min === 0 ? '金额不能为负' : '金额必须大于零')
    .max(MAX_FEN, '金额过大');
const date = z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD');
const region = z.string().refine(isRegionCode, '不是有效的行政区划代码 (GB/T 2260)');
const uscc = z.string().refine((v) => validateUscc(v).ok, '统一社会信用代码无效 (GB 32100 校验失败)');
const text = (max: number, min = 1) => z.string().trim().min(min, '必填').max(max, `不超过 ${max} 字`);
const id = z.string().trim().min(1, '必填').max(64);

export const createProjectSchema = z.object({
  name: text(200, 2),
  regionCode: region,
  industry: z.enum(INDUSTRIES, { message: '行业应为 housing、transport、water 或 other' }),
  contractorUscc: uscc,
  contractorName: text(100, 2),
  ownerName: text(100, 2),
  contractPriceFen: fen(),
  permitDate: date,
  contractSignedDate: date.optional(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const recordDepositSchema = z.object({
  projectId: id,
  amountFen: fen(),
  form: z.enum(DEPOSIT_FORMS, { message: '形式应为 cash 或 bank_guarantee' }),
  reference: text(100),
});

export const drawDepositSchema = z
  .object({
    caseId: id,
    projectId: id,
    amountFen: fen(),
    workers: z
      .array(
        z.object({
          name: text(50),
          idNumber: z.string().refine((v) => validateResidentId(v).ok, '身份证号码无效 (GB 11643 校验失败)'),
          amountFen: fen(),
        }),
      )
      .max(10_000),
  })
  .superRefine((d, ctx) => {
    if (d.workers.length > 0) {
      const sum = d.workers.reduce((s, w) => s + w.amountFen, 0);
      if (sum !== d.amountFen)
        ctx.addIssue({ code: 'custom', path: ['amountFen'], message: `应等于所列工人金额之和 ${sum}` });
    }
  });

export const advanceSchema = z.object({
  caseId: id,
  regionCode: region,
  amountFen: fen(),
  employer: z.object({ name: text(100, 2), uscc: uscc.or(z.literal('')) }),
});

export const repaymentSchema = z.object({ claimId: id, amountFen: fen(), reference: text(100) });

export const dedicatedAccountSchema = z
  .object({
    projectId: id,
    bankName: text(100, 2),
    accountNumber: z.string().regex(/^\d{8,32}$/, '账号应为 8–32 位数字'),
    openedOn: date,
    tripartiteAgreement: z.boolean(),
    filedOn: date.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.filedOn && a.filedOn < a.openedOn)
      ctx.addIssue({ code: 'custom', path: ['filedOn'], message: '备案日期不能早于开户日期' });
  });

export const completeProjectSchema = z.object({ projectId: id, completedOn: date });

/** Turns wire int64 strings into numbers only when they are exact; anything else becomes NaN (refused). */
export function wireFen(v: string | undefined): number {
  if (v === undefined || v === '') return NaN;
  if (!/^-?\d+$/.test(v)) return NaN;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : NaN;
}

/** Empty wire strings mean "not given". */
export function optional(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** 维权信息告示牌: what the project's regulator writes on the site's rights notice board. */
export const noticeBoardSchema = z.object({
  projectId: id,
  officerName: text(50),
  officerPhone: z.string().refine((v) => isMobile(v) || isLandline(v), '电话号码无效'),
  payDay: z.number().int('应为 1–31 的整数').min(1, '应为 1–31').max(31, '应为 1–31'),
  hotlines: z.array(text(60)).min(1, '至少填写一条投诉热线').max(10),
  arbitrationAddress: text(200),
  legalAidAddress: text(200),
});
export type NoticeBoardInput = z.infer<typeof noticeBoardSchema>;
