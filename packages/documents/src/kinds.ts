import { formatFen } from '@wage/cn';

// The official acts the platform issues, with what every document of a kind says the same way.

const HRSS = { organ: '人力资源和社会保障局', short: '人社' } as const;

/**
 * Each kind's title, the word of its number, its issuing organ (after the region's name in the heading) and
 * how a party may challenge it: an award in court, a notice to a bank or the police not at all.
 */
export const DOCUMENT_KINDS = {
  payment_order: { title: '劳动保障监察责令支付通知书', word: '监令', ...HRSS, appeal: 'administrative' },
  rectification_order: {
    title: '劳动保障监察责令改正决定书',
    word: '监改',
    ...HRSS,
    appeal: 'administrative',
  },
  penalty_decision: { title: '劳动保障监察行政处罚决定书', word: '监罚', ...HRSS, appeal: 'administrative' },
  police_transfer: { title: '涉嫌犯罪案件移送书', word: '监移', ...HRSS, appeal: 'none' },
  deposit_payment_notice: { title: '工资保证金支付通知书', word: '保付', ...HRSS, appeal: 'none' },
  blacklist_notice: {
    title: '拟列入拖欠农民工工资失信联合惩戒对象名单告知书',
    word: '失信告',
    organ: '人力资源和社会保障厅',
    short: '人社',
    appeal: 'administrative',
  },
  arbitration_award: {
    title: '劳动人事争议仲裁裁决书',
    word: '仲裁字',
    organ: '劳动人事争议仲裁委员会',
    short: '劳人',
    appeal: 'award',
  },
} as const satisfies Record<
  string,
  { title: string; word: string; organ: string; short: string; appeal: 'administrative' | 'award' | 'none' }
>;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export const APPEAL_TEXT = {
  administrative:
    '如不服本决定，可以在收到本文书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。行政复议和行政诉讼期间，本决定不停止执行。',
  award:
    '当事人如不服本裁决，可以自收到本裁决书之日起十五日内向人民法院提起诉讼；期满不起诉的，本裁决书发生法律效力。',
  final:
    '本裁决为终局裁决，自作出之日起发生法律效力。劳动者不服的，可以自收到本裁决书之日起十五日内向人民法院提起诉讼。',
} as const;

/** One-character short names of the prefectures and counties the platform serves (文号 prefixes). */
const SHORT_NAMES: Record<string, string> = {
  '650000': '新',
  '652300': '昌',
  '652301': '昌市',
  '620000': '甘',
  '620100': '兰',
};

/** The agency part of a number: the region's short name, the organ's short name, the kind's word. */
export function numberPrefix(kind: DocumentKind, regionCode: string, regionName?: string): string {
  const short =
    SHORT_NAMES[regionCode] ??
    Array.from(regionName ?? regionCode)
      .slice(0, 1)
      .join('');
  return `${short}${DOCUMENT_KINDS[kind].short}${DOCUMENT_KINDS[kind].word}`;
}

/** 昌人社监令〔2026〕17号 */
export function formatNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

/** An amount of fen as the documents write it: 12,345.67元. */
export function yuanText(fen: number): string {
  return `${formatFen(fen).replace('¥', '')}元`;
}
