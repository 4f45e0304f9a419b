import {
  monthPeriod,
  normaliseEmployerName,
  periodsOverlap,
  sameArrears,
  widenPeriod,
  type ArrearsFacts,
} from './arrears';

const facts = (over: Partial<ArrearsFacts> = {}): ArrearsFacts => ({
  county: '652301',
  employerUscc: '91652301MA77ABCDE1',
  employerKey: normaliseEmployerName('昌吉某建筑工程有限公司'),
  projectId: 'p-1',
  periodFrom: '2026-01-01',
  periodTo: '2026-03-31',
  ...over,
});

describe('the same arrears (merging rule)', () => {
  it('is the same employer by USCC, the same project and an overlapping period', () => {
    expect(sameArrears(facts(), facts({ periodFrom: '2026-03-01', periodTo: '2026-05-31' }))).toBe(true);
  });

  it('recognises the employer by its normalised name when a report has no USCC', () => {
    const other = facts({
      employerUscc: '',
      employerKey: normaliseEmployerName(' 昌吉某建筑工程（有限公司） '),
    });
    expect(normaliseEmployerName('昌吉某建筑工程有限公司')).toBe(
      normaliseEmployerName('昌吉某建筑工程 有限 公司'),
    );
    expect(sameArrears(facts({ employerUscc: '' }), other)).toBe(true);
  });

  it('is a different employer when both USCCs differ, even with the same name', () => {
    expect(sameArrears(facts(), facts({ employerUscc: '91652301MA77ABCDF2' }))).toBe(false);
  });

  it('is a different case on a different project', () => {
    expect(sameArrears(facts(), facts({ projectId: 'p-2' }))).toBe(false);
  });

  it('uses the county when a report names no project', () => {
    expect(sameArrears(facts({ projectId: '' }), facts())).toBe(true);
    expect(sameArrears(facts({ projectId: '' }), facts({ county: '652302' }))).toBe(false);
  });

  it('does not merge periods that do not overlap; an unknown period overlaps any', () => {
    expect(sameArrears(facts(), facts({ periodFrom: '2026-04-01', periodTo: '2026-04-30' }))).toBe(false);
    expect(
      periodsOverlap({ periodFrom: '', periodTo: '' }, { periodFrom: '2026-04-01', periodTo: '2026-04-30' }),
    ).toBe(true);
  });

  it('widens a case period to cover every report', () => {
    expect(widenPeriod(facts(), { periodFrom: '2025-12-01', periodTo: '2026-02-01' })).toEqual({
      periodFrom: '2025-12-01',
      periodTo: '2026-03-31',
    });
  });

  it('reads a warning month as its first and last day', () => {
    expect(monthPeriod('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthPeriod('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
