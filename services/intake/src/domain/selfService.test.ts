import { feedbackInputSchema, feedbackRefusal, followUpDescription, PUBLIC_STEPS } from './selfService';

describe("workers' self-service rules", () => {
  it('asks whether the money arrived only once the case is closed', () => {
    expect(feedbackRefusal('closed')).toBeUndefined();
    for (const s of ['received', 'filed', 'rejected', 'transferred'] as const)
      expect(feedbackRefusal(s)).toMatch(/办结后/);
  });

  it('takes a satisfaction score from 1 to 5 and nothing else', () => {
    expect(feedbackInputSchema.safeParse({ paid: true, satisfaction: 5 }).success).toBe(true);
    for (const satisfaction of [0, 6, 2.5])
      expect(feedbackInputSchema.safeParse({ paid: true, satisfaction }).success).toBe(false);
    expect(feedbackInputSchema.safeParse({ satisfaction: 3 }).success).toBe(false);
  });

  it("names the closed case in the follow-up clue and only the lawyer's name on the worker's page", () => {
    expect(
      followUpDescription('昌人社〔2026〕1号', { paid: false, satisfaction: 1, comment: '没到账' }),
    ).toContain('原案 昌人社〔2026〕1号 已办结');
    expect(PUBLIC_STEPS.accepted('李援助')).toBe('法律援助中心已受理您的申请，指派律师：李援助');
  });
});
