import { addCalendarDays, regionLevel } from '@wage/cn';
import { addMonths } from './facts';

/**
 * Disclosure of major violations (重大劳动保障违法行为社会公布办法, 人社部令第29号): city and county offices
 * publish quarterly, the province half-yearly, with the unit's name, credit code, legal representative,
 * the facts and the outcome.
 */
export interface DisclosurePeriod {
  label: string;
  from: string;
  to: string;
}

export interface DisclosureRow {
  name: string;
  uscc: string;
  legalRepresentative: string;
  facts: string;
  outcome: string;
}

/** The period a region publishes for: quarter `number` of `year` (city/county) or half `number` (province). */
export function disclosurePeriod(
  regionCode: string,
  year: number,
  number: number,
): DisclosurePeriod | string {
  const province = regionLevel(regionCode) === 'province';
  const parts = province ? 2 : 4;
  if (!Number.isInteger(number) || number < 1 || number > parts) {
    return province ? '省级名单按半年公布：number 应为 1 或 2' : '市、县级名单按季度公布：number 应为 1 至 4';
  }
  const months = 12 / parts;
  const from = addMonths(`${year}-01-01`, (number - 1) * months);
  const to = addCalendarDays(addMonths(from, months), -1);
  return { label: province ? `${year}-H${number}` : `${year}-Q${number}`, from, to };
}

const HEADER = ['单位名称', '统一社会信用代码', '法定代表人', '主要违法事实', '处理处罚情况'];

function cell(s: string): string {
  // Quote every cell (commas, quotes, line breaks in facts); neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The list as CSV for publication: UTF-8 with BOM (spreadsheets read Chinese text correctly), CRLF lines. */
export function toCsv(rows: readonly DisclosureRow[]): string {
  const lines = [HEADER, ...rows.map((r) => [r.name, r.uscc, r.legalRepresentative, r.facts, r.outcome])];
  return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}
