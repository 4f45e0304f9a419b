// OpenTelemetry traces across every hop (issue 20): one clue filed through the gateway yields spans from the
// gateway, intake, and the consumers of intake's events in inspection and finance, all in one trace, each hop the
// child of the one before (gateway request → gRPC call → intake's outbox event → each consumer). The processes
// export by OTLP/HTTP (JSON) to a tiny receiver this test runs, configured only by OTEL_EXPORTER_OTLP_ENDPOINT.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { eventually, ServiceProcess, testInfra, testPiiEnv, tokenFor, uniqueNamespace } from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import { clueBody } from '../support/platform';

jest.setTimeout(240_000);

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
}

// OTLP span kinds (opentelemetry/proto/trace/v1/trace.proto).
const KIND = { SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{
      spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }>;
    }>;
  }>;
}

// OTLP/JSON carries ids as hex; accept base64 too, as some encoders write it.
const hexId = (id: string | undefined) =>
  !id ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');

const spans: ReceivedSpan[] = [];
let receiver: Server;
let infra: InfraEndpoints;
let ns: string;
const procs: ServiceProcess[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const parsed = JSON.parse(body.toString('utf8')) as OtlpJson;
      for (const rs of parsed.resourceSpans ?? []) {
        const service =
          rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service,
              traceId: hexId(s.traceId),
              spanId: hexId(s.spanId),
              parentSpanId: hexId(s.parentSpanId),
              name: s.name,
              kind: s.kind,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  infra = await testInfra();
  ns = uniqueNamespace('traces');
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await new Promise((r) => receiver.close(r));
});

it('a clue through the gateway is one trace across gateway, intake and the consumers of its events', async () => {
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const start = (name: string, env: Record<string, string> = {}) => {
    const p = new ServiceProcess({ name, infra, namespace: ns, env: { ...testPiiEnv(), ...otel, ...env } });
    procs.push(p);
    return p.start();
  };
  const [intake] = await Promise.all([start('intake'), start('inspection'), start('finance')]);
  const gateway = await start('gateway', { INTAKE_GRPC: intake.address });

  const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
  const res = await fetch(`${gateway.url}/api/v1/clues`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json', 'idempotency-key': ns },
    body: JSON.stringify(clueBody(7_100)),
  });
  expect(res.status).toBe(201);
  const traceId = res.headers.get('x-trace-id') ?? '';
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);

  const inTrace = (service: string, kind: number) =>
    spans.filter((s) => s.traceId === traceId && s.service === service && s.kind === kind);
  const consumers = await eventually(async () => {
    const c = [...inTrace('inspection', KIND.CONSUMER), ...inTrace('finance', KIND.CONSUMER)];
    return inTrace('inspection', KIND.CONSUMER).length > 0 && inTrace('finance', KIND.CONSUMER).length > 0
      ? c
      : undefined;
  }, 90_000);

  // The chain, hop by hop: each span's parent is the span of the hop before.
  const [request] = inTrace('gateway', KIND.SERVER);
  expect(request?.parentSpanId).toBe('');
  const call = inTrace('gateway', KIND.CLIENT).find((s) => s.parentSpanId === request?.spanId);
  expect(call?.name).toBe('wage.intake.v1.IntakeService/FileClue');
  const served = inTrace('intake', KIND.SERVER).find((s) => s.parentSpanId === call?.spanId);
  expect(served?.name).toMatch(/^wage.intake.v1.IntakeService\/fileClue$/i);
  const published = inTrace('intake', KIND.PRODUCER);
  expect(published.length).toBeGreaterThan(0);
  expect(published.every((p) => p.parentSpanId === served?.spanId)).toBe(true);
  for (const consumed of consumers) {
    expect(published.map((p) => p.spanId)).toContain(consumed.parentSpanId);
  }
  expect(consumers.map((c) => c.name).join(' ')).toMatch(/CaseRouted/);
  expect(consumers.map((c) => c.name).join(' ')).toMatch(/ClueReceived/);
});
