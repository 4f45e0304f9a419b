// The ledger under fire: 1,000 mixed movements (deposits, draws, advances, repayments), each with an
// idempotency key and retried by the caller until acknowledged, while the finance process is killed with
// SIGKILL at random moments from outside and at random steps of a posting from inside. Afterwards every
// acknowledged movement is in the ledger exactly once, every posting balances, every balance equals the sum
// of its lines and the caller's own sums, and no deposit, fund or claim ever went below zero.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { yearOf, shanghaiDate } from '@wage/cn';
import { DomainError, eventsTopic, idFromIdempotencyKey } from '@wage/kit';
import {
  databaseUrl,
  eventually,
  repoRoot,
  ServiceProcess,
  testInfra,
  tokenFor,
  TopicReader,
  uniqueNamespace,
} from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import {
  APPROVED,
  FakeInspection,
  financeClient,
  projectRequest,
  sleep,
  uscc,
  type FinanceClient,
} from './support';

jest.setTimeout(240_000);

const MOVEMENTS = 1_000;
const WORKERS = 8;
const PROJECTS = 4;
const COUNTIES = ['652301', '652302'];
const FUND_BUDGET = 2_000_000; // ¥20,000 a county: advances run into the limit and repayments refill it

let infra: InfraEndpoints;
let svc: ServiceProcess;
let confirmer: FakeInspection;
let api: FinanceClient;
let namespace: string;
const year = yearOf(shanghaiDate(new Date()));

type Kind = 'deposit' | 'draw' | 'advance' | 'repayment';
interface Ack {
  kind: Kind;
  key: string;
  ok: boolean;
  /** What moved: deposited, drawn, advanced or repaid. */
  fen: number;
  postingId: string;
  projectId?: string;
  caseId?: string;
  county?: string;
  claimId?: string;
}

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('finance-crash');
  confirmer = await new FakeInspection().start();
  svc = new ServiceProcess({
    name: 'finance',
    infra,
    namespace,
    env: {
      // The local MongoDB-protocol server now and then leaves a request unread after a burst of reconnects
      // (its bytes sit in the server's socket queue); a socket timeout turns that into an error the ledger
      // retries instead of a call that never returns.
      MONGO_URL: `${databaseUrl(infra.mongoUrl, `${namespace}-finance`)}&socketTimeoutMS=5000`,
      EMERGENCY_FUND_REGIONS: '652300',
      EMERGENCY_FUND_BUDGET_FEN: String(FUND_BUDGET),
      INSPECTION_GRPC: confirmer.address,
      LEDGER_RECOVERY_EVERY_MS: '300',
      LEDGER_RECOVERY_AGE_MS: '300',
      LEDGER_COMPACTION_EVERY_MS: '1000',
      LEDGER_COMPACTION_GRACE_MS: '5000',
      // a SIGKILL at a random step inside a posting, besides the ones from outside
      WAGE_FAULT: 'ledger-crash:0.001',
    },
  });
  await startResilient();
  // Reconnect quickly after each restart instead of grpc-js's default backoff (1 s growing to 2 min).
  api = financeClient(svc.address, {
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 500,
  });
});

/** Set when the movements are done (or the test gave up): the supervisor stops killing and restarting. */
let done = false;
let supervisor: Promise<void> = Promise.resolve();

afterAll(async () => {
  done = true;
  await supervisor;
  api?.close();
  await svc?.stop();
  confirmer?.stop();
});

let starts = 0;

/**
 * A start may itself be cut short by an injected crash (completing postings at start): start again. Each
 * start joins a fresh consumer group (finance consumes intake's events), so it does not wait out the session
 * of the member that was just killed.
 */
async function startResilient(): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await svc.start({ KAFKA_GROUP_ID: `${namespace}.finance.${++starts}` });
      return;
    } catch (e) {
      await svc.kill();
      if (i > 20) throw e;
    }
  }
}

const token = (user: string) => tokenFor(infra.keycloakUrl, user);
const RETRYABLE = new Set(['unavailable', 'deadline_exceeded', 'internal', 'conflict']);

/** Calls until the service answers: a result, or a business refusal. */
async function untilAcknowledged<T>(
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: DomainError }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, value: await call() };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.kind === 'rule_violation') return { ok: false, error: e };
      if (!RETRYABLE.has(e.kind) || attempt > 400 || done) throw e;
      await sleep(100 + Math.random() * 200);
    }
  }
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

it('keeps the ledger whole through 1,000 movements and random SIGKILLs', async () => {
  const housing = await token('housing.changji');
  const projects: string[] = [];
  for (let i = 0; i < PROJECTS; i++) {
    const p = await untilAcknowledged(() =>
      api.createProject(projectRequest(500 + i, { contractPriceFen: String(5_000_000_00) }), housing, {
        idempotencyKey: `crash-project-${i}`,
      }),
    );
    if (!p.ok) throw p.error;
    projects.push(p.value.id);
  }

  const acks: Ack[] = [];
  /** Claims known from acknowledged advances, with what the caller believes is still owed. */
  const claims: Array<{ claimId: string; county: string; owed: number }> = [];
  let next = 0;
  let outsideKills = 0;
  let crashes = 0;

  supervisor = (async () => {
    while (!done) {
      const died = svc.waitExit().then(() => 'died' as const);
      const outcome = await Promise.race([died, sleep(between(2_000, 4_000)).then(() => 'timer' as const)]);
      if (done) break;
      if (outcome === 'timer') outsideKills += 1;
      else crashes += 1;
      await svc.kill();
      await startResilient();
    }
  })();

  async function movement(i: number): Promise<Ack> {
    const key = `m-${i}`;
    const roll = Math.random();
    const owed = claims.filter((c) => c.owed > 0);
    if (roll < 0.2 && owed.length > 0) {
      const c = pick(owed);
      const amount = between(1, c.owed);
      c.owed -= amount; // reserved; given back if refused
      const r = await untilAcknowledged(async () =>
        api.repay(
          { claimId: c.claimId, amountFen: String(amount), reference: key },
          await token('finance.changji'),
          { idempotencyKey: key },
        ),
      );
      if (!r.ok) c.owed += amount;
      return {
        kind: 'repayment',
        key,
        ok: r.ok,
        fen: r.ok ? amount : 0,
        postingId: r.ok ? r.value.repaymentId : idFromIdempotencyKey(`repayment:${c.claimId}`, key),
        claimId: c.claimId,
        county: c.county,
      };
    }
    if (roll < 0.45) {
      const county = pick(COUNTIES);
      const caseId = `adv-${i}`;
      const amount = between(1_000, 400_000);
      const r = await untilAcknowledged(async () =>
        api.advance(
          {
            requestId: APPROVED,
            caseId,
            regionCode: county,
            amountFen: String(amount),
            employer: { name: `某劳务公司${i}`, uscc: uscc(i) },
          },
          await token('chief.changji'),
          {
            idempotencyKey: key,
          },
        ),
      );
      if (r.ok) claims.push({ claimId: r.value.recoveryClaimId, county, owed: amount });
      return {
        kind: 'advance',
        key,
        ok: r.ok,
        fen: r.ok ? amount : 0,
        postingId: r.ok ? r.value.advanceId : '',
        caseId,
        county,
        ...(r.ok ? { claimId: r.value.recoveryClaimId } : {}),
      };
    }
    const projectId = pick(projects);
    if (roll < 0.75) {
      const amount = between(1, 60_000);
      const form = pick(['cash', 'bank_guarantee']);
      const r = await untilAcknowledged(async () =>
        api.recordDeposit(
          { projectId, amountFen: String(amount), form, reference: key },
          await token('finance.changji'),
          {
            idempotencyKey: key,
          },
        ),
      );
      if (!r.ok) throw r.error; // a deposit is never refused
      return { kind: 'deposit', key, ok: true, fen: amount, postingId: r.value.depositId, projectId };
    }
    const caseId = `draw-${i % 97}`;
    const amount = between(1, 80_000);
    const r = await untilAcknowledged(async () =>
      api.drawDeposit(
        { requestId: APPROVED, caseId, projectId, amountFen: String(amount), workers: [] },
        await token('chief.changji'),
        { idempotencyKey: key },
      ),
    );
    if (r.ok) expect(Number(r.value.drawnFen)).toBeLessThanOrEqual(amount);
    return {
      kind: 'draw',
      key,
      ok: r.ok,
      fen: r.ok ? Number(r.value.drawnFen) : 0,
      postingId: r.ok ? r.value.drawId : idFromIdempotencyKey(`draw:${caseId}`, key),
      projectId,
      caseId,
    };
  }

  try {
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < MOVEMENTS && !done) acks.push(await movement(next++));
      }),
    );
  } finally {
    done = true;
    await supervisor;
  }
  if (!svc.pid) await startResilient();

  // ---- what the caller was told ----
  const count = (kind: Kind, ok = true) => acks.filter((a) => a.kind === kind && a.ok === ok).length;
  console.log(
    `movements ${acks.length}: deposits ${count('deposit')}, draws ${count('draw')} (+${count('draw', false)} refused), ` +
      `advances ${count('advance')} (+${count('advance', false)} refused), repayments ${count('repayment')} (+${count('repayment', false)} refused); ` +
      `SIGKILLs from outside ${outsideKills}, at random steps inside ${crashes}`,
  );
  expect(acks).toHaveLength(MOVEMENTS);
  expect(outsideKills + crashes).toBeGreaterThanOrEqual(3);

  // ---- the service completes what the crashes left pending, and the ledger verifies ----
  const supervisorToken = await token('supervisor.xinjiang');
  const verified = await eventually(async () => {
    const v = await api.verifyLedger({}, supervisorToken);
    return v.pending === 0 ? v : undefined;
  }, 60_000);
  expect(verified).toMatchObject({
    ok: true,
    pending: 0,
    unbalancedPostings: [],
    mismatches: [],
    negativeAccounts: [],
  });
  const cli = JSON.parse(
    execFileSync(
      process.execPath,
      [join(repoRoot(), 'services/finance/dist/cli/verifyLedger.js'), '--json'],
      {
        env: {
          ...process.env,
          MONGO_URL: databaseUrl(infra.mongoUrl, `${namespace}-finance`),
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
      },
    ),
  ) as { ok: boolean; pending: number };
  expect(cli).toMatchObject({ ok: true, pending: 0 });

  // ---- every acknowledged movement is in the ledger exactly once ----
  const conn = await mongoose
    .createConnection(databaseUrl(infra.mongoUrl, `${namespace}-finance`))
    .asPromise();
  try {
    const postings = await conn.collection('ledger_postings').find({}).toArray();
    const byId = new Map(postings.map((p) => [String(p._id), p]));
    for (const a of acks.filter((x) => x.ok)) {
      const p = byId.get(a.postingId);
      expect({ key: a.key, status: p?.status, amountFen: p?.amountFen }).toEqual({
        key: a.key,
        status: 'applied',
        amountFen: a.fen,
      });
    }
    for (const a of acks.filter((x) => !x.ok && x.kind !== 'advance')) {
      expect({ key: a.key, status: byId.get(a.postingId)?.status }).toEqual({
        key: a.key,
        status: 'rejected',
      });
    }
    for (const a of acks.filter((x) => !x.ok && x.kind === 'advance')) {
      expect(
        postings.filter((p) => p.kind === 'advance' && p.caseId === a.caseId).map((p) => p.status),
      ).toEqual(['rejected']);
    }
    // nothing applied that the caller was not told about, nothing applied twice
    for (const kind of ['deposit', 'draw', 'advance', 'repayment'] as const) {
      expect({
        kind,
        applied: postings.filter((p) => p.kind === kind && p.status === 'applied').length,
      }).toEqual({ kind, applied: count(kind) });
    }
    expect(postings.filter((p) => p.kind === 'budget' && p.status === 'applied')).toHaveLength(
      COUNTIES.length,
    );

    // ---- balances equal the caller's own sums; none below zero ----
    const accounts = new Map(
      (await conn.collection('ledger_accounts').find({}).toArray()).map((a) => [
        String(a._id),
        Number(a.balanceFen),
      ]),
    );
    const sum = (xs: Ack[]) => xs.reduce((s, a) => s + a.fen, 0);
    for (const projectId of projects) {
      const mine = acks.filter((a) => a.ok && a.projectId === projectId);
      const expected =
        sum(mine.filter((a) => a.kind === 'deposit')) - sum(mine.filter((a) => a.kind === 'draw'));
      expect({ projectId, balance: accounts.get(`deposit:${projectId}`) ?? 0 }).toEqual({
        projectId,
        balance: expected,
      });
      expect(expected).toBeGreaterThanOrEqual(0);
    }
    for (const county of COUNTIES) {
      const mine = acks.filter((a) => a.ok && a.county === county);
      const expected =
        FUND_BUDGET -
        sum(mine.filter((a) => a.kind === 'advance')) +
        sum(mine.filter((a) => a.kind === 'repayment'));
      expect({ county, balance: accounts.get(`fund:${county}:${year}`) }).toEqual({
        county,
        balance: expected,
      });
      expect(expected).toBeGreaterThanOrEqual(0);
      expect(expected).toBeLessThanOrEqual(FUND_BUDGET);
    }
    for (const a of acks.filter((x) => x.ok && x.kind === 'advance')) {
      const repaid = sum(acks.filter((x) => x.ok && x.kind === 'repayment' && x.claimId === a.claimId));
      expect({ claim: a.claimId, owed: accounts.get(`recovery:${a.claimId}`) }).toEqual({
        claim: a.claimId,
        owed: a.fen - repaid,
      });
    }
    const claimDocs = await conn.collection('recovery_claims').countDocuments({});
    expect(claimDocs).toBe(count('advance'));
  } finally {
    await conn.close();
  }

  // ---- and every applied movement was published (at least once) through the outbox ----
  const wanted = new Set(acks.filter((a) => a.ok).map((a) => a.postingId));
  const idOf = (payload: unknown) =>
    String(
      (payload as Record<string, unknown>).depositId ||
        (payload as Record<string, unknown>).drawId ||
        (payload as Record<string, unknown>).advanceId ||
        (payload as Record<string, unknown>).repaymentId ||
        '',
    );
  const reader = await new TopicReader(TopicReader.kafka(infra.kafkaBrokers)).start(
    eventsTopic('finance', `${namespace}.`),
  );
  try {
    await eventually(async () => {
      const seen = new Set(reader.events.map((e) => idOf(e.payload)));
      return [...wanted].every((id) => seen.has(id)) ? true : undefined;
    }, 60_000).catch(() => undefined);
  } finally {
    await reader.stop();
  }
  const events = reader.events;
  const published = new Set(events.map((e) => idOf(e.payload)));
  expect([...wanted].filter((id) => !published.has(id))).toEqual([]);
});
