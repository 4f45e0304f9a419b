import { z } from 'zod';

/** Shared field schemas of the public contract (shape only; services check the rules behind them). */
export const regionCode = z.string().regex(/^\d{6}$/, '应为6位行政区划代码（GB/T 2260）');
export const uscc = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '应为18位统一社会信用代码');
export const fen = z.number().int('金额应为整数（分）').min(0).max(1_000_000_000_000);
export const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD');
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, '编号只能包含字母、数字、下划线和连字符');
export const limit = z.coerce.number().int().min(1).max(200).default(50);
export const cursor = z.string().max(200).optional();
