import { common } from '@wage/proto';
import { view } from './view';
import { entryHash } from '../audit';

describe('view (the REST shape of a protobuf message)', () => {
  it('turns int64 fen into numbers, keeps empty values, drops the internal version', () => {
    const v = view({
      id: 'c1',
      amountFen: '120000',
      refundFen: '-5',
      caseNo: '007',
      closed: false,
      count: 0,
      note: '',
      version: 3,
      items: [{ paidFen: '1', at: new Date('2026-11-22T00:00:00Z') }],
    });
    expect(v).toEqual({
      id: 'c1',
      amountFen: 120000,
      refundFen: -5,
      caseNo: '007', // digits, but not money: stays a string
      closed: false,
      count: 0,
      note: '',
      items: [{ paidFen: 1, at: '2026-11-22T00:00:00.000Z' }],
    });
  });

  it('leaves a non-numeric fen string alone rather than inventing a number', () => {
    expect(view({ amountFen: '12.5' })).toEqual({ amountFen: '12.5' });
  });

  it('shows a generated message with its defaults', () => {
    expect(view(common.Actor.fromPartial({ username: 'clerk.changji' }))).toEqual({
      subject: '',
      username: 'clerk.changji',
      agency: '',
      region: '',
      roles: [],
    });
  });
});

describe('audit entry hash', () => {
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 41 + 3) & 255));
  const entry = {
    at: new Date('2026-11-22T01:02:03Z'),
    actor: 'supervisor.xinjiang',
    agency: 'hrss',
    region: '650000',
    action: 'GET /api/v1/clues/1?unmask=true',
    caseId: 'c1',
    result: '200',
  };

  it('chains: the same entry after another previous hash or at another position hashes differently', () => {
    const first = entryHash(key, '0'.repeat(64), 1, entry);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(key, '0'.repeat(64), 1, entry)).toBe(first);
    expect(entryHash(key, first, 1, entry)).not.toBe(first);
    expect(entryHash(key, '0'.repeat(64), 2, entry)).not.toBe(first);
  });

  it('is keyed: without the gateway key the same entry cannot be hashed alike', () => {
    const other = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 43 + 5) & 255));
    expect(entryHash(other, '0'.repeat(64), 1, entry)).not.toBe(entryHash(key, '0'.repeat(64), 1, entry));
  });

  it('changes with every field an auditor relies on', () => {
    const base = entryHash(key, '0'.repeat(64), 1, entry);
    for (const change of [
      { actor: 'someone.else' },
      { region: '652300' },
      { action: 'GET /api/v1/clues/2' },
      { caseId: 'c2' },
      { result: '403' },
      { at: new Date('2026-11-22T01:02:04Z') },
    ]) {
      expect(entryHash(key, '0'.repeat(64), 1, { ...entry, ...change })).not.toBe(base);
    }
  });
});
