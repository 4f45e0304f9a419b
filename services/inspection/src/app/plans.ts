import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isWithin } from '@wage/cn';
import {
  callUnary,
  coversRegion,
  idFromIdempotencyKey,
  isDuplicateKey,
  newId,
  notFound,
  permissionDenied,
  regionFilter,
  requestFingerprint,
  requireRegion,
  ruleViolation,
  type Principal,
} from '@wage/kit';
import { finance, inspection as pb } from '@wage/proto';
import { drawPlan } from '../domain/randomPlan';
import type { InspectionPlanDoc } from '../infra/models';
import type { InspectionDeps } from './deps';
import { regionField, validate } from './parse';

function planMessage(d: InspectionPlanDoc): pb.InspectionPlan {
  return pb.InspectionPlan.fromPartial({ ...d, id: d._id, drawnAt: d.drawnAt.toISOString() });
}

/** Every project of the region known to finance (paged), as the candidates of the draw. */
async function candidateProjects(deps: InspectionDeps, p: Principal, regionCode: string) {
  const client = deps.finance();
  const out: finance.Project[] = [];
  let cursor = '';
  for (let i = 0; i < 100; i++) {
    const r = await callUnary(
      client.listProjects.bind(client),
      { regionCode, complianceStatus: '', limit: 200, cursor },
      { token: p.token, idempotent: true, deadlineMs: 10_000 },
    );
    out.push(...r.items.filter((x) => x.status !== 'closed'));
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  return out;
}

/** Inspectors of the region: the configured roster plus everyone assigned to a case there. */
async function candidateInspectors(deps: InspectionDeps, regionCode: string): Promise<string[]> {
  const fromRoster = Object.entries(deps.roster)
    .filter(([code]) => isWithin(code, regionCode) || isWithin(regionCode, code))
    .flatMap(([, names]) => names);
  const assigned = (await deps.models.InspectionCase.distinct(
    'assignedInspector',
    regionFilter(regionCode),
  )) as string[];
  return [...new Set([...fromRoster, ...assigned.filter(Boolean)])];
}

/** POST /inspection/plans: a random inspection plan (双随机), reproducible from its recorded seed. */
export async function drawInspectionPlan(
  deps: InspectionDeps,
  p: Principal,
  req: pb.DrawPlanRequest,
  key?: string,
): Promise<pb.InspectionPlan> {
  const input = validate(
    z.object({
      regionCode: regionField,
      projectCount: z.number().int().min(1, '至少抽取 1 个项目').max(500),
      inspectorCount: z.number().int().min(1, '至少抽取 1 名监察员').max(200),
      seed: z.string().trim().max(100),
    }),
    req,
    '双随机抽查计划',
  );
  if (!coversRegion(p, input.regionCode))
    throw permissionDenied('只能为本辖区制定抽查计划 (region outside your jurisdiction)');
  const fp = requestFingerprint(pb.DrawPlanRequest.toJSON(req));
  const id = key ? idFromIdempotencyKey(`plan:${p.subject}`, key) : newId();
  const existing = await deps.models.InspectionPlan.findById(id).lean<InspectionPlanDoc>();
  if (existing) {
    if (existing.fingerprint !== fp)
      throw ruleViolation('同一幂等键已用于内容不同的请求 (Idempotency-Key reused with a different request)');
    return planMessage(existing);
  }
  const seed = input.seed || randomBytes(12).toString('hex');
  const [projects, inspectors] = await Promise.all([
    candidateProjects(deps, p, input.regionCode),
    candidateInspectors(deps, input.regionCode),
  ]);
  if (!projects.length) throw ruleViolation('该辖区没有可抽取的在建项目');
  if (!inspectors.length) throw ruleViolation('该辖区没有可抽取的监察员（请配置监察员名录）');
  const draw = drawPlan(seed, projects, (x) => x.id, inspectors, {
    projects: input.projectCount,
    inspectors: input.inspectorCount,
  });
  const doc: InspectionPlanDoc = {
    _id: id,
    regionCode: input.regionCode,
    seed,
    projectCount: input.projectCount,
    inspectorCount: input.inspectorCount,
    projectIds: draw.projects.map((x) => x.id),
    inspectors: draw.inspectors,
    candidateProjects: projects.length,
    candidateInspectors: inspectors.length,
    inspections: draw.inspections.map((x) => ({
      projectId: x.project.id,
      projectName: x.project.name,
      regionCode: x.project.regionCode,
      inspectors: x.inspectors,
    })),
    drawnAt: new Date(),
    drawnBy: p.username,
    fingerprint: fp,
  };
  try {
    await deps.models.InspectionPlan.create(doc);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const again = await deps.models.InspectionPlan.findById(id).lean<InspectionPlanDoc>();
    if (again) return planMessage(again);
  }
  return planMessage(doc);
}

export async function getPlan(
  deps: InspectionDeps,
  p: Principal,
  req: pb.GetPlanRequest,
): Promise<pb.InspectionPlan> {
  const d = await deps.models.InspectionPlan.findById(req.id).lean<InspectionPlanDoc>();
  if (!d) throw notFound('抽查计划不存在');
  requireRegion(p, d.regionCode, '抽查计划');
  return planMessage(d);
}
