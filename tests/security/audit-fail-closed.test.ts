// A command whose audit intent cannot be written is refused (503) and never reaches the service: the
// gateway's audit store is a closed port, the rest is real (gateway, intake, Keycloak, MongoDB-protocol server).
import mongoose from 'mongoose';
import { databaseUrl, freePort, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import { clueBody } from '../support/platform';

jest.setTimeout(180_000);
let infra: Awaited<ReturnType<typeof testInfra>>;
let namespace: string;
let intake: ServiceProcess;
let gateway: ServiceProcess;

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('audit-closed');
  intake = await new ServiceProcess({ name: 'intake', infra, namespace }).start();
  gateway = await new ServiceProcess({
    name: 'gateway',
    infra,
    namespace,
    env: {
      INTAKE_GRPC: intake.address,
      AUDIT_MONGO_URL: `mongodb://127.0.0.1:${await freePort()}/audit?directConnection=true`,
    },
  }).start();
});
afterAll(() => Promise.all([gateway.stop(), intake.stop()]));

async function clueCount(): Promise<number> {
  const conn = await mongoose
    .createConnection(databaseUrl(infra.mongoUrl, `${namespace}-intake`))
    .asPromise();
  try {
    return await conn.collection('clues').countDocuments();
  } finally {
    await conn.close();
  }
}

it('refuses a clerk filing a clue with 503 and files nothing when the audit log cannot be written', async () => {
  const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
  const res = await fetch(`${gateway.url}/api/v1/clues`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${clerk}`,
      'content-type': 'application/json',
      'idempotency-key': 'k1',
    },
    body: JSON.stringify(clueBody(901)),
  });
  expect(res.status).toBe(503);
  const problem = (await res.json()) as { detail: string };
  expect(problem.detail).toContain('审计日志暂不可写');
  expect(await clueCount()).toBe(0);
  // Reads are not held hostage by the audit store.
  const list = await fetch(`${gateway.url}/api/v1/clues?regionCode=652300`, {
    headers: { authorization: `Bearer ${clerk}` },
  });
  expect(list.status).toBe(200);
});
