import { residentIdCheckChar, usccCheckChar } from '@wage/cn';
import { clueInputSchema, formatCaseNo, isGroupClue, routeClue, type ClueInput } from './clue';

const id17 = '65230119900101123';
const validId = id17 + residentIdCheckChar(id17);
const uscc17 = '91652301MA77ABCDE';
const validUscc = uscc17 + usccCheckChar(uscc17);

const clue = (over: Partial<ClueInput> = {}): ClueInput => ({
  channel: 'window',
  regionCode: '652301',
  reporter: { name: '王五', idNumber: validId, phone: '13812345678' },
  employer: { name: '某建筑工程有限公司', uscc: validUscc },
  workerCount: 12,
  amountFen: 36_000_000,
  description: '三个月工资未发',
  ...over,
});

describe('clue validation', () => {
  it('accepts a complete window clue', () => {
    expect(clueInputSchema.safeParse(clue()).success).toBe(true);
  });

  it('names every bad field: ID check digit, USCC, phone, region, fractional fen', () => {
    const r = clueInputSchema.safeParse({
      ...clue(),
      regionCode: '999999',
      reporter: {
        name: '王五',
        idNumber: id17 + (residentIdCheckChar(id17) === '1' ? '2' : '1'),
        phone: '123',
      },
      employer: { name: '某公司', uscc: uscc17 + 'I' },
      amountFen: 10.5,
    });
    expect(r.success).toBe(false);
    const fields = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(fields.sort()).toEqual(
      ['amountFen', 'employer.uscc', 'regionCode', 'reporter.idNumber', 'reporter.phone'].sort(),
    );
  });
});

describe('routing (分类流转)', () => {
  it('sends construction-project arrears to inspection and notifies the industry regulator', () => {
    const d = routeClue(clue({ projectId: 'p-1' }), '652300');
    expect(d).toMatchObject({ route: 'inspection', industryRegulator: 'housing' });
  });

  it('sends an individual dispute over an amount to mediation', () => {
    expect(routeClue(clue({ workerCount: 1 }), '652300').route).toBe('mediation');
  });

  it('transfers a clue outside the receiving office jurisdiction to its county', () => {
    const d = routeClue(clue({ regionCode: '620102' }), '652300');
    expect(d).toMatchObject({ route: 'transfer', targetRegionCode: '620102' });
  });
});

describe('group clues and case numbers', () => {
  it('treats 10 or more workers, or a sensitive clue, as a group clue', () => {
    expect(isGroupClue({ workerCount: 10 })).toBe(true);
    expect(isGroupClue({ workerCount: 9 })).toBe(false);
    expect(isGroupClue({ workerCount: 2, sensitive: true })).toBe(true);
  });

  it('formats case numbers per county and year', () => {
    expect(formatCaseNo('652301', 2026, 42)).toBe('652301-2026-000042');
  });
});

describe('routing rule table', () => {
  it('sends a vanished employer to inspection with a police flag', () => {
    expect(routeClue(clue({ employerVanished: true }), '652300')).toMatchObject({
      route: 'inspection',
      policeFlag: true,
      industryRegulator: '',
    });
  });

  it('notifies the regulator and the police for a vanished employer on a construction project', () => {
    expect(routeClue(clue({ employerVanished: true, projectId: 'p-1' }), '652300')).toMatchObject({
      route: 'inspection',
      policeFlag: true,
      industryRegulator: 'housing',
    });
  });

  it('sends several workers without a project to inspection', () => {
    expect(routeClue(clue({ workerCount: 3 }), '652300')).toMatchObject({
      route: 'inspection',
      policeFlag: false,
      rule: 'several_workers',
    });
  });

  it('transfers before anything else, even a vanished employer', () => {
    expect(routeClue(clue({ regionCode: '620102', employerVanished: true }), '652300').route).toBe(
      'transfer',
    );
  });

  it('keeps a clue inside the jurisdiction when the receiving office has no region (public, warnings)', () => {
    expect(routeClue(clue({ regionCode: '620102', projectId: 'p' }), '').route).toBe('inspection');
  });

  it('follows a province table given as data', () => {
    const rules = [
      {
        name: 'all_to_mediation',
        when: {},
        route: 'mediation' as const,
        reason: '试点：先行调解',
        industryRegulator: '',
        policeFlag: false,
      },
    ];
    expect(routeClue(clue({ projectId: 'p-1' }), '652300', rules)).toMatchObject({
      route: 'mediation',
      reason: '试点：先行调解',
    });
  });

  it('refuses a table without a catch-all rule when no rule matches', () => {
    const rules = [
      {
        name: 'only_projects',
        when: { constructionProject: true },
        route: 'inspection' as const,
        reason: 'x',
        industryRegulator: '',
        policeFlag: false,
      },
    ];
    expect(() => routeClue(clue(), '652300', rules)).toThrow(/catch-all/);
  });
});

describe('more validation', () => {
  it('rejects a bad date, zero workers, an empty description and a short employer name', () => {
    const r = clueInputSchema.safeParse({
      ...clue(),
      occurredFrom: '2026-02-30',
      workerCount: 0,
      description: ' ',
      employer: { name: '某' },
    });
    const fields = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(fields.sort()).toEqual(['description', 'employer.name', 'occurredFrom', 'workerCount']);
  });

  it('accepts a landline and an X check digit', () => {
    const x17 = [
      '65230119900101001',
      '65230119900101002',
      '65230119900101003',
      '65230119900101004',
      '65230119900101005',
      '65230119900101006',
      '65230119900101007',
      '65230119900101008',
      '65230119900101009',
      '65230119900101010',
      '65230119900101011',
      '65230119900101012',
    ].find((s) => residentIdCheckChar(s) === 'X')!;
    expect(
      clueInputSchema.safeParse({
        ...clue(),
        reporter: { name: '王五', idNumber: x17 + 'X', phone: '0994-2345678' },
      }).success,
    ).toBe(true);
  });

  it('refuses an unknown channel', () => {
    expect(clueInputSchema.safeParse({ ...clue(), channel: 'fax' }).success).toBe(false);
  });
});
