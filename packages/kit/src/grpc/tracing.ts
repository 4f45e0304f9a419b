import { InterceptingCall, status, type Interceptor, type Metadata } from '@grpc/grpc-js';
import { newId } from '../ids';
import { beginSpan, inSpan, spanFailed, SpanKind, traceparentOf, type Span } from '../tracing';

// Trace context in gRPC metadata (W3C `traceparent`), apart from the channel and credential set-up.

function first(md: Metadata, key: string): string | undefined {
  const v = md.get(key)[0];
  return v === undefined ? undefined : String(v);
}

const rpcAttributes = (method: string) => ({ 'rpc.system': 'grpc', 'rpc.method': method });

/**
 * Client side: each attempt of an outgoing call is a CLIENT span, child of the current one, named after the
 * method and sent as the call's `traceparent`. Pass it in the call options' `interceptors`.
 */
export const traceInterceptor: Interceptor = (options, nextCall) => {
  const method = options.method_definition.path.replace(/^\//, '');
  return new InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      const { span, ctx } = beginSpan({
        name: method,
        kind: SpanKind.CLIENT,
        attributes: rpcAttributes(method),
      });
      metadata.set('traceparent', traceparentOf(ctx));
      next(metadata, {
        onReceiveStatus(s, nextStatus) {
          span?.setAttribute('rpc.grpc.status_code', s.code);
          if (s.code !== status.OK) spanFailed(span, new Error(status[s.code]));
          span?.end();
          nextStatus(s);
        },
      });
    },
  });
};

/** Server side: a call in a SERVER span continuing the caller's trace, with the caller's request id. */
export function serveInSpan<T>(
  method: string,
  md: Metadata,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  return inSpan({ name: method, kind: SpanKind.SERVER, attributes: rpcAttributes(method) }, fn, {
    traceparent: first(md, 'traceparent'),
    work: { requestId: first(md, 'x-request-id') ?? newId() },
  });
}
