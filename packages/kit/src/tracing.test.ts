import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { currentContext } from './context';
import { inSpan, markSpan, SpanKind, startTracing, traceHeaders } from './tracing';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace context without an exporter', () => {
  it('continues the caller trace with a span of its own and hands it on', async () => {
    const seen = await inSpan(
      { name: 'call', kind: SpanKind.SERVER },
      async () => ({
        traceId: currentContext()?.traceId,
        headers: traceHeaders(),
        requestId: currentContext()?.requestId,
      }),
      { traceparent: PARENT, work: { requestId: 'r-1' } },
    );
    expect(seen.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(seen.requestId).toBe('r-1');
    expect(seen.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(seen.headers.traceparent).not.toBe(PARENT);
  });

  it('starts a new trace when the caller sent none or a malformed one', async () => {
    const ids = await Promise.all(
      [undefined, 'not-a-traceparent'].map((traceparent) =>
        inSpan({ name: 'call', kind: SpanKind.SERVER }, async () => currentContext()?.traceId, {
          traceparent,
        }),
      ),
    );
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('recorded spans', () => {
  const exporter = new InMemorySpanExporter();
  let stop: () => Promise<void>;
  beforeAll(() => {
    stop = startTracing('kit-test', { spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  });
  afterAll(() => stop());

  it('links entry, outgoing and event spans in one trace and records failures without their message', async () => {
    let published = '';
    await expect(
      inSpan(
        { name: 'entry', kind: SpanKind.SERVER },
        async () => {
          published = markSpan({ name: 'publish', kind: SpanKind.PRODUCER });
          await inSpan({ name: 'outgoing', kind: SpanKind.CLIENT }, async () => {
            throw new Error('身份证号 110101199003071234 有误');
          });
        },
        { traceparent: PARENT },
      ),
    ).rejects.toThrow();
    const spans = exporter.getFinishedSpans();
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['entry', 'outgoing', 'publish']);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(
      new Set(['0af7651916cd43dd8448eb211c80319c']),
    );
    expect(byName.entry!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(byName.outgoing!.parentSpanContext?.spanId).toBe(byName.entry!.spanContext().spanId);
    expect(published).toBe(`00-0af7651916cd43dd8448eb211c80319c-${byName.publish!.spanContext().spanId}-01`);
    expect(byName.outgoing!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Error' });
    expect(JSON.stringify(spans.map((s) => s.events))).not.toContain('110101');
  });
});
