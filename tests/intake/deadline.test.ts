// A clue filing the gateway gave up on (504) must not succeed silently: the answer tells the clerk that it
// may have taken effect and to retry with the same Idempotency-Key, and that retry finds the first result
// instead of filing the clue twice. intake is frozen (SIGSTOP) so the gateway's deadline passes for sure;
// once thawed it works through the request the gateway abandoned.
import mongoose from 'mongoose';
import { databaseUrl, eventually, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import { clueBody } from '../support/platform';

jest.setTimeout(180_000);

let infra: InfraEndpoints;
let namespace: string;
let intake: ServiceProcess;
let gateway: ServiceProcess;
let clerk: string;

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('deadline');
  intake = await new ServiceProcess({ name: 'intake', infra, namespace }).start();
  gateway = await new ServiceProcess({
    name: 'gateway',
    infra,
    namespace,
    env: { INTAKE_GRPC: intake.address, UPSTREAM_DEADLINE_MS: '1500' },
  }).start();
  clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
});
afterAll(async () => {
  if (intake?.pid) process.kill(intake.pid, 'SIGCONT');
  await Promise.all([gateway?.stop(), intake?.stop()]);
});

const file = (body: unknown, key?: string) =>
  fetch(`${gateway.url}/api/v1/clues`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${clerk}`,
      'content-type': 'application/json',
      ...(key ? { 'Idempotency-Key': key } : {}),
    },
    body: JSON.stringify(body),
  });

describe('a clue filing past the gateway deadline', () => {
  it('answers 504 telling the clerk to retry with the same key, and the retry finds the first result', async () => {
    const key = `deadline-${Date.now()}`;
    const body = clueBody(7701, { employer: { name: '昌吉超时测试建筑有限公司' }, projectId: 'deadline-p1' });

    process.kill(intake.pid!, 'SIGSTOP');
    let first: Response;
    try {
      first = await file(body, key);
    } finally {
      process.kill(intake.pid!, 'SIGCONT');
    }
    expect(first.status).toBe(504);
    expect(first.headers.get('idempotency-key')).toBe(key);
    const problem = (await first.json()) as { detail: string };
    expect(problem.detail).toContain('同一 Idempotency-Key 重试');
    expect(problem.detail).toContain('可能已经生效');

    // The retry with the same key is answered with one clue, and again with the same one.
    const retried = await eventually(async () => {
      const r = await file(body, key);
      return r.status === 201 ? ((await r.json()) as { id: string; caseId: string }) : undefined;
    });
    const again = await file(body, key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(retried.id);

    // Whatever intake did with the abandoned request, the clue exists once.
    const conn = await mongoose
      .createConnection(databaseUrl(infra.mongoUrl, `${namespace}-intake`))
      .asPromise();
    try {
      await eventually(async () =>
        (await conn.collection('clues').countDocuments({})) >= 1 ? true : undefined,
      );
      const clues = await conn.collection('clues').find({ projectId: 'deadline-p1' }).toArray();
      expect(clues.map((c) => c._id)).toEqual([retried.id]);
    } finally {
      await conn.close();
    }
  });

  it('without a key, the 504 says the filing may have taken effect and asks for a key next time', async () => {
    process.kill(intake.pid!, 'SIGSTOP');
    let res: Response;
    try {
      res = await file(clueBody(7702, { projectId: 'deadline-p2' }));
    } finally {
      process.kill(intake.pid!, 'SIGCONT');
    }
    expect(res.status).toBe(504);
    expect(res.headers.get('idempotency-key')).toBeNull();
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toContain('可能已经生效');
    expect(problem.detail).toContain('Idempotency-Key');
  });
});
