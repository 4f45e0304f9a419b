// The GB 11643 check character as the worker types: the same rule as @wage/cn, without its region tables.
import { residentIdCheckChar } from '@wage/cn/src/residentId';

export function idNumberProblem(value: string): string | undefined {
  const v = value.trim().toUpperCase();
  if (!v) return '请填写身份证号码';
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号码应为 18 位（最后一位可以是 X）';
  if (residentIdCheckChar(v.slice(0, 17)) !== v[17]) return '身份证号码校验位不对，请核对';
  return undefined;
}

export const phoneProblem = (v: string) =>
  /^1[3-9]\d{9}$/.test(v.trim()) || /^0\d{2,3}-?\d{7,8}$/.test(v.trim()) ? undefined : '请填写正确的手机号码';
