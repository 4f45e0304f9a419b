// Personal data never leaves unmasked except in an audited read by a pii-reader; the audit chain verifies
// and detects tampering; the cross-agency timeline survives a stopped service and names it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { databaseUrl, eventually, repoRoot, TEST_AUDIT_HMAC_KEY } from '@wage/testing';
import { Platform, clueBody } from '../support/platform';
import { residentId } from '../support/fixtures';

jest.setTimeout(240_000);
const p = new Platform();
const responses: string[] = [];

beforeAll(() => p.start('gw-pii'));
afterAll(() => p.stop());

async function call(method: string, path: string, opts: Parameters<Platform['request']>[2] = {}) {
  const r = await p.request(method, path, opts);
  responses.push(r.text);
  return r;
}

function auditVerify() {
  return spawnSync(process.execPath, [join(repoRoot(), 'gateway/dist/cli/audit.js'), 'verify'], {
    env: {
      ...process.env,
      MONGO_URL: databaseUrl(p.infra.mongoUrl, `${p.namespace}-gateway`),
      AUDIT_HMAC_KEY: TEST_AUDIT_HMAC_KEY,
    },
    encoding: 'utf8',
  });
}

describe('personal data', () => {
  const idNumber = residentId(777);
  const phone = '13912345777';
  let clueId: string;
  let caseId: string;

  it('shows ID numbers and phones masked to everyone, and refuses unmasking without pii-reader', async () => {
    const clerk = await p.token('clerk.changji');
    const created = await call('POST', '/api/v1/clues', {
      token: clerk,
      body: clueBody(777, {
        reporter: { name: '李四', idNumber, phone },
        description: `联系电话 ${phone}，身份证 ${idNumber}`,
      }),
    });
    expect(created.status).toBe(201);
    ({ id: clueId, caseId } = created.body);
    const read = await call('GET', `/api/v1/clues/${clueId}`, { token: clerk });
    expect(read.body.reporter).toEqual({
      name: '李四',
      idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`,
      phone: '139****5777',
    });
    const refused = await call('GET', `/api/v1/clues/${clueId}?unmask=true`, { token: clerk });
    expect(refused.status).toBe(403);
  });

  it('unmasks for a pii-reader and writes that read to the audit log', async () => {
    const sup = await p.token('supervisor.xinjiang');
    const r = await p.request('GET', `/api/v1/clues/${clueId}?unmask=true`, { token: sup });
    expect(r.status).toBe(200);
    expect(r.body.reporter).toMatchObject({ idNumber, phone });
    const conn = await mongoose
      .createConnection(databaseUrl(p.infra.mongoUrl, `${p.namespace}-gateway`))
      .asPromise();
    try {
      const entry = await conn.collection('audit_log').findOne({ action: 'pii.unmask' });
      expect(entry).toMatchObject({ actor: 'supervisor.xinjiang', region: '650000', caseId, result: '200' });
    } finally {
      await conn.close();
    }
  });

  it("records the pii-reader's stated reason with the unmasking, and refuses a malformed one before reading", async () => {
    const sup = await p.token('supervisor.xinjiang');
    const reason = '核对欠薪台账（督办件）';
    const r = await p.request('GET', `/api/v1/clues/${clueId}?unmask=true`, {
      token: sup,
      headers: { 'X-Unmask-Reason': encodeURIComponent(reason) },
    });
    expect(r.status).toBe(200);
    const bad = await p.request('GET', `/api/v1/clues/${clueId}?unmask=true`, {
      token: sup,
      headers: { 'X-Unmask-Reason': '%E4%B8' }, // a cut-off UTF-8 sequence
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'X-Unmask-Reason' })]);
    expect(JSON.stringify(bad.body)).not.toContain(idNumber);
    const conn = await mongoose
      .createConnection(databaseUrl(p.infra.mongoUrl, `${p.namespace}-gateway`))
      .asPromise();
    try {
      const entries = await conn.collection('audit_log').find({ action: 'pii.unmask' }).toArray();
      // The refused read wrote no unmasking; the reasoned one carries its reason.
      expect(entries.map((e) => e.reason ?? null)).toEqual([null, reason]);
    } finally {
      await conn.close();
    }
  });

  it('never writes a full ID number or phone to any other response or to any log', async () => {
    await eventually(async () =>
      (
        await p.request('GET', `/api/v1/cases/${caseId}/timeline`, {
          token: await p.token('supervisor.changji'),
        })
      ).body.items?.length >= 3
        ? true
        : undefined,
    );
    const leaks = (text: string) => text.includes(idNumber) || text.includes(phone);
    expect(responses.filter(leaks)).toEqual([]);
    const logs = {
      gateway: p.gateway.log(),
      ...Object.fromEntries(Object.entries(p.services).map(([n, s]) => [n, s.log()])),
    };
    for (const [name, text] of Object.entries(logs)) {
      expect(text.length).toBeGreaterThan(0);
      expect({ name, leaked: leaks(text) }).toEqual({ name, leaked: false });
    }
  });
});

describe('audit log', () => {
  it('records every state change and verifies; altering one entry breaks verification', async () => {
    const clerk = await p.token('clerk.changji');
    for (const n of [801, 802, 803])
      expect((await p.request('POST', '/api/v1/clues', { token: clerk, body: clueBody(n) })).status).toBe(
        201,
      );
    expect(
      (
        await p.request('POST', '/api/v1/clues', {
          token: await p.token('inspector.changji'),
          body: clueBody(804),
        })
      ).status,
    ).toBe(403);
    const ok = auditVerify();
    expect(ok.stdout).toMatch(/chain intact/);
    expect(ok.status).toBe(0);

    const conn = await mongoose
      .createConnection(databaseUrl(p.infra.mongoUrl, `${p.namespace}-gateway`))
      .asPromise();
    try {
      const entries = await conn.collection('audit_log').find().sort({ _id: 1 }).toArray();
      const posts = entries.filter((e) => e.action === 'POST /clues');
      expect(posts.filter((e) => e.result === '201').length).toBeGreaterThanOrEqual(4);
      expect(posts.filter((e) => e.result === '403 permission_denied').map((e) => e.actor)).toEqual([
        'inspector.changji',
      ]); // refused attempts too
      expect(entries.every((e) => e.actor && e.region && e.at)).toBe(true);
      const victim = entries[1]!;
      await conn.collection('audit_log').updateOne({ _id: victim._id }, { $set: { actor: 'someone.else' } });
      const broken = auditVerify();
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(new RegExp(`BROKEN at entry ${victim._id}`));
      await conn.collection('audit_log').updateOne({ _id: victim._id }, { $set: { actor: victim.actor } });
    } finally {
      await conn.close();
    }
  });
});

describe('cross-agency timeline', () => {
  it('comes back in time order from every service, and names a stopped service in missing', async () => {
    const clerk = await p.token('clerk.changji');
    const sup = await p.token('supervisor.xinjiang');
    const created = await p.request('POST', '/api/v1/clues', { token: clerk, body: clueBody(901) });
    const path = `/api/v1/cases/${created.body.caseId}/timeline`;
    const full = await eventually(async () => {
      const r = await p.request('GET', path, { token: sup });
      return r.body.items?.some((i: { service: string }) => i.service === 'inspection') ? r : undefined;
    });
    const times = full.body.items.map((i: { at: string }) => i.at);
    expect(times).toEqual([...times].sort());
    expect(full.body.missing).toEqual([]);

    await p.services.inspection!.stop();
    const partial = await p.request('GET', path, { token: sup });
    expect(partial.status).toBe(200);
    expect(partial.body.missing).toEqual(['inspection']);
    expect(partial.body.items.map((i: { service: string }) => i.service)).toEqual(['intake', 'intake']);
    await p.services.inspection!.start();
  });
});
