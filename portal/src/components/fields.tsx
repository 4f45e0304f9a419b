// Inputs with the platform's rules checked as typed: yuan (to integer fen, no floats), USCC check digit.
import { ProFormText } from '@ant-design/pro-components';
import type { Rule } from 'antd/es/form';
import { validateUscc } from '@wage/cn/src/uscc';
import { parseYuan } from '../lib/money';

export const yuanRule: Rule = {
  validator: async (_r, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    const p = parseYuan(String(value));
    if (!p.ok) throw new Error(p.message);
  },
};

/** The form's yuan text → integer fen (the rule above already refused anything else). */
export function fen(value: unknown): number {
  const p = parseYuan(String(value ?? ''));
  if (!p.ok) throw new Error(p.message);
  return p.fen;
}

export function MoneyField(props: { name: string | string[]; label: string; required?: boolean }) {
  return (
    <ProFormText
      name={props.name}
      label={`${props.label}（元）`}
      placeholder="例如 12000.00"
      fieldProps={{ inputMode: 'decimal', prefix: '¥' }}
      rules={[
        ...(props.required === false ? [] : [{ required: true, message: `请输入${props.label}` }]),
        yuanRule,
      ]}
    />
  );
}

export const usccRule: Rule = {
  validator: async (_r, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    const r = validateUscc(String(value));
    if (!r.ok) throw new Error(r.message);
  },
};

export function UsccField(props: { name: string | string[]; label?: string; required?: boolean }) {
  return (
    <ProFormText
      name={props.name}
      label={props.label ?? '统一社会信用代码'}
      placeholder="18位统一社会信用代码"
      // Checked on every keystroke once 18 characters are there, and on leaving the field.
      validateTrigger={['onChange', 'onBlur']}
      fieldProps={{ maxLength: 18, style: { textTransform: 'uppercase' } }}
      rules={[...(props.required ? [{ required: true, message: '请输入统一社会信用代码' }] : []), usccRule]}
      normalize={(v: string) => v?.toUpperCase().trim()}
    />
  );
}
