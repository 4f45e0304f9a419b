import { z } from 'zod';

/** Shared field schemas of the public contract (shape only; services check the rules behind them). */
export const regionCode = z.string().regex(/^\d{6}$/, '6-digit GB/T 2260 code');
export const uscc = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '18-character USCC');
export const fen = z.number().int('integer fen').min(0).max(1_000_000_000_000);
export const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'id');
export const limit = z.coerce.number().int().min(1).max(200).default(50);
export const cursor = z.string().max(200).optional();
