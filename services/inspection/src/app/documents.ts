import { regionName } from '@wage/cn';
import {
  yuanText,
  type DocumentContent,
  type DocumentParty,
  type DocumentRegistry,
  type IssueRequest,
} from '@wage/documents';
import type { Finding } from '../domain/inspectionCase';
import { VIOLATIONS } from '../domain/rules';
import type { InspectionCaseDoc } from '../infra/models';

const PAYMENT_BASIS = ['《保障农民工工资支付条例》第五十七条', '《劳动保障监察条例》第二十六条'];
const REFERRAL_BASIS = [
  '《中华人民共和国刑法》第二百七十六条之一（拒不支付劳动报酬罪）',
  '《行政执法机关移送涉嫌犯罪案件的规定》第三条',
];

function employerParty(c: InspectionCaseDoc, finding?: Finding): DocumentParty {
  return {
    role: '被责令单位',
    name: finding?.employerName || c.employer.name,
    uscc: finding?.employerUscc || c.employer.uscc,
  };
}

/** The owed workers of the latest finding, ID numbers as stored (encrypted, masked). */
function workerParties(finding?: Finding): DocumentParty[] {
  return (finding?.workers ?? []).map((w) => ({
    role: '被拖欠工资的劳动者',
    name: w.name,
    idNumber: { enc: w.idNumberEnc, masked: w.idNumberMasked },
  }));
}

function facts(c: InspectionCaseDoc, finding?: Finding): string[] {
  const name = finding?.employerName || c.employer.name;
  const count = finding?.workerCount ?? c.confirmedWorkerCount ?? c.workerCount;
  return [`经调查（案件编号${c.caseNo}），${name}拖欠${count}名农民工工资，经查证属实。`];
}

/** What each act of the case puts on paper; one request per act, named by the act's id. */
export function inspectionDocuments(c: InspectionCaseDoc): Array<Omit<IssueRequest, 'issuedBy'>> {
  const finding = c.findings?.[c.findings.length - 1];
  const employer = employerParty(c, finding);
  const base = { caseId: c.caseId, regionCode: c.regionCode, regionName: regionName(c.regionCode) ?? '' };
  const out: Array<Omit<IssueRequest, 'issuedBy'>> = [];
  for (const o of c.orders ?? []) {
    const content: DocumentContent =
      o.kind === 'payment'
        ? {
            recipient: employer.name,
            parties: [employer, ...workerParties(finding)],
            facts: facts(c, finding),
            decision: [`责令你单位向上述劳动者足额支付所拖欠的工资。`],
            amountFen: o.amountFen,
            legalBasis: PAYMENT_BASIS,
            deadline: o.dueDate,
          }
        : {
            recipient: employer.name,
            parties: [employer],
            facts: o.violations.map((v) => `你单位存在以下违法行为：${VIOLATIONS[v]?.description ?? v}。`),
            decision: ['责令你单位立即改正上述违法行为，并将改正情况书面报告本机关。'],
            legalBasis: [
              ...new Set(o.violations.map((v) => VIOLATIONS[v]?.legalBasis ?? '《保障农民工工资支付条例》')),
            ],
            deadline: o.dueDate,
          };
    out.push({
      ...base,
      kind: o.kind === 'payment' ? 'payment_order' : 'rectification_order',
      sourceId: o.id,
      content,
      at: o.issuedAt,
    });
  }
  for (const p of c.penalties ?? []) {
    out.push({
      ...base,
      kind: 'penalty_decision',
      sourceId: p.id,
      at: p.decidedAt,
      content: {
        recipient: employer.name,
        parties: [{ ...employer, role: '当事人' }],
        facts: [
          `你单位${VIOLATIONS[p.violation]?.description ?? p.violation}，违反了农民工工资支付的有关规定。`,
        ],
        decision: [
          `对你单位处以罚款人民币${yuanText(p.amountFen)}${p.workStoppage ? '，并责令限期改正；逾期不改正的，责令项目停工' : ''}。`,
          '罚款应自收到本决定书之日起十五日内缴至指定银行；到期不缴纳的，每日按罚款数额的百分之三加处罚款。',
        ],
        amountFen: p.amountFen,
        legalBasis: [p.legalBasis || VIOLATIONS[p.violation]?.legalBasis || '《保障农民工工资支付条例》'],
      },
    });
  }
  for (const r of c.referrals ?? []) {
    out.push({
      ...base,
      kind: 'police_transfer',
      sourceId: r.id,
      at: r.transferredAt,
      content: {
        recipient: `${base.regionName}公安局`,
        parties: [{ ...employer, role: '涉嫌犯罪单位' }, ...workerParties(finding)],
        facts: [
          ...facts(c, finding),
          `经责令支付后逾期仍不支付，涉嫌拒不支付劳动报酬罪。移送理由：${r.reason}`,
        ],
        decision: ['现将该案移送你局，请依法审查并于三日内作出立案或者不予立案的决定，书面告知本机关。'],
        amountFen: r.arrearsFen,
        legalBasis: REFERRAL_BASIS,
      },
    });
  }
  return out;
}

/**
 * Issues the documents of every act the case holds that has none yet (after the act was committed, so a
 * refused act takes no number). Idempotent: an act that has its document is skipped, so a retried command,
 * or the next act on a case whose issue was cut short by a crash, completes what is missing.
 */
export async function issueCaseDocuments(registry: DocumentRegistry, c: InspectionCaseDoc, by: string) {
  for (const req of inspectionDocuments(c)) await registry.issue({ ...req, issuedBy: by });
}
