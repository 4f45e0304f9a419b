import { editsNoticeBoard, noticeBoardChanged, type NoticeBoardState } from './noticeBoard';

const board: NoticeBoardState = {
  officerName: '王劳资',
  officerPhoneEnc: 'enc',
  officerPhoneHash: 'h1',
  payDay: 15,
  hotlines: ['12333'],
  arbitrationAddress: '仲裁院',
  legalAidAddress: '法律援助中心',
  updatedAt: new Date('2026-12-01T00:00:00Z'),
  updatedBy: 'housing.changji',
};

describe('the rights notice board', () => {
  it("is written by the project's own industry regulator only", () => {
    expect(editsNoticeBoard(['housing-officer'], 'housing')).toBe(true);
    expect(editsNoticeBoard(['transport-officer'], 'housing')).toBe(false);
    expect(editsNoticeBoard(['water-officer'], 'water')).toBe(true);
    expect(editsNoticeBoard(['finance-officer'], 'other')).toBe(false);
    expect(editsNoticeBoard(['transport-officer'], 'other')).toBe(true);
  });

  it('changes nothing when the same contents are written again (a new phone is a change)', () => {
    expect(noticeBoardChanged(board, { ...board, updatedAt: new Date() })).toBeNull();
    expect(
      noticeBoardChanged(board, { ...board, officerPhoneHash: 'h2' })?.set?.noticeBoard?.officerPhoneHash,
    ).toBe('h2');
    expect(noticeBoardChanged(undefined, board)).not.toBeNull();
  });
});
