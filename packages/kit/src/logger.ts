import pino, { type Logger } from 'pino';
import { redactDeep } from '@wage/pii';
import { currentContext } from './context';

export type { Logger };

/**
 * Structured JSON logs. Every line carries the trace and case of the current unit of work, and every value
 * passes through the personal-data redactor: an ID number or phone never reaches a log, whatever a caller
 * logs by mistake.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    mixin() {
      const ctx = currentContext();
      return ctx
        ? {
            traceId: ctx.traceId,
            spanId: ctx.span?.spanId,
            caseId: ctx.caseId,
            eventId: ctx.eventId,
            requestId: ctx.requestId,
          }
        : {};
    },
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        // Free-text messages are redacted too (e.g. an error message quoting a phone number).
        const redacted = args.map((a) => (typeof a === 'string' ? (redactDeep(a) as string) : a));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
    serializers: { err: pino.stdSerializers.err },
  });
}
