import { z } from 'zod';
import type { $ZodErrorMap } from 'zod/v4/core';

// Officials read field messages next to the form fields, so zod's own English ("Invalid input: expected
// string") never reaches them: every issue zod raises without a schema-level message gets a Chinese one.
const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否（true/false）',
  date: '日期',
  array: '列表',
  object: '对象',
  nan: '数字',
};

const UNIT: Record<string, string> = { string: '个字符', array: '项', set: '项', file: '字节' };

type Issue = Parameters<$ZodErrorMap>[0];

export function chineseIssueMessage(issue: Issue): string | undefined {
  // A missing field is "required" whatever it should have held (text, one of a list, one of several shapes).
  if (
    issue.input === undefined &&
    ['invalid_type', 'invalid_value', 'invalid_union'].includes(issue.code ?? '')
  )
    return '必填';
  switch (issue.code) {
    case 'invalid_type':
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const unit = UNIT[issue.origin] ?? '';
      const min = String(issue.minimum);
      if (unit) return issue.origin === 'string' && issue.minimum === 1 ? '不能为空' : `至少 ${min} ${unit}`;
      return issue.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`;
    }
    case 'too_big': {
      const unit = UNIT[issue.origin] ?? '';
      const max = String(issue.maximum);
      if (unit) return `最多 ${max} ${unit}`;
      return issue.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`;
    }
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `应为以下之一：${issue.values.map((v: unknown) => String(v)).join('、')}`;
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
      return '取值不符合任何一种允许的格式';
    case 'invalid_key':
    case 'invalid_element':
      return '取值无效';
    default:
      return '取值无效';
  }
}

z.config({ customError: chineseIssueMessage });
