// The server enforces the roles @wage/proto ACCESS declares, before any handler runs. Token verification is
// not under test here (the suites under tests/ use the real Keycloak): the verifier hands out fixed callers.
import { Metadata, status } from '@grpc/grpc-js';
import pino from 'pino';
import { ACCESS, finance, queries } from '@wage/proto';
import type { Principal } from '../auth/principal';
import type { CallerVerifier } from '../auth/internal';
import { DomainError } from '../errors';
import { callUnary, platformChannel } from './client';
import { tlsIdentity } from './tls';
import { GrpcServer, type UnaryHandlers } from './server';

const callers: Record<string, Partial<Principal>> = {
  clerk: { roles: ['intake-clerk'], clientId: 'wage-portal' },
  supervisor: { roles: ['supervisor'], clientId: 'wage-portal' },
  inspection: { roles: ['wage-inspection'], clientId: 'wage-inspection' },
  finance: { roles: ['finance-officer'], clientId: 'wage-portal' },
};
const verifier = {
  verify: async (token: string): Promise<Principal> => ({
    subject: token,
    username: token,
    clientId: '',
    roles: [],
    region: '650000',
    agency: 'test',
    token,
    expiresAt: new Date(Date.now() + 60_000),
    ...callers[token],
  }),
} satisfies CallerVerifier;

/** Handlers that answer (a default message) for every method: only the server's own refusal can stop a call. */
function answering<D extends object>(definition: D): UnaryHandlers<D> {
  const handlers: Record<string, () => Promise<unknown>> = {};
  for (const [method, d] of Object.entries(
    definition as Record<string, { responseDeserialize(b: Buffer): unknown }>,
  ))
    handlers[method] = async () => d.responseDeserialize(Buffer.alloc(0));
  return handlers as unknown as UnaryHandlers<D>;
}

const server = new GrpcServer({ logger: pino({ level: 'silent' }), verifier, tls: tlsIdentity('intake') });
let address = '';
let cases: queries.CaseQueriesClient;
let money: finance.FinanceServiceClient;

beforeAll(async () => {
  server
    .add('wage.common.v1.CaseQueries', queries.CaseQueriesService, answering(queries.CaseQueriesService))
    .add(
      'wage.finance.v1.FinanceService',
      finance.FinanceServiceService,
      answering(finance.FinanceServiceService),
    );
  address = `127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  cases = new queries.CaseQueriesClient(address, platformChannel('gateway'));
  money = new finance.FinanceServiceClient(address, platformChannel('gateway'));
});
afterAll(async () => {
  cases.close();
  money.close();
  await server.shutdown(1_000);
});

async function outcome(call: Promise<unknown>): Promise<'ok' | string> {
  try {
    await call;
    return 'ok';
  } catch (e) {
    return e instanceof DomainError ? e.kind : String(e);
  }
}

describe('GrpcServer enforces the declared roles', () => {
  it('refuses a role the declaration does not list, and serves one it does', async () => {
    expect(ACCESS['wage.common.v1.CaseQueries'].getStatistics.roles).toEqual(['supervisor']);
    const stats = (token: string) =>
      callUnary(
        cases.getStatistics.bind(cases),
        { regionCode: '', from: '', to: '' },
        { token, deadlineMs: 5_000 },
      );
    expect(await outcome(stats('clerk'))).toBe('permission_denied');
    expect(await outcome(stats('supervisor'))).toBe('ok');
    const timeline = (token: string) =>
      callUnary(cases.getTimeline.bind(cases), { caseId: 'c1' }, { token, deadlineMs: 5_000 });
    expect(await outcome(timeline('clerk'))).toBe('ok');
  });

  it('admits a declared service account on a direct call, and no other role on a money movement', async () => {
    const draw = (token: string) =>
      callUnary(money.drawDeposit.bind(money), finance.DrawDepositRequest.fromPartial({}), {
        token,
        deadlineMs: 5_000,
      });
    expect(await outcome(draw('inspection'))).toBe('ok');
    expect(await outcome(draw('finance'))).toBe('permission_denied');
  });

  it('answers PERMISSION_DENIED on the wire with the roles needed, in Chinese', async () => {
    const err = await new Promise<{ code?: number; details?: string }>((resolve) => {
      const md = new Metadata();
      md.set('authorization', 'Bearer clerk');
      cases.getStatistics({ regionCode: '', from: '', to: '' }, md, (e: unknown) => resolve(e as never));
    });
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toContain('需要以下角色之一：supervisor');
  });

  it('will not serve a service the declaration does not know', () => {
    const other = new GrpcServer({ logger: pino({ level: 'silent' }), verifier, tls: tlsIdentity('intake') });
    expect(() =>
      other.add(
        'wage.unknown.v1.Service' as never,
        queries.CaseQueriesService,
        answering(queries.CaseQueriesService),
      ),
    ).toThrow(/no declared roles/);
  });
});
