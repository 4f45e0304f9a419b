// Numbering and immutability against the real Mongo-protocol server: the counter is one document, so
// this is where concurrency could break it.
import mongoose from 'mongoose';
import { personalDataProtection } from '@wage/kit';
import { databaseUrl, pdfText, testInfra, testPiiEnv, uniqueNamespace } from '@wage/testing';
import { DocumentRegistry, type IssueRequest } from '../src';

jest.setTimeout(120_000);
let conn: mongoose.Connection;
let registry: DocumentRegistry;
const pii = personalDataProtection(testPiiEnv());

beforeAll(async () => {
  const infra = await testInfra();
  conn = await mongoose
    .createConnection(databaseUrl(infra.mongoUrl, uniqueNamespace('documents')))
    .asPromise();
  registry = new DocumentRegistry(conn, 'inspection', () => pii);
});
afterAll(async () => {
  await conn?.dropDatabase().catch(() => undefined);
  await conn?.close();
});

const act = (n: number, over: Partial<IssueRequest> = {}): IssueRequest => ({
  kind: 'payment_order',
  caseId: `case-${n}`,
  regionCode: '652300',
  regionName: '昌吉回族自治州',
  sourceId: `order-${n}`,
  issuedBy: 'inspector.changji',
  content: {
    recipient: `昌吉第${n}建筑公司`,
    parties: [{ role: '被责令单位', name: `昌吉第${n}建筑公司`, uscc: '91652301MA00000017' }],
    facts: ['拖欠工资'],
    decision: ['责令支付'],
    amountFen: 100_000 + n,
    legalBasis: ['《保障农民工工资支付条例》第五十七条'],
    deadline: '2026-12-31',
  },
  ...over,
});

it('gives 50 concurrent acts of one agency 50 distinct, consecutive numbers, and a repeated act its first number', async () => {
  const issued = await Promise.all(Array.from({ length: 50 }, (_, i) => registry.issue(act(i))));
  const seqs = issued.map((d) => d.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => seqs[0]! + i));
  expect(new Set(issued.map((d) => d.number)).size).toBe(50);
  expect(issued[0]!.number).toMatch(/^昌人社监令〔\d{4}〕\d+号$/);

  // The same acts again, concurrently (retries, redeliveries): nothing new is numbered.
  const again = await Promise.all(Array.from({ length: 50 }, (_, i) => registry.issue(act(i))));
  expect(again.map((d) => d.number)).toEqual(issued.map((d) => d.number));
  expect(await registry.documents.countDocuments({ caseId: /^case-/ })).toBe(50);
  const next = await registry.issue(act(50));
  expect(next.seq).toBe(seqs[49]! + 1);
});

it('finds the number an act already took when it dies between the counter and the record', async () => {
  // The counter step of an issue that crashed before its record was written.
  const first = await registry.issue(act(100, { kind: 'penalty_decision', sourceId: 'penalty-100' }));
  await registry.documents.collection.deleteOne({ _id: first._id as never });
  const retried = await registry.issue(act(100, { kind: 'penalty_decision', sourceId: 'penalty-100' }));
  expect(retried.number).toBe(first.number);
  const other = await registry.issue(act(101, { kind: 'penalty_decision', sourceId: 'penalty-101' }));
  expect(other.seq).toBe(first.seq + 1);
});

it('refuses to change an issued document: a correction is a new document naming the old one', async () => {
  const original = await registry.issue(act(200));
  await expect(
    registry.documents.updateOne({ _id: original._id }, { $set: { number: 'x' } }),
  ).rejects.toThrow(/immutable/);
  const correction = await registry.issue(act(200, { sourceId: 'order-200-fix', corrects: original._id }));
  expect(correction.corrects).toBe(original._id);
  expect(correction.number).not.toBe(original.number);
  expect((await registry.get(original._id))!.number).toBe(original.number);
});

it('prints an ID number masked, and in full only when asked to unmask', async () => {
  const id = '652301199001011234';
  const d = await registry.issue(
    act(300, {
      content: {
        ...act(300).content,
        parties: [{ role: '劳动者', name: '张三', idNumber: registry.idNumber(id) }],
      },
    }),
  );
  const stored = JSON.stringify(await conn.collection('documents').findOne({ _id: d._id as never }));
  expect(stored).not.toContain(id);
  const { renderPdf } = await import('../src');
  const masked = await pdfText(await renderPdf(d, { printId: (x) => registry.printedIdNumber(x, false) }));
  expect(masked).toContain('652301********1234');
  expect(masked).not.toContain(id);
  const full = await pdfText(await renderPdf(d, { printId: (x) => registry.printedIdNumber(x, true) }));
  expect(full).toContain(id);
});
