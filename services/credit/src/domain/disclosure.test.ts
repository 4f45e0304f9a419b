import { disclosurePeriod, toCsv } from './disclosure';
import { checkRestriction } from './jointPunishment';

describe('disclosure lists', () => {
  it('a county publishes quarterly, a province half-yearly', () => {
    expect(disclosurePeriod('652301', 2026, 2)).toEqual({
      label: '2026-Q2',
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(disclosurePeriod('652300', 2026, 4)).toEqual({
      label: '2026-Q4',
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(disclosurePeriod('650000', 2026, 1)).toEqual({
      label: '2026-H1',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(typeof disclosurePeriod('650000', 2026, 3)).toBe('string');
  });
  it('writes CSV with a header, quoted cells and no formulas', () => {
    const csv = toCsv([
      { name: '某公司, "昌吉"', uscc: '91', legalRepresentative: '张三', facts: '=1+1', outcome: '列入' },
    ]);
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFF"单位名称","统一社会信用代码","法定代表人","主要违法事实","处理处罚情况"',
    );
    expect(csv.split('\r\n')[1]).toBe('"某公司, ""昌吉""","91","张三","\'=1+1","列入"');
  });
});

describe('joint punishment', () => {
  it('refuses procurement to a listed enterprise, citing the Regulation and the Measures', () => {
    const r = checkRestriction(true, 'procurement');
    expect(r.allowed).toBe(false);
    expect(r.legalBasis.join()).toContain('国务院令第724号');
    expect(r.legalBasis.join()).toContain('人力资源社会保障部令第45号');
  });
  it('allows an enterprise not listed', () => {
    expect(checkRestriction(false, 'bidding')).toEqual({ allowed: true, restriction: '', legalBasis: [] });
  });
});
