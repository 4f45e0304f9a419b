import { addCalendarDays, countyOf } from '@wage/cn';

/**
 * The same arrears (同一欠薪事项): the same employer (by USCC when both have one, else by normalised name),
 * the same project (or the same county when either has no project), and overlapping periods. A clue about
 * the same arrears joins the open case instead of opening another one.
 */
export interface ArrearsFacts {
  county: string;
  employerUscc: string;
  employerKey: string;
  projectId: string;
  periodFrom: string; // '' = unknown (a clue without dates overlaps any period)
  periodTo: string;
}

const LEGAL_FORMS = /(股份有限公司|有限责任公司|有限公司|股份公司|集团公司|公司|工程队|项目部)$/;

/** Full-width to half-width, no spaces or punctuation, brackets unified, legal form dropped. */
export function normaliseEmployerName(name: string): string {
  const s = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s·•.,，。、'"“”‘’()（）[\]【】\-—_]/g, '');
  return s.replace(LEGAL_FORMS, '') || s;
}

export function countyKey(regionCode: string): string {
  return countyOf(regionCode) ?? regionCode;
}

/** A month `YYYY-MM` as its first and last day. */
export function monthPeriod(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: addCalendarDays(next, -1) };
}

export function sameEmployer(a: ArrearsFacts, b: ArrearsFacts): boolean {
  if (a.employerUscc && b.employerUscc) return a.employerUscc === b.employerUscc;
  return a.employerKey === b.employerKey;
}

export function samePlace(a: ArrearsFacts, b: ArrearsFacts): boolean {
  if (a.projectId && b.projectId) return a.projectId === b.projectId;
  return a.county === b.county;
}

export function periodsOverlap(
  a: Pick<ArrearsFacts, 'periodFrom' | 'periodTo'>,
  b: Pick<ArrearsFacts, 'periodFrom' | 'periodTo'>,
): boolean {
  const aFrom = a.periodFrom || '0000-01-01';
  const aTo = a.periodTo || '9999-12-31';
  const bFrom = b.periodFrom || '0000-01-01';
  const bTo = b.periodTo || '9999-12-31';
  return aFrom <= bTo && bFrom <= aTo;
}

export function sameArrears(a: ArrearsFacts, b: ArrearsFacts): boolean {
  return sameEmployer(a, b) && samePlace(a, b) && periodsOverlap(a, b);
}

/** The case's period grows to cover every report (unknown bounds stay unknown). */
export function widenPeriod(
  c: Pick<ArrearsFacts, 'periodFrom' | 'periodTo'>,
  n: Pick<ArrearsFacts, 'periodFrom' | 'periodTo'>,
): { periodFrom: string; periodTo: string } {
  return {
    periodFrom:
      c.periodFrom && n.periodFrom ? (c.periodFrom < n.periodFrom ? c.periodFrom : n.periodFrom) : '',
    periodTo: c.periodTo && n.periodTo ? (c.periodTo > n.periodTo ? c.periodTo : n.periodTo) : '',
  };
}
