import { describe, expect, it } from 'vitest';
import { fenToInput, formatMoney, parseYuan } from './money';

describe('yuan typed by an official → integer fen', () => {
  it('converts without floating point, also where floats go wrong', () => {
    expect(parseYuan('0.1')).toEqual({ ok: true, fen: 10 });
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 }); // 0.29 * 100 = 28.999999999999996 as a float
    expect(parseYuan('12,345.6')).toEqual({ ok: true, fen: 1_234_560 });
    expect(parseYuan(' ¥ 90071992547409.91 ')).toEqual({ ok: true, fen: 9_007_199_254_740_991 });
  });

  it('refuses what is not an amount, in Chinese', () => {
    expect(parseYuan('')).toEqual({ ok: false, message: '请输入金额' });
    expect(parseYuan('1.005')).toEqual({ ok: false, message: '金额最多两位小数' });
    expect(parseYuan('-5')).toMatchObject({ ok: false });
    expect(parseYuan('1e5')).toMatchObject({ ok: false });
    expect(parseYuan('90071992547409.92')).toEqual({ ok: false, message: '金额过大' });
  });
});

describe('integer fen → yuan shown', () => {
  it('shows two decimals and thousands separators', () => {
    expect(formatMoney(0)).toBe('¥0.00');
    expect(formatMoney(5)).toBe('¥0.05');
    expect(formatMoney(123_456_789)).toBe('¥1,234,567.89');
    expect(formatMoney(undefined)).toBe('—');
  });

  it('round-trips through the input field', () => {
    for (const fen of [0, 1, 99, 100, 1_234_560, 9_007_199_254_740_991]) {
      const back = parseYuan(fenToInput(fen));
      expect(back).toEqual({ ok: true, fen });
    }
  });
});
