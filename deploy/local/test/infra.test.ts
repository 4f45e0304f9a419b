// Starts the `test` profile for real (Kafka, mongo-java-server, Keycloak; Redis of the machine) and checks that
// each part does its job. The infrastructure is left running on purpose: other suites reuse it.
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { ensureInfra, infraStatus, type InfraEndpoints } from '../src/index';
import { redisHealthy } from '../src/health';

// A cold first run downloads ~230 MB and lets Keycloak build itself: allow for it.
jest.setTimeout(600_000);

let infra: InfraEndpoints;

beforeAll(async () => {
  infra = await ensureInfra({ profile: 'test', log: (line) => process.stderr.write(`[infra] ${line}\n`) });
});

interface TokenClaims {
  iss: string;
  azp: string;
  aud: string | string[];
  region?: string;
  agency?: string;
  preferred_username?: string;
  realm_access?: { roles: string[] };
}

async function token(
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${infra.keycloakUrl}/realms/wage/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Verifies the RS256 signature against the realm's JWKS and returns the payload. */
async function verifiedClaims(jwt: string): Promise<TokenClaims> {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
    kid: string;
    alg: string;
  };
  expect(alg).toBe('RS256');
  const jwks = (await (
    await fetch(`${infra.keycloakUrl}/realms/wage/protocol/openid-connect/certs`)
  ).json()) as {
    keys: Array<JsonWebKey & { kid: string }>;
  };
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`no key ${kid} in the realm JWKS`);
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
  expect(ok).toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
}

const audiences = (c: TokenClaims) => (Array.isArray(c.aud) ? c.aud : [c.aud]);

describe('kafka', () => {
  const kafka = () =>
    new Kafka({ clientId: 'local-infra-test', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });

  it('creates a topic and carries a message from producer to consumer', async () => {
    const topic = `local-infra.test.${Date.now()}`;
    const admin = kafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      const producer = kafka().producer({ idempotent: true });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'case-1', value: 'hello' }] });
      await producer.disconnect();

      const consumer = kafka().consumer({ groupId: `${topic}.group` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(`${message.key?.toString()}=${message.value?.toString()}`);
          },
        });
      });
      await consumer.disconnect();
      expect(received).toBe('case-1=hello');
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }
  });

  it('does not create topics on the fly', async () => {
    if (infra.source.kafka !== 'local') return; // only our broker's config is known
    const admin = kafka().admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 4 /* BROKER */, name: '1', configNames: ['auto.create.topics.enable'] }],
      });
      expect(resources[0]?.configEntries[0]?.configValue).toBe('false');
    } finally {
      await admin.disconnect();
    }
  });
});

describe('mongo', () => {
  it('answers ping and stores and finds a document', async () => {
    const client = await MongoClient.connect(infra.mongoUrl, { serverSelectionTimeoutMS: 5000 });
    try {
      expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
      const coll = client.db('local_infra_test').collection<{ _id: string; version: number }>('probe');
      const id = `doc-${Date.now()}`;
      await coll.insertOne({ _id: id, version: 1 });
      // The single-document conditional update the services rely on (optimistic concurrency).
      const updated = await coll.findOneAndUpdate(
        { _id: id, version: 1 },
        { $inc: { version: 1 } },
        { returnDocument: 'after' },
      );
      expect(updated?.version).toBe(2);
      expect(await coll.findOneAndUpdate({ _id: id, version: 1 }, { $inc: { version: 1 } })).toBeNull();
      await coll.deleteOne({ _id: id });
    } finally {
      await client.close();
    }
  });
});

describe('keycloak', () => {
  const users: Array<[string, string[], string]> = [
    ['clerk.changji', ['intake-clerk'], '652300'],
    ['inspector.changji', ['labor-inspector'], '652300'],
    ['inspector.lanzhou', ['labor-inspector'], '620100'],
    ['housing.changji', ['housing-officer'], '652300'],
    ['police.changji', ['police-officer'], '652300'],
    ['mediator.changji', ['mediator'], '652300'],
    ['arbitrator.changji', ['arbitrator'], '652300'],
    ['judge.changji', ['judge'], '652300'],
    ['finance.changji', ['finance-officer'], '652300'],
    ['credit.xinjiang', ['credit-officer'], '650000'],
    ['supervisor.xinjiang', ['supervisor', 'pii-reader'], '650000'],
    ['supervisor.changji', ['supervisor'], '652300'],
  ];

  it('serves the discovery document of realm wage', async () => {
    const res = await fetch(`${infra.keycloakUrl}/realms/wage/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { issuer: string; grant_types_supported: string[] };
    expect(doc.issuer).toMatch(/\/realms\/wage$/);
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['password', 'client_credentials']));
  });

  it('issues supervisor.xinjiang a signed token with region, roles and the gateway audience', async () => {
    const res = await token({
      grant_type: 'password',
      client_id: 'wage-portal',
      username: 'supervisor.xinjiang',
      password: 'demo',
    });
    expect(res.status).toBe(200);
    const claims = await verifiedClaims(String(res.body.access_token));
    expect(claims.region).toBe('650000');
    expect(claims.agency).toBe('supervision');
    expect(claims.azp).toBe('wage-portal');
    expect(claims.realm_access?.roles).toEqual(expect.arrayContaining(['supervisor', 'pii-reader']));
    expect(audiences(claims)).toContain('wage-gateway');
    // The realm's 5-minute access tokens (Keycloak counts the second already begun).
    expect(res.body.expires_in).toBeGreaterThanOrEqual(295);
    expect(res.body.expires_in).toBeLessThanOrEqual(300);
  });

  it('issues bank-feed a client-credentials token with region 650000 and the gateway audience', async () => {
    const res = await token({
      grant_type: 'client_credentials',
      client_id: 'bank-feed',
      client_secret: 'bank-feed-dev-secret',
    });
    expect(res.status).toBe(200);
    const claims = await verifiedClaims(String(res.body.access_token));
    expect(claims.azp).toBe('bank-feed');
    expect(claims.region).toBe('650000');
    expect(claims.agency).toBe('bank');
    expect(audiences(claims)).toContain('wage-gateway');
    // A machine feed holds none of the human job roles.
    const jobRoles = users.flatMap(([, roles]) => roles);
    expect(claims.realm_access?.roles.filter((r) => jobRoles.includes(r))).toEqual([]);
  });

  it('lets every demo user log in directly with exactly their roles and region', async () => {
    for (const [username, roles, region] of users) {
      const res = await token({
        grant_type: 'password',
        client_id: 'wage-portal',
        username,
        password: 'demo',
      });
      expect({ username, status: res.status, error: res.body.error_description }).toEqual({
        username,
        status: 200,
        error: undefined,
      });
      const claims = await verifiedClaims(String(res.body.access_token));
      expect(claims.region).toBe(region);
      const jobRoles = (claims.realm_access?.roles ?? []).filter(
        (r) => users.some(([, rs]) => rs.includes(r)) || r === 'platform-admin',
      );
      expect(jobRoles.sort()).toEqual([...roles].sort());
    }
  });

  it('refuses a wrong password and a wrong client secret', async () => {
    // RFC 6749: a bad resource-owner password is invalid_grant (400); a bad client secret is 401.
    const badPassword = await token({
      grant_type: 'password',
      client_id: 'wage-portal',
      username: 'judge.changji',
      password: 'nope',
    });
    expect([badPassword.status, badPassword.body.error]).toEqual([400, 'invalid_grant']);
    const badSecret = await token({
      grant_type: 'client_credentials',
      client_id: 'bank-feed',
      client_secret: 'nope',
    });
    expect(badSecret.status).toBe(401);
    expect(badSecret.body.access_token).toBeUndefined();
  });
});

describe('redis', () => {
  it('answers PING', async () => {
    expect(await redisHealthy(infra.redisUrl)).toBe(true);
  });
});

describe('ensureInfra', () => {
  it('reuses the running processes: same endpoints, same pids, also for concurrent callers', async () => {
    const before = await infraStatus('test');
    const [again, concurrent] = await Promise.all([
      ensureInfra({ profile: 'test' }),
      ensureInfra({ profile: 'test' }),
    ]);
    expect(again).toEqual(infra);
    expect(concurrent).toEqual(infra);
    const after = await infraStatus('test');
    for (const part of ['kafka', 'mongo', 'keycloak'] as const) {
      if (infra.source[part] !== 'local') continue;
      expect(before[part].running).toBe(true);
      expect(after[part].pid).toBe(before[part].pid);
    }
  });

  it('reports the endpoints of parts it was not asked to start', async () => {
    const onlyMongo = await ensureInfra({ profile: 'test', parts: ['mongo'] });
    expect(onlyMongo).toEqual(infra);
  });
});
