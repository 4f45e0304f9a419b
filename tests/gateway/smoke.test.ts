import { eventually } from '@wage/testing';
import { Platform, clueBody } from '../support/platform';

jest.setTimeout(180_000);
const p = new Platform();
beforeAll(() => p.start('gw-smoke'));
afterAll(() => p.stop());

it('files a clue through the gateway and shows it on the cross-agency timeline', async () => {
  const clerk = await p.token('clerk.changji');
  const res = await p.request('POST', '/api/v1/clues', { token: clerk, body: clueBody(1) });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    caseNo: expect.stringMatching(/^652301-/),
    route: 'inspection',
    merged: false,
  });
  const sup = await p.token('supervisor.xinjiang');
  const tl = await eventually(async () => {
    const r = await p.request('GET', `/api/v1/cases/${res.body.caseId}/timeline`, { token: sup });
    return r.status === 200 && r.body.items.some((i: { service: string }) => i.service === 'inspection')
      ? r
      : undefined;
  });
  expect(tl.body.missing).toEqual([]);
  expect(tl.body.items.map((i: { type: string }) => i.type)).toEqual([
    'intake.ClueReceived',
    'intake.CaseRouted',
    'inspection.opened',
  ]);
});
