import { callAsGateway, gatewayChannel } from '@wage/testing';
// A blacklisted contractor's next project needs twice the deposit: finance asks this credit service (real
// process, CREDIT_GRPC) for the contractor's standing when a project is registered.
import type { Producer } from 'kafkajs';
import { shanghaiDate } from '@wage/cn';
import { newId } from '@wage/kit';
import { finance, inspection } from '@wage/proto';
import type { InfraEndpoints } from '@wage/local-infra';
import { eventually, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import { creditClient, employer, message, TopicReader, uscc } from './support';

jest.setTimeout(180_000);

let infra: InfraEndpoints;
let namespace: string;
let credit: ServiceProcess;
let financeSvc: ServiceProcess;
let producer: Producer;
const token = (user: string) => tokenFor(infra.keycloakUrl, user);

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('credit-finance');
  credit = await new ServiceProcess({ name: 'credit', infra, namespace }).start();
  financeSvc = await new ServiceProcess({
    name: 'finance',
    infra,
    namespace,
    env: { CREDIT_GRPC: credit.address },
  }).start();
  producer = TopicReader.kafka(infra.kafkaBrokers).producer({ idempotent: true });
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await financeSvc?.stop();
  await credit?.stop();
});

it('a blacklisted contractor needs twice the deposit; one with arrears only ×1.5', async () => {
  const api = creditClient(credit.address);
  const projects = new finance.FinanceServiceClient(financeSvc.address, gatewayChannel());
  try {
    const region = '652301';
    const arrearsCase = async (n: number) => {
      const u = uscc(7000 + n);
      const caseId = newId();
      const emp = employer(u, 7000 + n);
      await producer.send({
        topic: `${namespace}.wage.inspection.events.v1`,
        messages: [
          message(
            'inspection.ArrearsConfirmed.v1',
            caseId,
            region,
            inspection.ArrearsConfirmed.fromPartial({
              caseId,
              regionCode: region,
              employer: emp,
              arrearsFen: '12000000',
              workerCount: 12,
            }),
          ),
          message(
            'inspection.PaymentOrderOverdue.v1',
            caseId,
            region,
            inspection.PaymentOrderOverdue.fromPartial({
              caseId,
              orderId: newId(),
              regionCode: region,
              employer: emp,
              unpaidFen: '12000000',
              dueDate: shanghaiDate(new Date(Date.now() - 86_400_000)),
            }),
          ),
        ],
      });
      await eventually(async () =>
        (await api.standing(u, await token('finance.changji')).catch(() => undefined))?.violations === 2
          ? true
          : undefined,
      );
      return { u, caseId, emp };
    };
    const listed = await arrearsCase(1);
    const officer = await token('credit.xinjiang');
    const p = await api.propose(
      { uscc: listed.u, caseId: listed.caseId, reason: '拒不支付农民工工资' },
      officer,
    );
    await api.answer({ id: p.id, statement: '', waived: true }, officer);
    await api.decide({ id: p.id, decision: 'list' }, officer);
    await eventually(async () =>
      (await api.standing(listed.u, await token('finance.changji'))).blacklisted ? true : undefined,
    );
    const arrearsOnly = await arrearsCase(2);

    const register = async (u: string, name: string) =>
      callAsGateway(
        projects.createProject.bind(projects),
        finance.CreateProjectRequest.fromPartial({
          name: `${name} 住宅项目`,
          regionCode: region,
          industry: 'housing',
          contractorUscc: u,
          contractorName: name,
          ownerName: '昌吉某置业公司',
          contractPriceFen: '500000000',
          permitDate: shanghaiDate(new Date()),
        }),
        { token: await token('housing.changji'), deadlineMs: 15_000, idempotencyKey: `project-${u}` },
      );

    // Xinjiang: under ¥10M 3 %; ×2 while blacklisted, ×1.5 for arrears in the last 2 years.
    expect(await register(listed.u, listed.emp.name)).toMatchObject({
      depositRatioBp: 600,
      requiredDepositFen: '30000000',
      ratioProvisional: false,
    });
    expect(await register(arrearsOnly.u, arrearsOnly.emp.name)).toMatchObject({
      depositRatioBp: 450,
      requiredDepositFen: '22500000',
      ratioProvisional: false,
    });
  } finally {
    api.close();
    projects.close();
  }
});
