// Public intake limits (real gateway and intake, real Redis): one IPv6 /64 is one client, the proxy hop
// count decides which X-Forwarded-For entry is the client, and with Redis away reads and writes fail closed.
import { freePort, ServiceProcess, testInfra, uniqueNamespace } from '@wage/testing';
import { clueBody } from '../support/platform';
import { documentCount } from '../support/fixtures';

jest.setTimeout(240_000);
let infra: Awaited<ReturnType<typeof testInfra>>;
let namespace: string;
let intake: ServiceProcess;

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('ratelimit');
  intake = await new ServiceProcess({ name: 'intake', infra, namespace }).start();
});
afterAll(() => intake.stop());

async function gatewayWith(env: Record<string, string>): Promise<ServiceProcess> {
  return new ServiceProcess({
    name: 'gateway',
    infra,
    namespace: `${namespace}-${Object.keys(env).length}${Date.now().toString(36)}`,
    env: { INTAKE_GRPC: intake.address, ...env },
  }).start();
}

const clueCount = () => documentCount(infra.mongoUrl, `${namespace}-intake`, 'clues');

const publicClue = (n: number) => {
  const { regionCode, employer, amountFen, workerCount, description, reporter } = clueBody(n) as Record<
    string,
    unknown
  >;
  return { regionCode, employer, amountFen, workerCount, description, reporter };
};

it('answers public reads and writes 503 when Redis is down, and files nothing', async () => {
  const gw = await gatewayWith({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
  try {
    const before = await clueCount();
    const write = await fetch(`${gw.url}/api/v1/public/clues`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(publicClue(31)),
    });
    expect(write.status).toBe(503);
    const read = await fetch(`${gw.url}/api/v1/public/clues/NOPE123`, { headers: { 'x-access-code': 'x' } });
    expect(read.status).toBe(503);
    expect(await clueCount()).toBe(before);
  } finally {
    await gw.stop();
  }
});

it('counts one IPv6 /64 behind one trusted proxy as one client, whatever the client claims further left', async () => {
  const gw = await gatewayWith({ PUBLIC_RATE_LIMIT: '3', TRUST_PROXY: '1' });
  try {
    const track = (forwardedFor: string) =>
      fetch(`${gw.url}/api/v1/public/clues/NOPE123`, {
        headers: { 'x-access-code': 'x', 'x-forwarded-for': forwardedFor },
      }).then((r) => r.status);
    const statuses: number[] = [];
    // Each request forges a fresh leftmost entry and rotates the address inside one /64.
    for (let i = 1; i <= 5; i++) statuses.push(await track(`10.9.9.${i}, 2001:db8:77:1::${i.toString(16)}`));
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
    // Another /64 is another client.
    expect(await track('2001:db8:77:2::1')).not.toBe(429);
  } finally {
    await gw.stop();
  }
});
