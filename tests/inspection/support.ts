import { callAsGateway, gatewayChannel } from '@wage/testing';
import { finance } from '@wage/proto';
import { eventually } from '@wage/testing';
import type { Platform } from '../support/platform';
import { clueBody } from '../support/platform';
import { uscc } from '../support/fixtures';

/** Finance has no REST routes in the gateway yet: projects and deposits go through its gRPC with officers' tokens. */
export function financeApi(address: string, p: Platform) {
  const c = new finance.FinanceServiceClient(address, gatewayChannel());
  return {
    client: c,
    async project(n: number, contractPriceFen: number, depositFen: number) {
      const project = await callAsGateway(
        c.createProject.bind(c),
        finance.CreateProjectRequest.fromPartial({
          name: `昌吉安置房项目${n}`,
          regionCode: '652301',
          industry: 'housing',
          contractorUscc: uscc(7000 + n),
          contractorName: `总包建设集团${n}`,
          ownerName: '昌吉市城投公司',
          contractPriceFen: String(contractPriceFen),
          permitDate: '2026-01-05',
        }),
        { token: await p.token('housing.changji'), deadlineMs: 15_000 },
      );
      if (depositFen > 0) {
        await callAsGateway(
          c.recordDeposit.bind(c),
          finance.RecordDepositRequest.fromPartial({
            projectId: project.id,
            amountFen: String(depositFen),
            form: 'cash',
            reference: `BANK-${n}`,
          }),
          {
            token: await p.token('finance.changji'),
            idempotencyKey: `deposit-${n}`,
            deadlineMs: 15_000,
          },
        );
      }
      return project;
    },
    async deposit(projectId: string, amountFen: number, reference: string) {
      return callAsGateway(
        c.recordDeposit.bind(c),
        finance.RecordDepositRequest.fromPartial({
          projectId,
          amountFen: String(amountFen),
          form: 'cash',
          reference,
        }),
        { token: await p.token('finance.changji'), idempotencyKey: reference, deadlineMs: 15_000 },
      );
    },
    /** Registers workers on the project's real-name roster (as the housing regulator does). */
    async roster(projectId: string, workers: ReadonlyArray<{ name: string; idNumber: string }>) {
      const m = new finance.MonitoringServiceClient(address, gatewayChannel());
      try {
        const r = await callAsGateway(
          m.registerWorkers.bind(m),
          finance.RegisterWorkersRequest.fromPartial({
            projectId,
            workers: workers.map((w, i) => ({
              name: w.name,
              idNumber: w.idNumber,
              phone: `1390000${String(i).padStart(4, '0')}`,
              team: '木工班',
            })),
          }),
          { token: await p.token('housing.changji'), deadlineMs: 15_000 },
        );
        if (r.rejected.length > 0) throw new Error(`roster rows rejected: ${JSON.stringify(r.rejected)}`);
      } finally {
        m.close();
      }
    },
    async balance(projectId: string) {
      const r = await callAsGateway(
        c.getProject.bind(c),
        { id: projectId },
        { token: await p.token('finance.changji'), idempotent: true },
      );
      return Number(r.depositBalanceFen);
    },
    async verify() {
      return callAsGateway(
        c.verifyLedger.bind(c),
        {},
        { token: await p.token('finance.changji'), deadlineMs: 30_000 },
      );
    },
  };
}

/** Files a clue routed to inspection and waits for its inspection case. */
export async function openCase(p: Platform, n: number, over: Record<string, unknown>, waitMs = 60_000) {
  const clerk = await p.token('clerk.changji');
  const clue = await p.request('POST', '/api/v1/clues', { token: clerk, body: clueBody(n, over) });
  if (clue.status !== 201) throw new Error(`clue: ${clue.status} ${clue.text}`);
  expect(clue.body.route).toBe('inspection');
  const inspector = await p.token('inspector.changji');
  const id = await eventually(async () => {
    const r = await p.request('GET', '/api/v1/inspection/cases?limit=200', { token: inspector });
    return r.body.items?.find((x: { caseId: string }) => x.caseId === clue.body.caseId)?.id as
      string | undefined;
  }, waitMs);
  return { id, caseId: clue.body.caseId as string };
}

export const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
export const daysFromToday = (n: number) =>
  new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** A project for POST /projects; `label` and `usccBase` keep one suite's projects and contractors apart. */
export function projectBody(k: number, label = 'M', usccBase = 8_000) {
  return {
    name: `昌吉安置房项目${label}${k}`,
    regionCode: '652301',
    industry: 'housing',
    contractorUscc: uscc(usccBase + k),
    contractorName: `总包建设集团${label}${k}`,
    ownerName: '昌吉市城投公司',
    contractPriceFen: 3_000_000_000,
    permitDate: daysFromToday(-20),
  };
}
