import { AsyncLocalStorage } from 'node:async_hooks';
import type { SpanContext } from '@opentelemetry/api';

/** What travels with a unit of work (a request, a call, a consumed event) for logs and causation. */
export interface WorkContext {
  /** The W3C trace id (32 hex) of the current span; see tracing.ts. */
  traceId: string;
  /** The current span, which outgoing calls and events name as their parent. */
  span?: SpanContext;
  requestId?: string;
  caseId?: string;
  eventId?: string;
  actor?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function runInContext<T>(ctx: WorkContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

/** Adds fields (e.g. the case id once it is known) to the current unit of work. */
export function annotateContext(fields: Partial<WorkContext>): void {
  const ctx = storage.getStore();
  if (ctx) Object.assign(ctx, fields);
}
