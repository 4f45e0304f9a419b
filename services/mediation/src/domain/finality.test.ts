import { DEV_MINIMUM_WAGES, minimumWageFor, minimumWageTableSchema, type MinimumWage } from '@wage/cn';
import { awardFinality } from './finality';

describe('一裁终局: final for the employer within 12 months of the local minimum wage', () => {
  const xinjiang = minimumWageFor(DEV_MINIMUM_WAGES, '652301', '2026-05-01')!;
  const threshold = 12 * 190_000; // ¥22,800

  it('uses Xinjiang’s ¥1,900 monthly minimum wage for a Changji county', () => {
    expect(xinjiang).toMatchObject({ regionCode: '650000', monthlyFen: 190_000 });
  });

  it('is final for a claim just under 12 months of the minimum wage', () => {
    expect(awardFinality(threshold - 1, xinjiang, 12)).toMatchObject({
      final: true,
      thresholdFen: threshold,
    });
  });

  it('is final for a claim of exactly 12 months (不超过)', () => {
    expect(awardFinality(threshold, xinjiang, 12).final).toBe(true);
  });

  it('is not final for a claim just over 12 months of the minimum wage', () => {
    expect(awardFinality(threshold + 1, xinjiang, 12).final).toBe(false);
  });
});

describe('minimum wage table', () => {
  const table: MinimumWage[] = [
    { regionCode: '650000', monthlyFen: 182_000, effectiveFrom: '2018-01-01' },
    { regionCode: '650000', monthlyFen: 190_000, effectiveFrom: '2021-04-01' },
    { regionCode: '652300', monthlyFen: 170_000, effectiveFrom: '2021-04-01' },
  ];

  it('takes the most specific region, then the standard in force on the day', () => {
    expect(minimumWageFor(table, '652301', '2022-01-01')?.monthlyFen).toBe(170_000);
    expect(minimumWageFor(table, '650102', '2022-01-01')?.monthlyFen).toBe(190_000);
    expect(minimumWageFor(table, '650102', '2020-01-01')?.monthlyFen).toBe(182_000);
  });

  it('knows nothing of a province without an entry or before the first standard', () => {
    expect(minimumWageFor(table, '620102', '2022-01-01')).toBeUndefined();
    expect(minimumWageFor(table, '652301', '2017-12-31')).toBeUndefined();
  });

  it('validates a configured table', () => {
    expect(
      minimumWageTableSchema.safeParse([{ regionCode: '65', monthlyFen: 1.5, effectiveFrom: '2021-13-01' }])
        .success,
    ).toBe(false);
    expect(minimumWageTableSchema.safeParse(DEV_MINIMUM_WAGES).success).toBe(true);
  });
});
