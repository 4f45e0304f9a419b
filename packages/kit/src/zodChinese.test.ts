import { z } from 'zod';
import { zodFieldErrors } from './validation';

const schema = z.object({
  name: z.string().min(1).max(5),
  count: z.number().int().min(1),
  share: z.number().max(1),
  kind: z.enum(['group', 'single']),
  tags: z.array(z.string()).max(1),
  email: z.email(),
  flag: z.boolean(),
});

function messages(input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a refusal');
  return Object.fromEntries(zodFieldErrors(r.error).map((e) => [e.field, e.message]));
}

describe('field messages officials read', () => {
  it('are Chinese for every kind of issue zod raises, naming the limit', () => {
    expect(
      messages({ name: '', count: 1.5, share: 2, kind: 'x', tags: ['a', 'b'], email: 'no', flag: 'yes' }),
    ).toEqual({
      name: '不能为空',
      count: '应为整数',
      share: '不能大于 1',
      kind: '应为以下之一：group、single',
      tags: '最多 1 项',
      email: '格式不正确',
      flag: '应为是或否（true/false）',
    });
    expect(messages({ name: '一二三四五六', count: 0 })).toMatchObject({
      name: '最多 5 个字符',
      count: '不能小于 1',
      kind: '必填',
    });
  });

  it('keep a schema-level message as written', () => {
    const r = z.string().regex(/^\d{6}$/, '应为6位行政区划代码').safeParse('65');
    expect(r.success ? [] : zodFieldErrors(r.error)).toEqual([
      { field: '(body)', message: '应为6位行政区划代码' },
    ]);
  });
});
