// Horizontal scale of finance, mediation and credit on the real local Kafka and MongoDB-protocol server (issue 20):
// two instances of each behind two gateways (each gateway fronting one instance of each). Commands (projects)
// go through both gateways and land once; mediation consumes intake's routings, finance intake's clues, credit
// finance's registrations, each group split over its two members. Then one instance of each is SIGKILLed (for
// finance the relay's lease holder) and the survivors take over the partitions and the relay: every event is
// handled exactly once, nothing lost or doubled.
import type { Connection } from 'mongoose';
import { eventually, tokenFor, type ServiceProcess } from '@wage/testing';
import { clueBody } from '../support/platform';
import { projectBody } from '../inspection/support';
import { Cluster, groupAssignment, leaseOwners, postJson } from './support';

jest.setTimeout(480_000);

const cluster = new Cluster();
const dbs: Connection[] = [];
const instance = (name: string, env: Record<string, string> = {}) => cluster.instance(name, env).start();
const db = async (service: string) => {
  const c = await cluster.db(service);
  dbs.push(c);
  return c;
};

/** Retries while the gateway's upstream is briefly away (a killed instance's gateway is not used after). */
async function until<T>(status: number, send: () => Promise<{ status: number; body: T }>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const r = await send();
    if (r.status === status) return r.body;
    if (attempt > 30) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

beforeAll(async () => {
  await cluster.init('scale2');
});

afterAll(async () => {
  await Promise.all(dbs.map((c) => c.close()));
  await cluster.stop();
});

it('two instances of finance, mediation and credit: split, lease, exactly once, takeover', async () => {
  const intake = await instance('intake');
  // Two at a time: six processes starting at once on a small machine outlast the readiness wait.
  const pair = (name: string) => Promise.all([instance(name), instance(name)]);
  const [financeA, financeB] = await pair('finance');
  const [mediationA, mediationB] = await pair('mediation');
  const [creditA, creditB] = await pair('credit');
  const gatewayTo = (finance: ServiceProcess, mediation: ServiceProcess, credit: ServiceProcess) =>
    instance('gateway', {
      INTAKE_GRPC: intake.address,
      FINANCE_GRPC: finance.address,
      MEDIATION_GRPC: mediation.address,
      CREDIT_GRPC: credit.address,
    });
  const [gatewayA, gatewayB] = await Promise.all([
    gatewayTo(financeA, mediationA, creditA),
    gatewayTo(financeB, mediationB, creditB),
  ]);
  const { ns, kafka, infra } = cluster;
  const topic = (service: string) => `${ns}.wage.${service}.events.v1`;
  const groups = [
    { group: `${ns}.mediation`, topic: topic('intake') },
    { group: `${ns}.finance`, topic: topic('intake') },
    { group: `${ns}.credit`, topic: topic('finance') },
  ];

  // Each consumer group spreads its topic's partitions over both instances, none held twice.
  for (const { group, topic: t } of groups) {
    const split = await eventually(async () => {
      const a = await groupAssignment(kafka, group, t);
      return a.length === 2 && a.every((p) => p.length > 0) ? a : undefined;
    }, 90_000);
    expect([group, split.flat().sort((x, y) => x - y)]).toEqual([group, [0, 1, 2, 3, 4, 5]]);
  }

  const [financeDb, mediationDb, creditDb] = await Promise.all([
    db('finance'),
    db('mediation'),
    db('credit'),
  ]);
  const holder = await eventually(async () => {
    const owners = await leaseOwners(financeDb);
    return owners.length === 1 ? owners[0] : undefined;
  }, 30_000);
  expect([cluster.ownerOf(financeA), cluster.ownerOf(financeB)]).toContain(holder);

  const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
  const housing = await tokenFor(infra.keycloakUrl, 'housing.changji');
  const gateways = [gatewayA, gatewayB];
  const projects = new Set<string>();
  const cases = new Set<string>();
  // One worker's dispute over an amount, outside a construction project: filed by the clerk, intake routes it
  // to mediation.
  const file = async (gateway: ServiceProcess, i: number) => {
    const clue = await until(201, () =>
      postJson<{ id: string; caseId: string }>(
        `${gateway.url}/api/v1/clues`,
        clerk,
        clueBody(6_000 + i, { workerCount: 1, projectId: undefined }),
        `${ns}-clue-${i}`,
      ),
    );
    await until(200, () =>
      postJson(
        `${gateway.url}/api/v1/clues/${clue.id}/decision`,
        clerk,
        { decision: 'filed' },
        `${ns}-file-${i}`,
      ),
    );
    return clue;
  };
  const register = (gateway: ServiceProcess, i: number) =>
    postJson<{ id: string }>(
      `${gateway.url}/api/v1/projects`,
      housing,
      projectBody(i, 'S', 9_000),
      `${ns}-project-${i}`,
    );

  // Commands through both gateways, so through both instances; a retry through the other lands once.
  for (let i = 0; i < 12; i++) {
    const once = await register(gateways[i % 2]!, i);
    const again = await register(gateways[(i + 1) % 2]!, i);
    expect([once.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(once.body.id);
    projects.add(once.body.id);
    cases.add((await file(gateways[i % 2]!, i)).caseId);
  }

  // SIGKILL finance's relay holder and one instance each of mediation and credit; the survivors go on alone.
  const [deadFinance, liveFinance] =
    holder === cluster.ownerOf(financeA) ? [financeA, financeB] : [financeB, financeA];
  await Promise.all([deadFinance.kill(), mediationA.kill(), creditA.kill()]);
  // The survivors' gateway: the one fronting the live finance, or a third one when it is not gateway B.
  const gateway =
    liveFinance === financeB
      ? gatewayB
      : await instance('gateway', {
          INTAKE_GRPC: intake.address,
          FINANCE_GRPC: financeA.address,
          MEDIATION_GRPC: mediationB.address,
          CREDIT_GRPC: creditB.address,
        });
  for (let i = 12; i < 24; i++) {
    projects.add((await until(201, () => register(gateway, i))).id);
    cases.add((await file(gateway, i)).caseId);
  }
  expect(projects.size).toBe(24);
  expect(cases.size).toBe(24);
  expect(await financeDb.collection('projects').countDocuments()).toBe(24);

  // The survivors hold every partition, and the live finance the relay once the dead holder's lease lapsed.
  for (const { group, topic: t } of groups) {
    const takeover = await eventually(async () => {
      const a = await groupAssignment(kafka, group, t);
      return a.length === 1 ? a : undefined;
    }, 90_000);
    expect([group, takeover]).toEqual([group, [[0, 1, 2, 3, 4, 5]]]);
  }
  await eventually(
    async () => ((await leaseOwners(financeDb))[0] === cluster.ownerOf(liveFinance) ? true : undefined),
    60_000,
  );

  // Nothing lost, nothing doubled: one mediation case per routed case, one credit fact per registration.
  const mediationCases = mediationDb.collection('mediation_cases');
  const creditProjects = creditDb.collection('projects');
  await eventually(
    async () =>
      (await mediationCases.countDocuments()) >= cases.size &&
      (await creditProjects.countDocuments()) >= projects.size
        ? true
        : undefined,
    120_000,
  );
  await new Promise((r) => setTimeout(r, 2_000)); // a redelivered duplicate would land by now
  const opened = await mediationCases.find({}, { projection: { caseId: 1 } }).toArray();
  expect(opened.map((d) => d.caseId as string).sort()).toEqual([...cases].sort());
  expect(
    (await creditProjects.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)).sort(),
  ).toEqual([...projects].sort());
  const profiles = await creditDb
    .collection('enterprise_profiles')
    .find({}, { projection: { facts: 1 } })
    .toArray();
  const registered = profiles.flatMap((p) =>
    (p.facts as Array<{ kind: string; caseId: string }>).filter((f) => f.kind === 'project_registered'),
  );
  expect(registered.map((f) => f.caseId).sort()).toEqual([...projects].sort());
  // The outboxes drained: the live finance's relay published what the dead holder had not.
  expect(await financeDb.collection('projects').countDocuments({ 'outbox.id': { $exists: true } })).toBe(0);
});
