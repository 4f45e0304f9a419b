// National capacity plan: turns the Scale numbers of DOMAIN.md and this machine's bench figures (bench/README.md)
// into partitions per topic, replicas per process, MongoDB shard keys and storage growth, and prints the table
// docs/capacity.md shows. Pure arithmetic: change a figure (or pass it as `--name=value`) and the plan follows.
//   node bench/dist/capacity.js [--relayPerInstance=5200] [--ingestPerInstance=19700] ...

/** DOMAIN.md, Scale. */
export const SCALE = {
  constructionWorkers: 52_000_000,
  attendancePeakPerSec: 5_000, // "a morning peak of a few thousand records per second nationally"
  payRecordsPerMonth: 50_000_000,
  inspectionCasesPerYear: 137_000,
  disputesPerYear: 4_260_000,
  provinces: 31,
};

/** This machine's bench figures per process (2 cores), the low end of each range in bench/README.md. */
export const BENCH = {
  relayPerInstance: 5_200, // outbox relay + idempotent consumer, events/s
  ingestPerInstance: 19_700, // finance ingestion over gRPC, records/s
  gatewayPerInstance: 33_400, // ingestion through the gateway, records/s
};

/** Assumptions, each named so a reviewer can argue with it. */
export const ASSUME = {
  payDayShare: 0.6, // share of a month's pay records sent on its 3 pay days
  payDays: 3,
  workingSecondsPerDay: 8 * 3600,
  workingDaysPerYear: 250,
  casePeak: 20, // winter campaign before the Spring Festival vs the yearly average
  eventsPerCase: { intake: 4, inspection: 6, mediation: 5, credit: 1 }, // over a case's life
  financeEventsPerRecord: 0.01, // warnings, deposits and advances per ingested record
  headroom: 2, // plan for twice the peak
  utilisation: 0.5, // a process runs at half its bench figure in production
  minPartitions: 6,
  brokers: 3,
  docBytes: { clue: 2_048, case: 4_096, payRecord: 300, attendance: 200, posting: 1_024 },
  replicaSetMembers: 3,
};

type Figures = typeof SCALE & typeof BENCH;

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

export interface TopicPlan {
  topic: string;
  peakEventsPerSec: number;
  partitions: number;
}
export interface ProcessPlan {
  process: string;
  peakPerSec: number;
  replicas: number;
}
export interface CollectionPlan {
  collection: string;
  shardKey: string;
  gbPerYear: number;
}

export function plan(f: Figures = { ...SCALE, ...BENCH }) {
  const casesPerYear = f.inspectionCasesPerYear + f.disputesPerYear;
  const avgCasesPerSec = casesPerYear / (ASSUME.workingDaysPerYear * ASSUME.workingSecondsPerDay);
  const peakCasesPerSec = avgCasesPerSec * ASSUME.casePeak;
  const payPeakPerSec =
    (f.payRecordsPerMonth * ASSUME.payDayShare) / (ASSUME.payDays * ASSUME.workingSecondsPerDay);
  const ingestPeak = f.attendancePeakPerSec + payPeakPerSec;

  const perInstance = f.relayPerInstance * ASSUME.utilisation;
  const topicPeak: Record<string, number> = {
    ...Object.fromEntries(Object.entries(ASSUME.eventsPerCase).map(([s, n]) => [s, peakCasesPerSec * n])),
    finance: ingestPeak * ASSUME.financeEventsPerRecord,
  };
  // Enough partitions for the consumer instances the peak needs (with headroom), never fewer than the
  // floor, a multiple of the broker count so leaders spread evenly; intake and mediation carry every case
  // of the 31 provinces and get one partition per two provinces at least.
  const topics: TopicPlan[] = Object.entries(topicPeak).map(([s, peak]) => {
    const instances = Math.ceil((peak * ASSUME.headroom) / perInstance);
    const floor = ['intake', 'mediation'].includes(s) ? Math.ceil(f.provinces / 2.5) : ASSUME.minPartitions;
    return {
      topic: `wage.${s}.events.v1`,
      peakEventsPerSec: Math.round(peak),
      partitions: roundUp(Math.max(floor, instances * 2), ASSUME.brokers),
    };
  });

  const replicas = (peak: number, capacity: number) =>
    Math.max(3, Math.ceil((peak * ASSUME.headroom) / (capacity * ASSUME.utilisation)));
  const processes: ProcessPlan[] = [
    {
      process: 'gateway',
      peakPerSec: Math.round(ingestPeak),
      replicas: replicas(ingestPeak, f.gatewayPerInstance),
    },
    {
      process: 'finance',
      peakPerSec: Math.round(ingestPeak),
      replicas: replicas(ingestPeak, f.ingestPerInstance),
    },
    ...Object.entries(ASSUME.eventsPerCase).map(([s, n]) => ({
      process: s,
      peakPerSec: Math.round(peakCasesPerSec * n),
      replicas: replicas(peakCasesPerSec * n, f.relayPerInstance),
    })),
  ];

  const gb = (docs: number, bytes: number) =>
    Math.round(((docs * bytes * ASSUME.replicaSetMembers) / 1e9) * 10) / 10;
  const attendancePerYear = f.constructionWorkers * 1.5 * ASSUME.workingDaysPerYear;
  // Region-led keys: a province's load stays on its shards, a county's queries hit one shard; the id or
  // month after it spreads one county's documents over chunks.
  const collections: CollectionPlan[] = [
    {
      collection: 'intake.clues',
      shardKey: '{ regionCode: 1, _id: 1 }',
      gbPerYear: gb(casesPerYear * 1.2, ASSUME.docBytes.clue),
    },
    {
      collection: 'intake.intake_cases',
      shardKey: '{ regionCode: 1, _id: 1 }',
      gbPerYear: gb(casesPerYear, ASSUME.docBytes.case),
    },
    {
      collection: 'inspection.inspection_cases',
      shardKey: '{ regionCode: 1, caseId: 1 }',
      gbPerYear: gb(f.inspectionCasesPerYear, ASSUME.docBytes.case * 2),
    },
    {
      collection: 'mediation.mediation_cases',
      shardKey: '{ regionCode: 1, caseId: 1 }',
      gbPerYear: gb(f.disputesPerYear, ASSUME.docBytes.case),
    },
    {
      collection: 'finance.pay records',
      shardKey: '{ regionCode: 1, projectId: 1, month: 1 }',
      gbPerYear: gb(f.payRecordsPerMonth * 12, ASSUME.docBytes.payRecord),
    },
    {
      collection: 'finance.attendance',
      shardKey: '{ regionCode: 1, projectId: 1, day: 1 }',
      gbPerYear: gb(attendancePerYear, ASSUME.docBytes.attendance),
    },
    {
      collection: 'finance.ledger_postings',
      shardKey: '{ regionCode: 1, _id: 1 }',
      gbPerYear: gb(f.payRecordsPerMonth * 12 * 0.02, ASSUME.docBytes.posting),
    },
  ];
  return { peakCasesPerSec, ingestPeak, topics, processes, collections };
}

function table(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  return [
    line(cols),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join('\n');
}

function figuresFromArgs(argv: string[]): Figures {
  const f: Figures = { ...SCALE, ...BENCH };
  for (const a of argv) {
    const m = /^--(\w+)=(\d+(?:\.\d+)?)$/.exec(a);
    if (!m || !(m[1]! in f)) throw new Error(`unknown argument ${a}; known: ${Object.keys(f).join(', ')}`);
    (f as Record<string, number>)[m[1]!] = Number(m[2]);
  }
  return f;
}

if (require.main === module) {
  const p = plan(figuresFromArgs(process.argv.slice(2)));
  console.log(
    `peak cases/s ${p.peakCasesPerSec.toFixed(1)}, peak ingestion records/s ${Math.round(p.ingestPeak)}\n`,
  );
  console.log(
    table(
      p.topics.map((t) => ({
        topic: t.topic,
        'peak events/s': t.peakEventsPerSec,
        partitions: t.partitions,
      })),
    ),
  );
  console.log();
  console.log(
    table(p.processes.map((r) => ({ process: r.process, 'peak/s': r.peakPerSec, replicas: r.replicas }))),
  );
  console.log();
  console.log(
    table(
      p.collections.map((c) => ({
        collection: c.collection,
        'shard key': c.shardKey,
        'GB/year (3 members)': c.gbPerYear,
      })),
    ),
  );
}
