import { z } from 'zod';
import type { Route } from './clue';

/**
 * 分类流转 as data: each rule is a conjunction of conditions; the first rule that matches decides the route.
 * A province replaces the table with `INTAKE_ROUTING_RULES` (JSON) without a release.
 */
export const routingRuleSchema = z.object({
  name: z.string().min(1),
  when: z
    .object({
      outsideJurisdiction: z.boolean().optional(),
      employerVanished: z.boolean().optional(),
      constructionProject: z.boolean().optional(),
      maxWorkers: z.number().int().min(1).optional(),
      minWorkers: z.number().int().min(1).optional(),
    })
    .strict(),
  route: z.enum(['inspection', 'mediation', 'transfer']),
  reason: z.string().min(1),
  industryRegulator: z.string().default(''),
  policeFlag: z.boolean().default(false),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export const routingTableSchema = z.array(routingRuleSchema).min(1);

export const DEFAULT_ROUTING_RULES: RoutingRule[] = routingTableSchema.parse([
  {
    name: 'outside_jurisdiction',
    when: { outsideJurisdiction: true },
    route: 'transfer',
    reason: '不属于本辖区，移交属地处理',
  },
  {
    name: 'vanished_employer_on_project',
    when: { employerVanished: true, constructionProject: true },
    route: 'inspection',
    reason: '用人单位负责人逃匿，转劳动保障监察并通报公安机关、行业主管部门',
    industryRegulator: 'housing',
    policeFlag: true,
  },
  {
    name: 'vanished_employer',
    when: { employerVanished: true },
    route: 'inspection',
    reason: '用人单位负责人逃匿，转劳动保障监察并通报公安机关',
    policeFlag: true,
  },
  {
    name: 'construction_project',
    when: { constructionProject: true },
    route: 'inspection',
    reason: '工程建设项目欠薪，转劳动保障监察并通报行业主管部门',
    industryRegulator: 'housing',
  },
  {
    name: 'individual_dispute',
    when: { maxWorkers: 1 },
    route: 'mediation',
    reason: '个人劳动报酬争议，转调解',
  },
  { name: 'several_workers', when: {}, route: 'inspection', reason: '多人欠薪，转劳动保障监察' },
]);

/** The facts of a clue the rules look at. */
export interface RoutingFacts {
  outsideJurisdiction: boolean;
  employerVanished: boolean;
  constructionProject: boolean;
  workerCount: number;
}

export interface RuleMatch {
  rule: RoutingRule;
}

export function matchRule(rules: readonly RoutingRule[], f: RoutingFacts): RoutingRule {
  const hit = rules.find((r) => {
    const w = r.when;
    if (w.outsideJurisdiction !== undefined && w.outsideJurisdiction !== f.outsideJurisdiction) return false;
    if (w.employerVanished !== undefined && w.employerVanished !== f.employerVanished) return false;
    if (w.constructionProject !== undefined && w.constructionProject !== f.constructionProject) return false;
    if (w.maxWorkers !== undefined && f.workerCount > w.maxWorkers) return false;
    if (w.minWorkers !== undefined && f.workerCount < w.minWorkers) return false;
    return true;
  });
  // A table without a catch-all is a configuration error, not a clue's fault.
  if (!hit) throw new Error('routing table has no rule for this clue (add a catch-all rule with `when: {}`)');
  return hit;
}

export type { Route };
