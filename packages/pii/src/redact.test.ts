import { FieldCipher } from './fieldCipher';
import {
  looksLikeResidentId,
  MOBILE_PATTERN,
  redactDeep,
  redactText,
  RESIDENT_ID_PATTERN,
  sensitiveKeyKind,
} from './redact';

describe('redactDeep', () => {
  it('masks ID numbers and phones under keys that name them, whatever their format', () => {
    expect(
      redactDeep({
        reporter: { name: '张三', idNumber: '652301199001011235', phone: '0991-1234567' },
        workers: [{ idCardNo: '11010519491231002X', mobile: 13812345678 }],
      }),
    ).toEqual({
      reporter: { name: '张三', idNumber: '652301********1235', phone: '0991-***4567' },
      workers: [{ idCardNo: '110105********002X', mobile: '138****5678' }],
    });
  });

  it('masks ID numbers and mobiles inside free text', () => {
    expect(
      redactDeep({ description: '我的电话13812345678，身份证号652301199001011235，老板欠薪三个月' }),
    ).toEqual({
      description: '我的电话138****5678，身份证号652301********1235，老板欠薪三个月',
    });
    expect(redactText('call +86 138-1234-5678 now')).toBe('call 138****5678 now');
    expect(redactText('tel:13912345678;')).toBe('tel:139****5678;');
  });

  it('masks an ID number ending in X even when its check digit is wrong', () => {
    expect(redactText('身份证65230119900101123X')).toBe('身份证652301********123X');
  });

  it('masks a plain string as well (log messages)', () => {
    expect(redactDeep('worker 13812345678 not paid')).toBe('worker 138****5678 not paid');
  });

  it('masks numbers inside property names', () => {
    expect(redactDeep({ '13812345678': 1 })).toEqual({ '138****5678': 1 });
  });

  it('does not touch the input', () => {
    const input = { phone: '13812345678', nested: { text: '652301199001011235' } };
    redactDeep(input);
    expect(input).toEqual({ phone: '13812345678', nested: { text: '652301199001011235' } });
  });

  it('leaves values already masked or encrypted under sensitive keys as they are', () => {
    const cipher = new FieldCipher({
      currentKeyId: 'k1',
      keys: { k1: Buffer.alloc(32, 1).toString('base64') },
    });
    const encrypted = cipher.encrypt('652301199001011235');
    expect(redactDeep({ idNumber: encrypted, phone: '138****5678' })).toEqual({
      idNumber: encrypted,
      phone: '138****5678',
    });
  });

  it('redacts error messages and stacks and keeps what a log needs', () => {
    const out = redactDeep({ err: new Error('lookup failed for 13812345678') }) as unknown as {
      err: Record<string, unknown>;
    };
    expect(out.err.type).toBe('Error');
    expect(out.err.message).toBe('lookup failed for 138****5678');
    expect(String(out.err.stack)).not.toContain('13812345678');
  });

  it('survives cycles and keeps dates', () => {
    const at = new Date('2026-11-22T00:00:00Z');
    const node: Record<string, unknown> = { phone: '13812345678', at };
    node.self = node;
    expect(redactDeep(node)).toEqual({ phone: '138****5678', at, self: '[Circular]' });
  });

  describe('false positives it must avoid', () => {
    it.each([
      ['a credit code with letters', '91350100M000100Y43'],
      ['an all-digit credit code', '914403001922038216'],
      ['a credit code in text', '企业信用代码91652301MA78ABCD1X已核实'],
      ['a UUID', '13812345-6781-4234-8567-138123456789'],
      ['a UUID with a long digit group', 'c0a80101-0000-4000-8000-013812345678'],
      ['an ISO instant', '2026-11-22T03:53:25.123+08:00'],
      ['epoch milliseconds', '1763783605123'],
      ['a compact timestamp to the millisecond', '20261122035325123'],
      ['an 18-digit compact timestamp', '202611220353251234'],
      ['a hex hash', 'a13812345678b13812345678c652301199001011235d'],
      ['an 18-digit number with a wrong check digit', '652301199001011234'],
      ['a fen amount in text', '欠薪 1381234567800 分'],
      ['a 12-digit amount', '138123456789'],
      ['a date range', '2026-01-01至2026-06-30'],
      ['a case number', 'XJ-2026-00012345'],
    ])('leaves %s alone', (_label, text) => {
      expect(redactText(text)).toBe(text);
      expect(redactDeep({ note: text })).toEqual({ note: text });
    });

    it('leaves numbers alone unless their key names a phone or ID', () => {
      const value = { amountFen: 13812345678, workerCount: 12, paidAt: 1763783605123 };
      expect(redactDeep(value)).toEqual(value);
    });

    it('does not take id, bidNo or idNumberHash for ID-number keys', () => {
      const value = {
        id: '550e8400-e29b-41d4-a716-446655440000',
        bidNo: 'ZB-2026-0001',
        idNumberHash: 'f'.repeat(64),
        uscc: '91350100M000100Y43',
      };
      expect(redactDeep(value)).toEqual(value);
    });
  });
});

describe('patterns and key names', () => {
  it('exports the patterns it uses', () => {
    expect(RESIDENT_ID_PATTERN.test('ID 652301199001011235.')).toBe(true);
    expect(MOBILE_PATTERN.test('电话13812345678')).toBe(true);
    expect(MOBILE_PATTERN.test('a13812345678')).toBe(false);
    expect(looksLikeResidentId('652301199001011235')).toBe(true);
    expect(looksLikeResidentId('652301199001011234')).toBe(false);
  });

  it.each([
    ['idNumber', 'resident_id'],
    ['reporterIdNumber', 'resident_id'],
    ['id_card_no', 'resident_id'],
    ['IDCard', 'resident_id'],
    ['身份证号码', 'resident_id'],
    ['phone', 'phone'],
    ['contactPhone', 'phone'],
    ['mobileNumber', 'phone'],
    ['联系电话', 'phone'],
    ['id', undefined],
    ['bidNo', undefined],
    ['idNumberHash', undefined],
    ['phoneVerified', undefined],
  ])('classifies %s as %s', (key, kind) => {
    expect(sensitiveKeyKind(key)).toBe(kind);
  });
});
