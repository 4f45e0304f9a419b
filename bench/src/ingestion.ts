import { callAsGateway, gatewayChannel } from '@wage/testing';
// Ingestion benchmark (finance monitoring): attendance and payroll feeds through the gateway (REST, bank-feed
// token) and straight through the finance service's gRPC, with warning evaluation on after every batch, against
// raw unordered insertMany of equivalent documents into the same MongoDB server measured in the same run.
// Prints records/s, the ratios and the resident memory of the finance and gateway processes; asserts nothing.
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { CLIENT_CHANNEL_OPTIONS } from '@wage/kit';
import { finance as pb } from '@wage/proto';
import { shanghaiDate } from '@wage/cn';
import { residentId, rssMb, uscc } from './fixtures';
import {
  clientToken,
  databaseUrl,
  ServiceProcess,
  testInfra,
  tokenFor,
  uniqueNamespace,
} from '@wage/testing';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 2_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 10); // attendance records per path = WORKERS × DAYS
const PAYMENTS_PER_WORKER = Number(process.env.BENCH_PAYMENTS_PER_WORKER ?? 5);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** Runs batches `CONCURRENCY` at a time; returns elapsed ms and the sums of accepted / rejected. */
async function drive<T>(batches: T[], send: (b: T) => Promise<{ accepted: number; rejected: number }>) {
  const t0 = Date.now();
  let accepted = 0;
  let rejected = 0;
  const queue = [...batches];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        const r = await send(b);
        accepted += r.accepted;
        rejected += r.rejected;
      }
    }),
  );
  return { ms: Date.now() - t0, accepted, rejected };
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

async function main() {
  const infra = await testInfra();
  const ns = uniqueNamespace('bench-ingest');
  const today = shanghaiDate(new Date());
  const month = today.slice(0, 7);
  const finance = await new ServiceProcess({ name: 'finance', infra, namespace: ns }).start();
  const gateway = await new ServiceProcess({
    name: 'gateway',
    infra,
    namespace: ns,
    env: { FINANCE_GRPC: finance.address },
  }).start();
  // The test server keeps everything in memory and is shared: whatever happens, this run's data goes.
  const cleanup = async () => {
    await Promise.allSettled([gateway.stop(), finance.stop()]);
    const c = await mongoose.createConnection(infra.mongoUrl).asPromise();
    for (const s of ['finance', 'gateway', 'raw1', 'raw2'])
      await c
        .useDb(`${ns}-${s}`)
        .dropDatabase()
        .catch(() => undefined);
    await c.close();
  };
  try {
    await measure(infra, ns, today, month, finance, gateway);
  } finally {
    await cleanup();
  }
}

async function measure(
  infra: Awaited<ReturnType<typeof testInfra>>,
  ns: string,
  today: string,
  month: string,
  finance: ServiceProcess,
  gateway: ServiceProcess,
) {
  let peakFinance = rssMb(finance.pid);
  let peakGateway = rssMb(gateway.pid);
  const sampler = setInterval(() => {
    peakFinance = Math.max(peakFinance, rssMb(finance.pid));
    peakGateway = Math.max(peakGateway, rssMb(gateway.pid));
  }, 200);
  const housing = await tokenFor(infra.keycloakUrl, 'housing.changji');
  const bank = await clientToken(infra.keycloakUrl, 'bank-feed', 'bank-feed-dev-secret');
  const rest = async (method: string, path: string, token: string, body: unknown) => {
    const res = await fetch(`${gateway.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  const client = new pb.MonitoringServiceClient(finance.address, gatewayChannel(), CLIENT_CHANNEL_OPTIONS);
  const grpc = {
    attendance: (req: pb.RecordAttendanceRequest) =>
      callAsGateway(client.recordAttendance.bind(client), req, { token: bank, deadlineMs: 120_000 }),
    payroll: (req: pb.RecordPayrollRequest) =>
      callAsGateway(client.recordPayroll.bind(client), req, { token: bank, deadlineMs: 120_000 }),
  };

  const workers = Array.from({ length: WORKERS }, (_, i) => ({
    name: `工人${i}`,
    idNumber: residentId(10_000 + i),
    phone: `139${String(i).padStart(8, '0')}`,
  }));
  const dates = Array.from({ length: DAYS }, (_, i) =>
    new Date(Date.parse(`${today}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10),
  );
  const attendance = dates.flatMap((date) => workers.map((w) => ({ idNumber: w.idNumber, date })));
  const payments = Array.from({ length: PAYMENTS_PER_WORKER }, (_, k) => k).flatMap((k) =>
    workers.map((w, i) => ({
      idNumber: w.idNumber,
      amountFen: 20_000,
      paidAt: new Date(Date.now() - (k * WORKERS + i) * 1_000).toISOString(),
    })),
  );
  const project = async (n: number) => {
    const p = await rest('post', '/projects', housing, {
      name: `基准测试第${n}号楼`,
      regionCode: '652301',
      industry: 'housing',
      contractorUscc: uscc(90_000 + n),
      contractorName: `基准第${n}建筑公司`,
      ownerName: '昌吉某房地产开发公司',
      contractPriceFen: 1_000_000_000,
      permitDate: today,
    });
    await rest('post', `/projects/${p.id as string}/workers`, housing, { workers });
    return p.id as string;
  };
  const [viaGrpc, viaGateway] = [await project(1), await project(2)];
  console.log(
    `ingestion benchmark: ${attendance.length} attendance and ${payments.length} payroll records per path, ${WORKERS} workers, batches of ${BATCH}, ${CONCURRENCY} in flight`,
  );

  // Raw limit: the same documents (keys, hashes, fields) inserted unordered into the same server.
  const conn = await mongoose.createConnection(databaseUrl(infra.mongoUrl, `${ns}-raw`)).asPromise();
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  const at = new Date();
  const rawAttendance = attendance.map((r) => {
    const h = hash(r.idNumber);
    return { _id: `raw|${h}|${r.date}`, p: 'raw', h, m: r.date.slice(0, 7), d: r.date, at };
  });
  const rawPayments = payments.map((r) => {
    const h = hash(r.idNumber);
    return {
      _id: hash(`${h}|${r.paidAt}`).slice(0, 32),
      p: 'raw',
      h,
      m: month,
      y: month.slice(0, 4),
      fen: r.amountFen,
      paidAt: new Date(r.paidAt),
      at,
    };
  });
  // Measured before and after the service runs: the in-memory test server slows as it fills, so both are shown.
  const rawRun = async (db: string) => {
    const c = conn.useDb(db);
    const a = await drive(
      chunks(rawAttendance, BATCH),
      async (b) => (
        await c.collection('attendance').insertMany(b as never[], { ordered: false }),
        { accepted: b.length, rejected: 0 }
      ),
    );
    const p = await drive(
      chunks(rawPayments, BATCH),
      async (b) => (
        await c.collection('payments').insertMany(b as never[], { ordered: false }),
        { accepted: b.length, rejected: 0 }
      ),
    );
    await c.dropDatabase();
    return { a, p };
  };
  const before = await rawRun(`${ns}-raw1`);
  const gA = await drive(chunks(attendance, BATCH), (records) =>
    grpc.attendance({ projectId: viaGrpc, records }),
  );
  const gP = await drive(chunks(payments, BATCH), (b) =>
    grpc.payroll({
      projectId: viaGrpc,
      month,
      payments: b.map((p) => ({ ...p, amountFen: String(p.amountFen) })),
    }),
  );
  const hA = await drive(
    chunks(attendance, BATCH),
    async (records) =>
      (await rest('post', `/projects/${viaGateway}/attendance`, bank, { records })) as {
        accepted: number;
        rejected: number;
      },
  );
  const hP = await drive(
    chunks(payments, BATCH),
    async (b) =>
      (await rest('post', `/projects/${viaGateway}/payroll`, bank, { month, payments: b })) as {
        accepted: number;
        rejected: number;
      },
  );
  clearInterval(sampler);
  const after = await rawRun(`${ns}-raw2`);
  await conn.close();
  const mean = (
    x: { ms: number; accepted: number; rejected: number },
    y: { ms: number; accepted: number; rejected: number },
  ) => ({ ms: Math.round((x.ms + y.ms) / 2), accepted: x.accepted, rejected: 0 });
  const rawA = mean(before.a, after.a);
  const rawP = mean(before.p, after.p);

  const line = (
    label: string,
    n: number,
    r: { ms: number; accepted: number; rejected: number },
    raw?: number,
  ) =>
    console.log(
      `${label.padEnd(40)} ${String(rate(n, r.ms)).padStart(7)} records/s (${r.ms} ms, accepted ${r.accepted}, rejected ${r.rejected})${raw ? `  ratio to raw ${(rate(n, r.ms) / raw).toFixed(2)}` : ''}`,
    );
  const rawARate = rate(rawAttendance.length, rawA.ms);
  const rawPRate = rate(rawPayments.length, rawP.ms);
  line('raw insertMany attendance (before)', rawAttendance.length, before.a);
  line('raw insertMany attendance (after)', rawAttendance.length, after.a);
  line('raw insertMany payments (before)', rawPayments.length, before.p);
  line('raw insertMany payments (after)', rawPayments.length, after.p);
  console.log('ratios below are against the mean of before and after; overall ratios also against each');
  line('attendance via finance gRPC (+rules)', attendance.length, gA, rawARate);
  line('payroll via finance gRPC (+rules)', payments.length, gP, rawPRate);
  line('attendance via gateway REST (+rules)', attendance.length, hA, rawARate);
  line('payroll via gateway REST (+rules)', payments.length, hP, rawPRate);
  const svc = rate(attendance.length + payments.length, gA.ms + gP.ms);
  const gw = rate(attendance.length + payments.length, hA.ms + hP.ms);
  const n = rawAttendance.length + rawPayments.length;
  const raw = rate(n, rawA.ms + rawP.ms);
  const rawBefore = rate(n, before.a.ms + before.p.ms);
  const rawAfter = rate(n, after.a.ms + after.p.ms);
  const r = (x: number) =>
    `${(x / raw).toFixed(2)} (before ${(x / rawBefore).toFixed(2)}, after ${(x / rawAfter).toFixed(2)})`;
  console.log(
    `service (gRPC) overall:                  ${svc} records/s (target ≥ 5,000); ratio to raw ${r(svc)} (target ≥ 0.50)`,
  );
  console.log(`gateway (REST) overall:                  ${gw} records/s; ratio to raw ${r(gw)}`);
  console.log(
    `peak resident memory: finance ${peakFinance} MB, gateway ${peakGateway} MB (target ≤ 400 MB each)`,
  );

  client.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
