import { callAsGateway, gatewayChannel } from '@wage/testing';
// Platform benchmark: every service and the gateway on the test infrastructure, driven the way clerks,
// supervisors and bank feeds drive them. Prints, each with its target and the reference measured in the
// same run: the gateway's overhead over the same gRPC call made directly, the case timeline at 50
// concurrent callers, cost-flat-as-data-grows ratios (the same operation on an empty and a full store) and
// the resident memory of every process under ingestion at national peak. Asserts nothing.
import mongoose from 'mongoose';
import { CLIENT_CHANNEL_OPTIONS } from '@wage/kit';
import { finance as financePb, intake as intakePb } from '@wage/proto';
import { shanghaiDate } from '@wage/cn';
import { residentId, rssMb, uscc } from './fixtures';
import { clientToken, freePort, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300); // sequential reads per path
const CALLERS = Number(process.env.BENCH_CALLERS ?? 50); // concurrent timeline readers
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 500); // open cases seeded into one county
const FILINGS = Number(process.env.BENCH_FILINGS ?? 20); // timed filings, empty and full
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2_000);
const STORED_DAYS = Number(process.env.BENCH_STORED_DAYS ?? 50); // big project: WORKERS × STORED_DAYS records
const BATCH = 10_000;
const SERVICES = ['intake', 'inspection', 'mediation', 'credit', 'finance'] as const;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;
const timed = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t0 = process.hrtime.bigint();
  const r = await f();
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
};

function clue(n: number): intakePb.FileClueRequest {
  return intakePb.FileClueRequest.fromPartial({
    channel: 'window',
    regionCode: '652301',
    reporter: { name: `工人${n}`, idNumber: residentId(n), phone: `137${String(n).padStart(8, '0')}` },
    employer: { name: `基准第${n}建筑公司`, uscc: uscc(n) },
    projectId: `bench-p-${n}`,
    workerCount: 12,
    amountFen: String(1_200_000 + n),
    description: '拖欠三个月工资',
  });
}

/** Runs `jobs` at most `width` at a time. */
async function pool<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

async function main() {
  const infra = await testInfra();
  const ns = uniqueNamespace('bench-platform');
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()])));
  const peers = Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_GRPC`, `127.0.0.1:${ports[s]}`]));
  const procs: Record<string, ServiceProcess> = {};
  const cleanup = async () => {
    await Promise.allSettled(Object.values(procs).map((p) => p.stop()));
    const c = await mongoose.createConnection(infra.mongoUrl).asPromise();
    for (const s of [...SERVICES, 'gateway'])
      await c
        .useDb(`${ns}-${s}`)
        .dropDatabase()
        .catch(() => undefined);
    await c.close();
  };
  try {
    await Promise.all(
      SERVICES.map(async (name) => {
        procs[name] = await new ServiceProcess({
          name,
          infra,
          namespace: ns,
          grpcPort: ports[name],
          env: peers,
        }).start();
      }),
    );
    procs.gateway = await new ServiceProcess({ name: 'gateway', infra, namespace: ns, env: peers }).start();
    await measure(infra, procs);
  } finally {
    await cleanup();
  }
}

async function measure(infra: Awaited<ReturnType<typeof testInfra>>, procs: Record<string, ServiceProcess>) {
  const gateway = procs.gateway!;
  const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
  const supervisor = await tokenFor(infra.keycloakUrl, 'supervisor.changji');
  const housing = await tokenFor(infra.keycloakUrl, 'housing.changji');
  const bank = await clientToken(infra.keycloakUrl, 'bank-feed', 'bank-feed-dev-secret');
  const intake = new intakePb.IntakeServiceClient(
    procs.intake!.address,
    gatewayChannel(),
    CLIENT_CHANNEL_OPTIONS,
  );
  const file = (n: number) =>
    callAsGateway(intake.fileClue.bind(intake), clue(n), { token: clerk, deadlineMs: 60_000 });
  const rest = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${gateway.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  console.log(
    `platform benchmark: ${SAMPLES} reads per path, ${CALLERS} timeline callers, ${OPEN_CASES} open cases in one county, ${FILINGS} timed filings, ${WORKERS} workers × ${STORED_DAYS} stored days`,
  );

  // Gateway overhead: GET /clues/{id} against the intake gRPC call it makes, alternated so both see the
  // same server state; the first 20 of each warm connections and JIT up and are dropped.
  const first = await file(1);
  const direct: number[] = [];
  const viaGateway: number[] = [];
  for (let i = 0; i < SAMPLES + 20; i++) {
    const [d] = await timed(() =>
      callAsGateway(intake.getClue.bind(intake), { id: first.id }, { token: clerk, deadlineMs: 5_000 }),
    );
    const [g] = await timed(() => rest('get', `/clues/${first.id}`, clerk));
    if (i >= 20) {
      direct.push(d);
      viaGateway.push(g);
    }
  }
  const dMed = quantile(direct, 0.5);
  const gMed = quantile(viaGateway, 0.5);
  console.log(
    `gateway overhead (GET /clues/{id} − intake GetClue): median ${ms(gMed - dMed)} (target ≤ 2 ms), p99 ${ms(quantile(viaGateway, 0.99) - quantile(direct, 0.99))}; reference direct gRPC median ${ms(dMed)} p99 ${ms(quantile(direct, 0.99))}, via gateway median ${ms(gMed)} p99 ${ms(quantile(viaGateway, 0.99))}`,
  );

  // Timeline at CALLERS concurrent supervisors, each reading SAMPLES / 10 times; reference: one caller.
  const timeline = () => rest('get', `/cases/${first.caseId}/timeline`, supervisor);
  // A failed read (gateway deadline, reset connection) is counted, and its time kept in the percentiles.
  let failed = 0;
  const timelineRound = async (callers: number, each: number) => {
    const lat: number[] = [];
    await Promise.all(
      Array.from({ length: callers }, async () => {
        for (let i = 0; i < each; i++) {
          const t0 = performance.now();
          await timeline().catch(() => failed++);
          lat.push(performance.now() - t0);
        }
      }),
    );
    return lat;
  };
  await timelineRound(1, 10);
  const alone = await timelineRound(1, 30);
  failed = 0;
  const crowd = await timelineRound(CALLERS, Math.max(2, Math.round(SAMPLES / 30)));
  console.log(
    `case timeline at ${CALLERS} concurrent callers: p50 ${ms(quantile(crowd, 0.5))}, p99 ${ms(quantile(crowd, 0.99))} (target p99 ≤ 200 ms), ${failed} of ${crowd.length} failed; reference one caller p50 ${ms(quantile(alone, 0.5))}, p99 ${ms(quantile(alone, 0.99))}`,
  );

  // Cost flat as data grows, empty county first: clue filing, the timeline and /stats.
  const filings = async (from: number) => {
    const lat: number[] = [];
    for (let i = 0; i < FILINGS; i++) lat.push((await timed(() => file(from + i)))[0]);
    return quantile(lat, 0.5);
  };
  const readMedian = async (f: () => Promise<unknown>) => {
    const lat: number[] = [];
    for (let i = 0; i < 30; i++) lat.push((await timed(f))[0]);
    return quantile(lat, 0.5);
  };
  const stats = () => rest('get', '/stats?regionCode=652300', supervisor);
  const emptyFiling = await filings(10);
  const emptyTimeline = await readMedian(timeline);
  const emptyStats = await readMedian(stats);
  const [seedMs] = await timed(() =>
    pool(
      Array.from({ length: OPEN_CASES }, (_, i) => () => file(100_000 + i)),
      4,
    ),
  );
  const fullFiling = await filings(50);
  const fullTimeline = await readMedian(timeline);
  const fullStats = await readMedian(stats);
  const ratio = (label: string, empty: number, full: number) =>
    console.log(
      `${label.padEnd(58)} ratio ${(empty / full).toFixed(2)} (target ≥ 0.8): median empty ${ms(empty)}, full ${ms(full)}`,
    );
  console.log(
    `seeded ${OPEN_CASES} open cases in county 652300 in ${Math.round(seedMs / 1000)} s (${Math.round((OPEN_CASES / seedMs) * 1000)} filings/s at 4 in flight)`,
  );
  ratio(`clue filing, ${FILINGS + 1} vs ${OPEN_CASES + FILINGS * 2 + 1} open cases`, emptyFiling, fullFiling);
  ratio('case timeline, county empty vs full', emptyTimeline, fullTimeline);
  ratio('/stats of the county, empty vs full', emptyStats, fullStats);

  // Ingestion into an empty project and into one holding WORKERS × STORED_DAYS records, with the resident
  // memory of every process sampled throughout (the national peak is far below this rate).
  const peak: Record<string, number> = {};
  const sampler = setInterval(() => {
    for (const [name, p] of Object.entries(procs)) peak[name] = Math.max(peak[name] ?? 0, rssMb(p.pid));
  }, 200);
  const monitoring = new financePb.MonitoringServiceClient(
    procs.finance!.address,
    gatewayChannel(),
    CLIENT_CHANNEL_OPTIONS,
  );
  const workers = Array.from({ length: WORKERS }, (_, i) => ({
    name: `工人${i}`,
    idNumber: residentId(20_000 + i),
    phone: `139${String(i).padStart(8, '0')}`,
  }));
  const today = shanghaiDate(new Date());
  const day = (i: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10);
  const project = async (n: number) => {
    const p = await rest('post', '/projects', housing, {
      name: `基准测试第${n}号楼`,
      regionCode: '652301',
      industry: 'housing',
      contractorUscc: uscc(90_000 + n),
      contractorName: `基准第${n}建筑公司`,
      ownerName: '昌吉某房地产开发公司',
      contractPriceFen: 1_000_000_000,
      permitDate: day(STORED_DAYS + 30),
    });
    await rest('post', `/projects/${p.id as string}/workers`, housing, { workers });
    return p.id as string;
  };
  const ingest = async (projectId: string, days: number[]) => {
    const records = days.flatMap((d) => workers.map((w) => ({ idNumber: w.idNumber, date: day(d) })));
    let accepted = 0;
    const [took] = await timed(async () => {
      for (let i = 0; i < records.length; i += BATCH) {
        const r = await callAsGateway(
          monitoring.recordAttendance.bind(monitoring),
          { projectId, records: records.slice(i, i + BATCH) },
          { token: bank, deadlineMs: 120_000 },
        );
        accepted += r.accepted;
      }
    });
    return { rate: Math.round((records.length / took) * 1000), accepted, total: records.length };
  };
  const small = await project(1);
  const big = await project(2);
  const probeDays = [0, 1, 2, 3, 4];
  const stored = await ingest(
    big,
    Array.from({ length: STORED_DAYS }, (_, i) => i + probeDays.length),
  );
  const intoEmpty = await ingest(small, probeDays);
  const intoBig = await ingest(big, probeDays);
  clearInterval(sampler);
  console.log(
    `stored ${stored.accepted} of ${stored.total} attendance records in one project at ${stored.rate} records/s`,
  );
  console.log(
    `${'attendance ingestion, empty project vs big project'.padEnd(58)} ratio ${(intoBig.rate / intoEmpty.rate).toFixed(2)} (target ≥ 0.8): ${intoEmpty.rate} vs ${intoBig.rate} records/s (accepted ${intoEmpty.accepted} and ${intoBig.accepted} of ${intoBig.total})`,
  );
  console.log(
    `peak resident memory under ingestion (target ≤ 400 MB each): ${Object.entries(peak)
      .map(([n, mb]) => `${n} ${mb} MB`)
      .join(', ')}`,
  );
  intake.close();
  monitoring.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
