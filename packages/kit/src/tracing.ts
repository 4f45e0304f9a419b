import { randomBytes } from 'node:crypto';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { currentContext, runInContext, type WorkContext } from './context';

export { SpanKind, type Span };

/**
 * OpenTelemetry traces, in one place: each unit of work (an HTTP request, a gRPC call, a consumed event) runs in
 * a span whose context rides in the kit's work context, so the gRPC client and the outbox stamp a W3C
 * `traceparent` on what they send and the next hop continues the same trace. Spans are recorded and exported
 * (OTLP over HTTP) only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `…_TRACES_ENDPOINT`) is set; without it the
 * trace context is still generated and propagated, so logs of every hop share one trace id.
 */
let provider: TracerProvider | undefined;
let tracer: Tracer | undefined;

export interface TracingOptions {
  /** Tests: where spans go instead of the OTLP exporter (e.g. a SimpleSpanProcessor over an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

/** Starts recording spans for `service` when configured; returns a function that flushes and stops. */
export function startTracing(service: string, opts: TracingOptions = {}): () => Promise<void> {
  const env = opts.env ?? process.env;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const processors =
    opts.spanProcessors ??
    (endpoint && env.OTEL_SDK_DISABLED !== 'true'
      ? [
          new BatchSpanProcessor({
            exporter: new OTLPTraceExporter(), // the endpoint, headers and timeout come from the OTEL_* env
            scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || 5_000,
          }),
        ]
      : []);
  if (processors.length === 0) return async () => undefined;
  const p = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || service }),
    spanProcessors: processors,
  });
  provider = p;
  tracer = p.getTracer('@wage/kit');
  return async () => {
    if (provider === p) {
      provider = undefined;
      tracer = undefined;
    }
    await p.shutdown();
  };
}

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  attributes?: Attributes;
}

/** Where a unit of work starts: the caller's `traceparent` (if any) and what else the work context holds. */
export interface EntryPoint {
  traceparent?: string;
  work?: Omit<WorkContext, 'traceId' | 'span'>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Starts a span (child of `parent`); the caller ends it. Prefer `inSpan`, which also sets the work context. */
export function beginSpan(
  spec: SpanSpec,
  parent: SpanContext | undefined = currentContext()?.span,
): { span: Span | undefined; ctx: SpanContext } {
  if (tracer) {
    const parentCtx = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const span = tracer.startSpan(spec.name, { kind: spec.kind, attributes: spec.attributes }, parentCtx);
    return { span, ctx: span.spanContext() };
  }
  // Not recording: still a fresh span id under the same trace, so the W3C context stays valid hop to hop.
  return {
    span: undefined,
    ctx: {
      traceId: parent?.traceId ?? hex(16),
      spanId: hex(8),
      traceFlags: parent?.traceFlags ?? TraceFlags.NONE,
      ...(parent?.traceState ? { traceState: parent.traceState } : {}),
    },
  };
}

/** Marks a span failed, for work that handles its own errors (a call answered with an error status). */
export function spanFailed(span: Span | undefined, e: unknown): void {
  // The name only: an error's message may quote personal data, and spans leave the process.
  span?.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.name : 'error' });
}

/**
 * Runs `fn` in a new span. With `entry` it starts a unit of work continuing the caller's trace; without, the
 * span is a child of the current one (an outgoing call) and the work context is kept.
 */
export async function inSpan<T>(
  spec: SpanSpec,
  fn: (span: Span | undefined) => Promise<T>,
  entry?: EntryPoint,
): Promise<T> {
  const parent = entry ? (parseTraceParent(entry.traceparent ?? '') ?? undefined) : currentContext()?.span;
  const { span, ctx } = beginSpan(spec, parent);
  const work: WorkContext = { ...(entry ? entry.work : currentContext()), traceId: ctx.traceId, span: ctx };
  try {
    return await runInContext(work, () => fn(span));
  } catch (e) {
    spanFailed(span, e);
    throw e;
  } finally {
    span?.end();
  }
}

/** A span with no duration of its own (e.g. an event put in the outbox); returns its `traceparent`. */
export function markSpan(spec: SpanSpec): string {
  const { span, ctx } = beginSpan(spec, currentContext()?.span);
  span?.end();
  return traceparentOf(ctx);
}

export function traceparentOf(ctx: SpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${(ctx.traceFlags & TraceFlags.SAMPLED) === 1 ? '01' : '00'}`;
}

/** The `traceparent` (and `tracestate`) of the current span, for an outgoing call or message. */
export function traceHeaders(): Record<string, string> {
  const ctx = currentContext()?.span;
  if (!ctx) return {};
  const state = ctx.traceState?.serialize();
  return { traceparent: traceparentOf(ctx), ...(state ? { tracestate: state } : {}) };
}
