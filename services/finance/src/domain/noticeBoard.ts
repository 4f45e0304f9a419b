import type { Decision } from '@wage/domain';
import type { Industry } from './project';

/** The notice board as stored: the officer's phone encrypted, with its keyed hash. */
export interface NoticeBoardState {
  officerName: string;
  officerPhoneEnc: string;
  officerPhoneHash: string;
  payDay: number;
  hotlines: string[];
  arbitrationAddress: string;
  legalAidAddress: string;
  updatedAt: Date;
  updatedBy: string;
}

const REGULATOR_OF: Record<Exclude<Industry, 'other'>, string> = {
  housing: 'housing-officer',
  transport: 'transport-officer',
  water: 'water-officer',
};

/** Each industry regulator edits its own industry's projects; any regulator a project outside the three. */
export function editsNoticeBoard(roles: readonly string[], industry: Industry): boolean {
  if (industry === 'other') return Object.values(REGULATOR_OF).some((r) => roles.includes(r));
  return roles.includes(REGULATOR_OF[industry]);
}

export function noticeBoardChanged(
  current: NoticeBoardState | undefined,
  next: NoticeBoardState,
): Decision<{ noticeBoard: NoticeBoardState }> | null {
  const same =
    current &&
    current.officerName === next.officerName &&
    current.officerPhoneHash === next.officerPhoneHash &&
    current.payDay === next.payDay &&
    current.hotlines.join('\n') === next.hotlines.join('\n') &&
    current.arbitrationAddress === next.arbitrationAddress &&
    current.legalAidAddress === next.legalAidAddress;
  return same ? null : { set: { noticeBoard: next }, events: [] };
}
