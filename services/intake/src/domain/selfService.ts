import { z } from 'zod';
import type { CaseStatus } from './intakeCase';

/** 回访: whether the money arrived and how satisfied the worker is (1–5), online or on the phone. */
export const feedbackInputSchema = z.object({
  paid: z.boolean({ message: '请说明工资是否已到位' }),
  satisfaction: z.number().int('应为 1–5 的整数').min(1, '应为 1–5').max(5, '应为 1–5'),
  comment: z.string().trim().max(1_000, '不超过 1000 字').default(''),
});
export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

export type FeedbackChannel = 'online' | 'phone';

export interface Feedback extends FeedbackInput {
  at: Date;
  channel: FeedbackChannel;
  /** paid = false: the new clue opened for the arrears still unpaid, linked to the closed case. */
  followUpClueId?: string;
}

/** Only a concluded case is asked whether the money arrived. */
export function feedbackRefusal(status: CaseStatus): string | undefined {
  return status === 'closed' ? undefined : '案件办结后才能反馈工资到位情况和满意度';
}

export function followUpDescription(caseNo: string, f: FeedbackInput): string {
  const said = f.comment ? `：${f.comment}` : '';
  return `回访反映工资仍未到位（原案 ${caseNo} 已办结）${said}`;
}

export const legalAidAskSchema = z.object({
  reason: z.string().trim().min(1, '请简要说明需要法律援助的原因').max(2_000, '不超过 2000 字'),
});

export const lawyerNameSchema = z.object({
  lawyerName: z.string().trim().min(2, '请填写承办律师姓名').max(50),
});

export type LegalAidStatus = 'pending' | 'accepted';

/** Self-service steps on the worker's tracking page: the lawyer's name only, never a phone. */
export const PUBLIC_STEPS = {
  requested: '您的法律援助申请已提交，法律援助中心将尽快联系您',
  accepted: (lawyerName: string) => `法律援助中心已受理您的申请，指派律师：${lawyerName}`,
  feedback: '您的回访答复已收到，感谢反馈',
  followUp: '您反映工资仍未到位，已重新登记为新线索办理',
};
