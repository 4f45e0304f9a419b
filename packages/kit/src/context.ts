import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with a unit of work (a request, a call, a consumed event) for logs and causation. */
export interface WorkContext {
  traceId: string;
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
