import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS, PLANNED_ACCESS, accessOf, admits, type Access } from './access';
import { CaseQueriesService } from './gen/wage/common/v1/queries';
import { CreditServiceService } from './gen/wage/credit/v1/credit';
import { FinanceServiceService, PublicProjectServiceService } from './gen/wage/finance/v1/finance';
import { MonitoringServiceService } from './gen/wage/finance/v1/monitoring';
import { InspectionServiceService } from './gen/wage/inspection/v1/inspection';
import { IntakeServiceService, PublicClueServiceService } from './gen/wage/intake/v1/intake';
import { MediationServiceService } from './gen/wage/mediation/v1/mediation';

const DEFINITIONS: Record<string, Record<string, { path: string }>> = {
  'wage.intake.v1.IntakeService': IntakeServiceService,
  'wage.intake.v1.PublicClueService': PublicClueServiceService,
  'wage.inspection.v1.InspectionService': InspectionServiceService,
  'wage.mediation.v1.MediationService': MediationServiceService,
  'wage.credit.v1.CreditService': CreditServiceService,
  'wage.finance.v1.FinanceService': FinanceServiceService,
  'wage.finance.v1.PublicProjectService': PublicProjectServiceService,
  'wage.finance.v1.MonitoringService': MonitoringServiceService,
  'wage.common.v1.CaseQueries': CaseQueriesService,
};

/** The realm roles and clients of the dev realm: the names a token can carry. */
const realm = JSON.parse(readFileSync(join(__dirname, '../../deploy/keycloak/realm-wage.json'), 'utf8')) as {
  roles: { realm: Array<{ name: string }> };
  clients: Array<{ clientId: string }>;
};
const REALM_ROLES = new Set(realm.roles.realm.map((r) => r.name));
const CLIENTS = new Set(realm.clients.map((c) => c.clientId));

const entries = Object.entries(ACCESS).flatMap(([service, methods]) =>
  Object.entries(methods as Record<string, Access>).map(([method, access]) => ({ service, method, access })),
);
const roles = (a: Access) => (a.roles === 'public' ? [] : a.roles);

describe('who may call each RPC', () => {
  it('declares every method of every served service, and nothing the proto does not have', () => {
    expect(Object.keys(ACCESS).sort()).toEqual(Object.keys(DEFINITIONS).sort());
    for (const [service, definition] of Object.entries(DEFINITIONS)) {
      expect(Object.keys(ACCESS[service as keyof typeof ACCESS]).sort()).toEqual(
        Object.keys(definition).sort(),
      );
      for (const [method, d] of Object.entries(definition)) {
        expect(d.path.startsWith(`/${service}/`)).toBe(true);
        expect(accessOf(service, method)).toBeDefined();
      }
    }
    expect(accessOf('wage.finance.v1.FinanceService', 'toString')).toBeUndefined();
    expect(accessOf('wage.nothing.v1.Service', 'getProject')).toBeUndefined();
  });

  it('names only roles of the realm and service accounts of realm clients', () => {
    for (const { service, method, access } of [
      ...entries,
      ...Object.entries(PLANNED_ACCESS).flatMap(([service, m]) =>
        Object.entries(m).map(([method, access]) => ({ service, method, access: access as Access })),
      ),
    ]) {
      for (const r of roles(access))
        expect({ rpc: `${service}/${method}`, role: r, known: REALM_ROLES.has(r) || CLIENTS.has(r) }).toEqual(
          {
            rpc: `${service}/${method}`,
            role: r,
            known: true,
          },
        );
      for (const s of access.services ?? []) expect(CLIENTS.has(s)).toBe(true);
      if (access.roles !== 'public') expect(access.roles.length).toBeGreaterThan(0);
    }
  });

  it('leaves only the workers’ self-service open', () => {
    const open = entries.filter((e) => e.access.roles === 'public').map((e) => `${e.service}/${e.method}`);
    expect(open.sort()).toEqual([
      'wage.finance.v1.PublicProjectService/getPublicProject',
      'wage.intake.v1.PublicClueService/requestLegalAid',
      'wage.intake.v1.PublicClueService/submitFeedback',
      'wage.intake.v1.PublicClueService/submitPublicClue',
      'wage.intake.v1.PublicClueService/trackPublicClue',
    ]);
  });

  it('admits a service account only on a direct call, never through the gateway', () => {
    const draw = ACCESS['wage.finance.v1.FinanceService'].drawDeposit;
    expect(admits(draw, ['wage-inspection'], true)).toBe(true);
    expect(admits(draw, ['wage-inspection'], false)).toBe(false);
    expect(admits(draw, ['inspection-chief'], false)).toBe(true);
    expect(admits(draw, ['labor-inspector'], false)).toBe(false);
    expect(admits(draw, ['finance-officer'], true)).toBe(false);
    expect(admits(ACCESS['wage.intake.v1.PublicClueService'].trackPublicClue, [], false)).toBe(true);
  });

  it('gives transport and water officers the project access of the housing officer', () => {
    const projectServices = ['wage.finance.v1.FinanceService', 'wage.finance.v1.MonitoringService'];
    const project = entries.filter((e) => projectServices.includes(e.service));
    const housing = project.filter((e) => roles(e.access).includes('housing-officer'));
    expect(housing.map((e) => e.method)).toEqual(
      expect.arrayContaining([
        'createProject',
        'getProject',
        'listProjects',
        'registerWorkers',
        'recordAttendance',
      ]),
    );
    for (const e of project) {
      const r = roles(e.access);
      expect({
        method: e.method,
        transport: r.includes('transport-officer'),
        water: r.includes('water-officer'),
      }).toEqual({
        method: e.method,
        transport: r.includes('housing-officer'),
        water: r.includes('housing-officer'),
      });
    }
  });

  it('lets the inspection chief read inspection cases and money requests, and decide the requests alone', () => {
    const i = ACCESS['wage.inspection.v1.InspectionService'];
    expect(roles(i.getCase)).toContain('inspection-chief');
    expect(roles(i.listCases)).toContain('inspection-chief');
    expect(roles(i.drawDeposit)).not.toContain('inspection-chief');
    expect([...roles(i.listMoneyRequests)].sort()).toEqual(['inspection-chief', 'labor-inspector']);
    expect(roles(i.decideMoneyRequest)).toEqual(['inspection-chief']);
  });

  it('lets no inspector move money in finance alone: only the approving chief or inspection itself', () => {
    const f = ACCESS['wage.finance.v1.FinanceService'];
    for (const m of [f.drawDeposit, f.advanceEmergencyFund]) {
      expect(roles(m)).toEqual(['inspection-chief']);
      expect(m.services).toEqual(['wage-inspection']);
    }
  });

  it('keeps planned methods apart until the proto has them (then they move into ACCESS)', () => {
    for (const [service, methods] of Object.entries(PLANNED_ACCESS))
      for (const method of Object.keys(methods)) expect(DEFINITIONS[service]?.[method]).toBeUndefined();
  });
});
