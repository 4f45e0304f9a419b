import { invalidArgument, zodFieldErrors, type Principal } from '@wage/kit';
import { officialScheduleSchema } from '@wage/cn';
import type { intake as pb } from '@wage/proto';
import type { IntakeModels } from '../infra/models';
import { recomputeProvisionalDeadlines } from './filing';
import type { IntakeDeps } from './receive';

/** The State Council's schedule for a year, loaded as data; provisional deadlines are recomputed at once. */
export async function loadCalendarSchedule(
  deps: IntakeDeps,
  p: Principal,
  req: pb.CalendarSchedule,
): Promise<pb.LoadScheduleResponse> {
  const parsed = officialScheduleSchema.safeParse({
    year: req.year,
    holidays: req.holidays,
    workdays: req.workdays,
    ...(req.source ? { source: req.source } : {}),
  });
  if (!parsed.success) throw invalidArgument('节假日安排有误', zodFieldErrors(parsed.error));
  const s = parsed.data;
  await deps.models.CalendarSchedule.updateOne(
    { _id: s.year },
    {
      $set: {
        holidays: s.holidays,
        workdays: s.workdays,
        source: s.source ?? '',
        loadedAt: new Date(),
        loadedBy: p.username,
      },
    },
    { upsert: true },
  );
  deps.calendar.loadSchedule(s);
  return { year: s.year, recomputed: await recomputeProvisionalDeadlines(deps) };
}

/** Loads every stored schedule into the calendar (at start, and periodically for other instances' loads). */
export async function loadStoredSchedules(
  models: IntakeModels,
  deps: Pick<IntakeDeps, 'calendar'>,
): Promise<number> {
  const stored = await models.CalendarSchedule.find().lean();
  const known = new Map(
    deps.calendar.loadedSchedules().map((s) => [s.year, JSON.stringify([s.holidays, s.workdays])]),
  );
  let n = 0;
  for (const s of stored) {
    if (known.get(s._id) === JSON.stringify([s.holidays, s.workdays])) continue;
    deps.calendar.loadSchedule({
      year: s._id,
      holidays: s.holidays,
      workdays: s.workdays,
      ...(s.source ? { source: s.source } : {}),
    });
    n++;
  }
  return n;
}
