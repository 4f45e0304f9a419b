import type { PipelineStage, Model } from 'mongoose';
import { endOfShanghaiDay, isCalendarDate, startOfShanghaiDay } from '@wage/cn';
import { queries } from '@wage/proto';
import { invalidArgument } from './errors';
import { regionFilter, regionScopeFilter, type Principal } from './auth/principal';

export interface Period {
  from: Date;
  to: Date;
}

/** Validates a statistics request's period (inclusive Shanghai dates); the server checked the caller's role. */
export function statisticsPeriod(req: queries.StatisticsRequest): Period {
  const errors = [];
  if (!isCalendarDate(req.from)) errors.push({ field: 'from', message: '日期格式应为 YYYY-MM-DD' });
  if (!isCalendarDate(req.to)) errors.push({ field: 'to', message: '日期格式应为 YYYY-MM-DD' });
  if (errors.length) throw invalidArgument('统计期间无效', errors);
  return { from: startOfShanghaiDay(req.from), to: endOfShanghaiDay(req.to) };
}

/**
 * Counts documents per county for one named figure: a `$match` on the caller's region scope and the period
 * field, grouped by the first 6 digits of the region code, summing `sumField` (or counting).
 */
export async function figuresByCounty(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  opts: {
    principal: Principal;
    regionCode: string;
    periodField: string;
    period: Period;
    match?: Record<string, unknown>;
    sumField?: string;
  },
): Promise<Map<string, number>> {
  const scope = regionScopeFilter(opts.principal);
  const narrowed = opts.regionCode ? regionFilter(opts.regionCode) : {};
  const pipeline: PipelineStage[] = [
    {
      $match: {
        $and: [
          scope,
          narrowed,
          opts.match ?? {},
          { [opts.periodField]: { $gte: opts.period.from, $lte: opts.period.to } },
        ],
      },
    },
    { $group: { _id: '$regionCode', n: { $sum: opts.sumField ? `$${opts.sumField}` : 1 } } },
  ];
  const rows = (await model.aggregate(pipeline)) as Array<{ _id: string; n: number }>;
  const out = new Map<string, number>();
  for (const r of rows) out.set(r._id, (out.get(r._id) ?? 0) + r.n);
  return out;
}

/** Merges named per-county figures into the wire shape. */
export function statisticsResponse(figures: Record<string, Map<string, number>>): queries.StatisticsResponse {
  const byRegion = new Map<string, Record<string, string>>();
  for (const [name, counts] of Object.entries(figures)) {
    for (const [region, n] of counts) {
      const f = byRegion.get(region) ?? {};
      f[name] = String(n);
      byRegion.set(region, f);
    }
  }
  return { byRegion: [...byRegion].map(([regionCode, f]) => ({ regionCode, figures: f })) };
}
