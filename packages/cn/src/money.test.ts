import { applyRatioBasisPoints, formatFen, isFen, yuanToFen } from './money';

describe('fen', () => {
  it('is a safe non-negative integer', () => {
    expect(isFen(0)).toBe(true);
    expect(isFen(1234)).toBe(true);
    expect(isFen(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isFen(-1)).toBe(false);
    expect(isFen(12.5)).toBe(false);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isFen('1234')).toBe(false);
    expect(isFen(NaN)).toBe(false);
  });
});

describe('yuanToFen', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['0.01', 1],
    ['0.29', 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ['5000000', 500_000_000],
  ])('reads %s as %i fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['12.345', '-1.00', '1,234.00', '.5', '12.', ' 12', '1e3', ''])('refuses %j', (yuan) => {
    expect(() => yuanToFen(yuan)).toThrow(RangeError);
  });

  it('refuses a number', () => {
    expect(() => yuanToFen(12.34 as unknown as string)).toThrow(TypeError);
  });
});

describe('formatFen', () => {
  it('formats with yuan sign, thousands separators and two decimals', () => {
    expect(formatFen(1_234_567)).toBe('¥12,345.67');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(1_000_000_000)).toBe('¥10,000,000.00');
    expect(formatFen(-1234)).toBe('-¥12.34');
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });
});

describe('applyRatioBasisPoints', () => {
  it('takes 3 % of a contract price exactly', () => {
    // Xinjiang tier: 3 % of ¥9,999,999.99.
    expect(applyRatioBasisPoints(999_999_999, 300)).toBe(30_000_000); // 29,999,999.97 fen rounded up
    expect(applyRatioBasisPoints(999_999_999, 300, 'floor')).toBe(29_999_999);
    expect(applyRatioBasisPoints(1_000_000_000, 300)).toBe(30_000_000);
  });

  it('rounds up obligations by default and supports floor and half-up', () => {
    expect(applyRatioBasisPoints(1, 1)).toBe(1);
    expect(applyRatioBasisPoints(1, 1, 'floor')).toBe(0);
    expect(applyRatioBasisPoints(3, 5000, 'half_up')).toBe(2); // 1.5
    expect(applyRatioBasisPoints(3, 4999, 'half_up')).toBe(1); // 1.4997
  });

  it('applies multipliers above 100 % (×1.5 for past arrears)', () => {
    expect(applyRatioBasisPoints(2_000_000, 15_000)).toBe(3_000_000);
  });

  it('stays exact where floating point would not', () => {
    // 9,007,199,254,740,991 × 9,999 overflows a double's integer range; BigInt keeps it exact.
    expect(applyRatioBasisPoints(Number.MAX_SAFE_INTEGER, 9_999, 'floor')).toBe(9_006_298_534_815_516);
  });

  it('refuses non-integer inputs', () => {
    expect(() => applyRatioBasisPoints(10.5, 300)).toThrow(RangeError);
    expect(() => applyRatioBasisPoints(1000, 2.5)).toThrow(RangeError);
    expect(() => applyRatioBasisPoints(-1000, 300)).toThrow(RangeError);
  });
});
