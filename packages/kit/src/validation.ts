import type { z } from 'zod';
import './zodChinese'; // Chinese field messages for every zod parse in the process
import { invalidArgument, type FieldError } from './errors';

/** Zod issues as field-level reasons (`reporter.idNumber: …`), optionally under a prefix. */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.message,
  }));
}

/** Parses input or refuses it (400) naming every bad field; nothing is changed on refusal. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, detail: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidArgument(detail, zodFieldErrors(parsed.error));
  return parsed.data;
}
