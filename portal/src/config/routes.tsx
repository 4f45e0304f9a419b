// Routes and menus from one config, with the access rule beside each route (roles as in API.md). A page's
// code loads only when it is opened.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type Role =
  | 'intake-clerk'
  | 'labor-inspector'
  | 'inspection-chief'
  | 'housing-officer'
  | 'transport-officer'
  | 'water-officer'
  | 'police-officer'
  | 'mediator'
  | 'arbitrator'
  | 'judge'
  | 'finance-officer'
  | 'credit-officer'
  | 'supervisor'
  | 'pii-reader'
  | 'platform-admin'
  | 'legal-aid';

export interface PortalRoute {
  path: string;
  /** Menu text (Chinese); absent → not in the menu (a detail page). */
  name?: string;
  /** Any of these realm roles opens the route. */
  access: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

const INDUSTRY_OFFICERS = ['housing-officer', 'transport-officer', 'water-officer'] as const;
const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

export const ROUTES: readonly PortalRoute[] = [
  {
    path: '/intake/register',
    name: '线索登记',
    access: ['intake-clerk'],
    component: page(() => import('../pages/Intake/RegisterClue')),
  },
  {
    path: '/intake/clues',
    name: '线索台账',
    access: ['intake-clerk'],
    component: page(() => import('../pages/Intake/ClueList')),
  },
  {
    path: '/intake/import',
    name: '平台线索导入',
    access: ['intake-clerk'],
    component: page(() => import('../pages/Intake/ImportClues')),
  },
  {
    path: '/intake/clues/:id',
    access: ['intake-clerk', 'labor-inspector', 'mediator', 'supervisor'],
    component: page(() => import('../pages/Intake/ClueDetail')),
  },
  {
    path: '/inspection/cases',
    name: '监察案件',
    access: ['labor-inspector', 'inspection-chief'],
    component: page(() => import('../pages/Inspection/CaseList')),
  },
  {
    path: '/inspection/cases/:id',
    access: ['labor-inspector', 'inspection-chief', 'housing-officer', 'police-officer', 'supervisor'],
    component: page(() => import('../pages/Inspection/CasePage')),
  },
  {
    // 四眼原则: money an inspector requested moves only on a chief's approval.
    path: '/inspection/approvals',
    name: '资金审批',
    access: ['inspection-chief'],
    component: page(() => import('../pages/Inspection/Approvals')),
  },
  {
    path: '/police/referrals',
    name: '移送案件',
    access: ['police-officer'],
    component: page(() => import('../pages/Police/Referrals')),
  },
  {
    path: '/mediation/cases',
    name: '调解案件',
    access: ['mediator'],
    component: page(() => import('../pages/Mediation/MediationCases')),
  },
  {
    path: '/arbitration/cases',
    name: '仲裁案件',
    access: ['arbitrator'],
    component: page(() => import('../pages/Mediation/ArbitrationCases')),
  },
  {
    path: '/court/enforcements',
    name: '强制执行',
    access: ['judge'],
    component: page(() => import('../pages/Mediation/Enforcements')),
  },
  {
    path: '/credit/blacklist',
    name: '失信名单',
    access: ['credit-officer'],
    component: page(() => import('../pages/Credit/Blacklist')),
  },
  {
    path: '/credit/enterprises',
    name: '企业信用查询',
    access: ['credit-officer'],
    component: page(() => import('../pages/Credit/Enterprise')),
  },
  {
    path: '/credit/disclosures',
    name: '信用公示',
    access: ['credit-officer'],
    component: page(() => import('../pages/Credit/Disclosures')),
  },
  {
    path: '/projects',
    name: '工程项目',
    access: [...INDUSTRY_OFFICERS, 'finance-officer'],
    component: page(() => import('../pages/Projects/ProjectList')),
  },
  {
    path: '/projects/:id',
    access: [...INDUSTRY_OFFICERS, 'finance-officer', 'labor-inspector', 'supervisor'],
    component: page(() => import('../pages/Projects/ProjectPage')),
  },
  {
    path: '/warnings',
    name: '欠薪预警',
    access: [...INDUSTRY_OFFICERS, 'finance-officer'],
    component: page(() => import('../pages/Projects/Warnings')),
  },
  {
    path: '/finance/funds',
    name: '应急周转金',
    access: ['finance-officer'],
    component: page(() => import('../pages/Projects/Funds')),
  },
  {
    path: '/supervision/stats',
    name: '统计分析',
    access: ['supervisor'],
    component: page(() => import('../pages/Supervision/Stats')),
  },
  {
    path: '/supervision/timeline',
    name: '案件时间线',
    access: ['supervisor'],
    component: page(() => import('../pages/Supervision/TimelineSearch')),
  },
  {
    path: '/legal-aid',
    name: '法律援助',
    access: ['legal-aid'],
    component: page(() => import('../pages/LegalAid/Requests')),
  },
  {
    path: '/admin',
    name: '平台管理',
    access: ['platform-admin'],
    component: page(() => import('../pages/Admin/Admin')),
  },
];

export function canOpen(route: Pick<PortalRoute, 'access'>, roles: readonly string[]): boolean {
  return route.access.some((r) => roles.includes(r));
}

/** The menu a user sees: the named routes their roles open, in config order. */
export function menuFor(roles: readonly string[]): PortalRoute[] {
  return ROUTES.filter((r) => r.name && canOpen(r, roles));
}
