import { WorkingDayCalendar } from '@wage/cn';
import { ASSUMED_WHILE_UNKNOWN, NO_RECORD, recordFor, type ContractorRecord } from './contractorRecord';
import {
  DEV_DEPOSIT_RULES,
  depositDueDate,
  parseDepositRuleBook,
  requiredDeposit,
  topUpDueDate,
  type DepositRuleBook,
} from './depositRules';

const YUAN = 100;
const M = 1_000_000 * YUAN; // ¥1,000,000 in fen
const CHANGJI = '652301'; // Xinjiang: the dev table
const LANZHOU = '620102'; // Gansu: the national default
const rules = DEV_DEPOSIT_RULES;
const record = (over: Partial<ContractorRecord> = {}): ContractorRecord => ({ ...NO_RECORD, ...over });

describe('required deposit: Xinjiang tiers (<¥10M 3 %, ¥10M–100M 2 %, ≥¥100M 1 %, cap ¥5M)', () => {
  it('charges 3 % just below ¥10M, rounding a fraction of a fen up', () => {
    const r = requiredDeposit(10 * M - 1, CHANGJI, NO_RECORD, rules);
    expect(r).toMatchObject({ ratioBp: 300, requiredDepositFen: 30_000_000, capped: false, exempt: false });
  });

  it('charges 2 % from exactly ¥10M', () => {
    expect(requiredDeposit(10 * M, CHANGJI, NO_RECORD, rules)).toMatchObject({
      ratioBp: 200,
      requiredDepositFen: 20_000_000,
    });
  });

  it('charges 2 % just below ¥100M and 1 % from exactly ¥100M', () => {
    expect(requiredDeposit(100 * M - 1, CHANGJI, NO_RECORD, rules)).toMatchObject({
      ratioBp: 200,
      requiredDepositFen: 200_000_000,
    });
    expect(requiredDeposit(100 * M, CHANGJI, NO_RECORD, rules)).toMatchObject({
      ratioBp: 100,
      requiredDepositFen: 100_000_000,
    });
  });

  it('reaches the ¥5M cap exactly at ¥500M and holds it there above', () => {
    expect(requiredDeposit(500 * M, CHANGJI, NO_RECORD, rules)).toMatchObject({
      requiredDepositFen: 5 * M,
      capped: false,
    });
    expect(requiredDeposit(500 * M + 1, CHANGJI, NO_RECORD, rules)).toMatchObject({
      requiredDepositFen: 5 * M,
      capped: true,
    });
    expect(requiredDeposit(2_000 * M, CHANGJI, NO_RECORD, rules)).toMatchObject({
      requiredDepositFen: 5 * M,
      capped: true,
      ratioBp: 100,
    });
  });

  it('raises the ratio by half for arrears in the last 2 years', () => {
    const arrears = record({ arrearsLastTwoYears: true });
    expect(requiredDeposit(10 * M - 1, CHANGJI, arrears, rules)).toMatchObject({
      ratioBp: 450,
      requiredDepositFen: 45_000_000,
    });
    expect(requiredDeposit(10 * M, CHANGJI, arrears, rules)).toMatchObject({
      ratioBp: 300,
      requiredDepositFen: 30_000_000,
    });
    expect(requiredDeposit(100 * M, CHANGJI, arrears, rules)).toMatchObject({
      ratioBp: 150,
      requiredDepositFen: 150_000_000,
    });
  });

  it('doubles the ratio while blacklisted, not ×1.5 on top of it', () => {
    const listed = record({ blacklisted: true, arrearsLastTwoYears: true });
    expect(requiredDeposit(5 * M, CHANGJI, listed, rules)).toMatchObject({
      ratioBp: 600,
      multiplierBp: 20_000,
      requiredDepositFen: 300_000 * YUAN,
    });
  });

  it('applies the cap last, after the increase', () => {
    // ¥300M × 1 % × 2 = ¥6M → capped at ¥5M; without the blacklist ¥3M stays under the cap.
    expect(requiredDeposit(300 * M, CHANGJI, record({ blacklisted: true }), rules)).toMatchObject({
      ratioBp: 200,
      requiredDepositFen: 5 * M,
      capped: true,
    });
    expect(requiredDeposit(300 * M, CHANGJI, NO_RECORD, rules)).toMatchObject({
      requiredDepositFen: 3 * M,
      capped: false,
    });
    // ¥400M × 1.5 % = ¥6M → ¥5M.
    expect(requiredDeposit(400 * M, CHANGJI, record({ arrearsLastTwoYears: true }), rules)).toMatchObject({
      requiredDepositFen: 5 * M,
      capped: true,
    });
  });

  it('halves the ratio after 2 clean years, down to the 0.5 % floor and never below it', () => {
    const clean2 = record({ cleanYears: 2 });
    expect(requiredDeposit(10 * M, CHANGJI, clean2, rules)).toMatchObject({
      ratioBp: 100,
      requiredDepositFen: 10_000_000,
    });
    expect(requiredDeposit(100 * M, CHANGJI, clean2, rules)).toMatchObject({
      ratioBp: 50,
      requiredDepositFen: 50_000_000,
    });
    const steep: DepositRuleBook = {
      ...rules,
      provinces: { '650000': { ...rules.provinces['650000'], cleanYearsMultiplierBp: 4_000 } },
    };
    const r = requiredDeposit(100 * M, CHANGJI, clean2, steep);
    expect(r).toMatchObject({ ratioBp: 50, requiredDepositFen: 50_000_000 });
    expect(r.basis).toContain('不低于 0.5%');
  });

  it('exempts a contractor with 3 clean years and real-name management and a dedicated account in place', () => {
    const model = record({ cleanYears: 3, realNameCompliant: true, wageAccountCompliant: true });
    expect(requiredDeposit(200 * M, CHANGJI, model, rules)).toMatchObject({
      exempt: true,
      requiredDepositFen: 0,
      ratioBp: 0,
    });
    // 3 clean years without the account: only the reduction
    expect(
      requiredDeposit(200 * M, CHANGJI, record({ cleanYears: 3, realNameCompliant: true }), rules),
    ).toMatchObject({ exempt: false, ratioBp: 50 });
  });

  it('exempts a contract under ¥3M after a clean year, but not at ¥3M, nor with arrears', () => {
    expect(requiredDeposit(3 * M - 1, CHANGJI, record({ cleanYears: 1 }), rules)).toMatchObject({
      exempt: true,
    });
    expect(requiredDeposit(3 * M, CHANGJI, record({ cleanYears: 1 }), rules)).toMatchObject({
      exempt: false,
      requiredDepositFen: 90_000 * YUAN,
    });
    expect(requiredDeposit(3 * M - 1, CHANGJI, NO_RECORD, rules)).toMatchObject({ exempt: false });
    expect(
      requiredDeposit(1 * M, CHANGJI, record({ cleanYears: 5, arrearsLastTwoYears: true }), rules),
    ).toMatchObject({ exempt: false, ratioBp: 450 });
  });

  it('explains the figure to the official', () => {
    const r = requiredDeposit(400 * M, CHANGJI, record({ arrearsLastTwoYears: true }), rules);
    expect(r.basis).toBe(
      '新疆维吾尔自治区档位 1%；近2年有拖欠 ×1.5 → 1.5%；¥400,000,000.00 × 1.5% = ¥6,000,000.00；上限 ¥5,000,000.00',
    );
  });
});

describe('required deposit: the national default elsewhere', () => {
  it('charges 2 % without a cap in a province with no table of its own', () => {
    expect(requiredDeposit(1_000 * M, LANZHOU, NO_RECORD, rules)).toMatchObject({
      ratioBp: 200,
      requiredDepositFen: 20 * M,
      capped: false,
    });
  });

  it('assumes arrears while credit is unreachable, and says so', () => {
    const {
      record: assumed,
      provisional,
      reason,
    } = recordFor({ kind: 'unavailable', reason: 'CREDIT_GRPC not configured' });
    expect(assumed).toEqual(ASSUMED_WHILE_UNKNOWN);
    expect(provisional).toBe(true);
    expect(reason).toContain('暂按近2年有拖欠计算');
    expect(requiredDeposit(10 * M, LANZHOU, assumed, rules)).toMatchObject({
      ratioBp: 300,
      requiredDepositFen: 30_000_000,
    });
  });
});

describe('deposit rule book as configuration', () => {
  it('accepts the dev book and refuses a base ratio outside 1 %–3 % or unordered tiers', () => {
    expect(parseDepositRuleBook(JSON.parse(JSON.stringify(rules)))).toEqual(rules);
    const bad = { ...rules, provinces: { '650000': { tiers: [{ fromFen: 0, ratioBp: 350 }] } } };
    expect(() => parseDepositRuleBook(bad)).toThrow();
    const unordered = {
      ...rules,
      provinces: {
        '650000': {
          tiers: [
            { fromFen: 0, ratioBp: 300 },
            { fromFen: 0, ratioBp: 200 },
          ],
        },
      },
    };
    expect(() => parseDepositRuleBook(unordered)).toThrow();
  });
});

describe('deadlines in working days', () => {
  const calendar = new WorkingDayCalendar();

  it('makes the deposit due 20 working days after the permit', () => {
    expect(depositDueDate('2025-03-03', calendar)).toEqual({ date: '2025-03-31', provisional: false });
  });

  it('counts the National Day make-up Sundays and Saturdays as working days and skips the holiday', () => {
    expect(depositDueDate('2025-09-26', calendar).date).toBe('2025-10-30');
  });

  it('makes a top-up due 10 working days after a draw', () => {
    expect(topUpDueDate('2025-09-26', calendar).date).toBe('2025-10-16');
  });
});
