import { describe, expect, it } from 'vitest';
import { normaliseField, toApiError } from './errors';
import { unwrap } from './client';

describe('problem+json → what forms show', () => {
  it('maps field errors onto form paths, joining two messages for one field', () => {
    const e = toApiError(400, {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: '请求参数有误',
      errors: [
        { field: 'reporter.idNumber', message: '身份证号校验位不正确' },
        { field: 'workers[2].phone', message: '手机号格式不正确' },
        { field: 'body.amountFen', message: '应为整数分' },
        { field: 'body.amountFen', message: '不能为负' },
      ],
    });
    expect(e.status).toBe(400);
    expect(e.detail).toBe('请求参数有误');
    expect(e.fieldErrors).toEqual({
      'reporter.idNumber': '身份证号校验位不正确',
      'workers.2.phone': '手机号格式不正确',
      amountFen: '应为整数分；不能为负',
    });
  });

  it('keeps a business refusal’s detail and falls back to Chinese text by status', () => {
    expect(toApiError(422, { status: 422, detail: '责令支付尚未逾期，不能动用保证金' }).detail).toBe(
      '责令支付尚未逾期，不能动用保证金',
    );
    expect(toApiError(403, { status: 403 }).detail).toBe('您的角色无权执行此操作');
    expect(toApiError(502, '<html>bad gateway</html>').detail).toBe('后端服务暂不可用，请稍后再试');
    expect(toApiError(418, undefined).detail).toBe('请求失败（418）');
  });

  it('normalises field paths', () => {
    expect(normaliseField('query.limit')).toBe('limit');
    expect(normaliseField('records[0].date')).toBe('records.0.date');
  });
});

describe('unwrap', () => {
  const answer = (status: number, data?: unknown, error?: unknown) =>
    Promise.resolve({ data, error, response: new Response(null, { status: status === 204 ? 204 : status }) });

  it('returns the data of a 2xx answer', async () => {
    await expect(unwrap(answer(200, { id: 'c1' }))).resolves.toEqual({ id: 'c1' });
  });

  it('throws an ApiError carrying the field messages of a refusal', async () => {
    await expect(
      unwrap(
        answer(400, undefined, {
          status: 400,
          detail: '请求参数有误',
          errors: [{ field: 'regionCode', message: '6位' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ApiError', status: 400, fieldErrors: { regionCode: '6位' } });
  });

  it('turns a network failure into a Chinese message with status 0', async () => {
    await expect(unwrap(Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({
      status: 0,
      detail: '无法连接服务器，请检查网络后重试',
    });
  });
});
