// The gateway's audit log against the real MongoDB-protocol server: kept (nothing in the platform deletes or
// edits an entry, no TTL), exportable for an outside audit, and every tampering found by `audit verify`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { AuditLog, AUDIT_RETENTION_DAYS, auditKey, type AuditEntry } from '@wage/gateway/dist/audit';
import { databaseUrl, repoRoot, testInfra, uniqueNamespace } from '@wage/testing';

jest.setTimeout(120_000);
let conn: Connection;
let url: string;
let log: AuditLog;
const KEY = randomBytes(32).toString('base64');

const DAY = 86_400_000;
const entry = (at: Date, action: string): AuditEntry => ({
  at,
  actor: 'inspector.changji',
  agency: 'hrss',
  region: '652300',
  action,
  target: '/api/v1/inspection/cases/x',
  result: '200',
});

beforeEach(async () => {
  const infra = await testInfra();
  url = databaseUrl(infra.mongoUrl, `${uniqueNamespace('audit')}-gateway`);
  conn = await mongoose.createConnection(url).asPromise();
  log = new AuditLog(conn, auditKey(KEY));
});
afterEach(() => conn.close());

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(repoRoot(), 'gateway', 'dist', 'cli', 'audit.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', MONGO_URL: url, AUDIT_HMAC_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stdout, stderr })));
}

describe('retention', () => {
  it('refuses to delete or edit an entry through the platform, even one older than the retention period', async () => {
    const old = new Date(Date.now() - (AUDIT_RETENTION_DAYS + 20) * DAY);
    await log.append(entry(old, 'POST /old'));
    await log.append(entry(new Date(), 'POST /new'));
    await expect(log.model.deleteMany({ at: { $lt: new Date(Date.now() - DAY) } })).rejects.toThrow(
      'append-only',
    );
    await expect(log.model.deleteOne({ _id: 2 })).rejects.toThrow('append-only');
    await expect(log.model.updateOne({ _id: 2 }, { result: '403' })).rejects.toThrow('append-only');
    expect(await conn.collection('audit_log').countDocuments()).toBe(2);
    expect((await cli('verify')).code).toBe(0);
  });

  it('has no TTL index on the audit collection', async () => {
    await log.append(entry(new Date(), 'POST /x'));
    await log.model.init();
    const indexes = await conn.collection('audit_log').indexes();
    expect(indexes.filter((i) => i.expireAfterSeconds !== undefined)).toEqual([]);
    expect(log.model.schema.indexes().filter(([, o]) => o?.expires !== undefined)).toEqual([]);
  });
});

describe('export', () => {
  it('exports the entries of a period as JSON Lines with their place in the chain', async () => {
    const t0 = Date.UTC(2026, 0, 10);
    for (let i = 0; i < 5; i++) await log.append(entry(new Date(t0 + i * DAY), `POST /a${i}`));
    const r = await cli('export', '--from', '2026-01-11', '--to', '2026-01-13');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.seq, l.action])).toEqual([
      [2, 'POST /a1'],
      [3, 'POST /a2'],
    ]);
    // Each line links to the one before it, so the auditor can re-check the exported stretch.
    expect(lines[1]!.prevHash).toBe(lines[0]!.hash);
    expect(r.stderr).toContain('exported 2 audit entries');
  });

  it('refuses an export without a valid period', async () => {
    const r = await cli('export', '--from', 'yesterday');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('tampering', () => {
  const entries = () => conn.collection<{ _id: number } & Record<string, unknown>>('audit_log');
  async function chainOf(n: number): Promise<void> {
    for (let i = 1; i <= n; i++) await log.append(entry(new Date(Date.UTC(2026, 10, i)), `POST /c${i}`));
    await log.anchor();
  }

  it('verifies an untouched chain with its anchor', async () => {
    await chainOf(5);
    const r = await cli('verify');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 entries, 1 anchors, chain intact');
  });

  it('finds one deleted entry', async () => {
    await chainOf(5);
    await entries().deleteOne({ _id: 3 });
    const r = await cli('verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BROKEN at entry 3: entry 3 is missing');
  });

  it('finds one edited entry', async () => {
    await chainOf(5);
    await entries().updateOne({ _id: 2 }, { $set: { result: '403 permission_denied' } });
    const r = await cli('verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BROKEN at entry 2');
  });

  it('finds an entry rewritten with recomputed hashes by someone without the key', async () => {
    await chainOf(3);
    // The attacker re-chains entry 3 with a plain SHA-256, as the unkeyed log allowed.
    const e3 = (await entries().findOne({ _id: 3 }))!;
    const forged = createHash('sha256').update(String(e3.prevHash)).update('forged').digest('hex');
    await entries().updateOne({ _id: 3 }, { $set: { actor: 'someone.else', hash: forged } });
    const r = await cli('verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BROKEN at entry 3: entry content was altered or not written with this key');
  });

  it("finds the chain's tail cut after it was anchored", async () => {
    await chainOf(5);
    await entries().deleteMany({ _id: { $gte: 4 } });
    const r = await cli('verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('chain cut: an anchor names entry 5, the log ends at 3');
    expect(await entries().countDocuments()).toBe(3);
  });

  it('finds a forged anchor', async () => {
    await chainOf(2);
    await conn.collection('audit_anchors').updateOne({ _id: 1 as never }, { $set: { seq: 9 } });
    const r = await cli('verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("anchor 1 is not signed by this gateway's key");
  });

  it('keeps one unbroken chain when two gateways append many entries at once', async () => {
    const other = new AuditLog(conn, auditKey(KEY));
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        (i % 2 ? log : other).append(entry(new Date(), i % 3 ? '403 refusal' : 'POST /x')),
      ),
    );
    expect(await entries().countDocuments()).toBe(120);
    const r = await cli('verify');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('120 entries');
  });
});
