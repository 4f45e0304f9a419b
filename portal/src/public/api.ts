// Workers' pages call only the public routes, with the same generated types as the staff portal, no token.
import createClient from 'openapi-fetch';
import type { paths } from '../gen/schema';

export const publicApi = createClient<paths>({ baseUrl: '/' });

/** The API's Chinese `detail` and field messages, for the worker to read. */
export function problemText(error: unknown): string {
  const p = error as { detail?: string; errors?: Array<{ field: string; message: string }> } | undefined;
  const fields = p?.errors?.map((e) => e.message).join('；');
  return [p?.detail ?? '提交失败，请稍后重试', fields].filter(Boolean).join('：');
}
