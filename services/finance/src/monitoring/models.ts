import { Schema, type Connection, type Model } from 'mongoose';
import { aggregateSchemaFields, type AggregateFields } from '@wage/kit';
import type { Finding, WarningLevel, WarningRule } from '../domain/warnings/rules';

/** A worker on a project's real-name roster (实名制): `_id` is `<projectId>|<keyed hash of the ID number>`. */
export interface RosterWorkerDoc {
  _id: string;
  p: string;
  h: string;
  name: string;
  idEnc: string;
  phoneEnc: string;
  phoneHash: string;
  team: string;
  regionCode: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One attendance day: `_id` is `<projectId>|<worker hash>|<date>`, so a re-sent record adds nothing. */
export interface AttendanceDoc {
  _id: string;
  p: string;
  h: string;
  m: string;
  d: string;
  at: Date;
}

/** One wage payment: `_id` is a content hash (project, worker, month, amount, paid-at). */
export interface PaymentDoc {
  _id: string;
  p: string;
  h: string;
  m: string;
  y: string;
  fen: number;
  paidAt: Date;
  at: Date;
}

/** A labour-cost allocation into the dedicated account: `_id` is a content hash (project, month, amount, day, reference). */
export interface AllocationDoc {
  _id: string;
  p: string;
  m: string;
  fen: number;
  on: string;
  ref: string;
  at: Date;
}

/** The set of workers who attended in a project-month (set semantics: `$addToSet` is idempotent). */
export interface ProjectMonthDoc {
  _id: string;
  p: string;
  m: string;
  regionCode: string;
  attended: string[];
  updatedAt: Date;
}

export type WarningStatus = 'open' | 'handled' | 'closed';

/** 监控预警: one per project, rule and month (`key` unique); closes itself when later data cures it. */
export interface WageWarningDoc extends AggregateFields {
  _id: string;
  key: string;
  projectId: string;
  regionCode: string;
  level: WarningLevel;
  rule: WarningRule;
  month: string;
  detail: string;
  status: WarningStatus;
  caseId: string;
  raisedAt: Date;
  closedAt: Date | null;
  handling: { note: string; by: string; at: Date } | null;
  history: Array<{ at: Date; type: string; detail: string }>;
}

export type { Finding };

export function monitoringModels(conn: Connection) {
  const opts = { versionKey: false as const, minimize: false };
  const worker = new Schema<RosterWorkerDoc>(
    {
      _id: String,
      p: { type: String, index: true },
      h: String,
      name: String,
      idEnc: String,
      phoneEnc: String,
      phoneHash: String,
      team: String,
      regionCode: String,
      createdAt: Date,
      updatedAt: Date,
    },
    opts,
  );
  const attendance = new Schema<AttendanceDoc>(
    { _id: String, p: String, h: String, m: String, d: String, at: Date },
    opts,
  );
  attendance.index({ p: 1, m: 1 });
  const payment = new Schema<PaymentDoc>(
    { _id: String, p: String, h: String, m: String, y: String, fen: Number, paidAt: Date, at: Date },
    opts,
  );
  payment.index({ p: 1, m: 1 });
  payment.index({ p: 1, y: 1 });
  const allocation = new Schema<AllocationDoc>(
    {
      _id: String,
      p: { type: String, index: true },
      m: String,
      fen: Number,
      on: String,
      ref: String,
      at: Date,
    },
    opts,
  );
  const projectMonth = new Schema<ProjectMonthDoc>(
    {
      _id: String,
      p: { type: String, index: true },
      m: String,
      regionCode: String,
      attended: [String],
      updatedAt: Date,
    },
    opts,
  );
  const warning = new Schema<WageWarningDoc>(
    {
      _id: { type: String, required: true },
      key: { type: String, required: true, unique: true },
      projectId: { type: String, index: true },
      regionCode: { type: String, index: true },
      level: String,
      rule: String,
      month: String,
      detail: String,
      status: { type: String, index: true },
      caseId: { type: String, default: '' },
      raisedAt: Date,
      closedAt: { type: Date, default: null },
      handling: { type: Schema.Types.Mixed, default: null },
      history: [{ _id: false, at: Date, type: { type: String }, detail: String }],
      ...aggregateSchemaFields(),
    },
    opts,
  );
  return {
    RosterWorker: conn.model<RosterWorkerDoc>(
      'RosterWorker',
      worker,
      'monitoring_workers',
    ) as Model<RosterWorkerDoc>,
    Attendance: conn.model<AttendanceDoc>(
      'Attendance',
      attendance,
      'monitoring_attendance',
    ) as Model<AttendanceDoc>,
    Payment: conn.model<PaymentDoc>('Payment', payment, 'monitoring_payments') as Model<PaymentDoc>,
    Allocation: conn.model<AllocationDoc>(
      'Allocation',
      allocation,
      'monitoring_allocations',
    ) as Model<AllocationDoc>,
    ProjectMonth: conn.model<ProjectMonthDoc>(
      'ProjectMonth',
      projectMonth,
      'monitoring_project_months',
    ) as Model<ProjectMonthDoc>,
    WageWarning: conn.model<WageWarningDoc>('WageWarning', warning, 'wage_warnings') as Model<WageWarningDoc>,
  };
}
export type MonitoringModels = ReturnType<typeof monitoringModels>;
