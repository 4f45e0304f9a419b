import { useState } from 'react';
import { Alert, Card, Descriptions, Input, Space } from 'antd';
import { ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { CommandForm } from '../../components/CommandForm';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';

/** The court's enforcement requests: looked up by number (the API has no list yet), then decided. */
export default function Enforcements() {
  const [id, setId] = useState('');
  const q = useQuery({
    queryKey: ['enforcement', id],
    enabled: id !== '',
    queryFn: () =>
      unwrap(api.GET('/api/v1/court/enforcements/{id}', { params: { path: { id } } })) as Promise<
        Record<string, unknown>
      >,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="强制执行申请">
        <Input.Search
          aria-label="执行申请编号"
          placeholder="输入执行申请编号"
          enterButton="查询"
          onSearch={(v) => setId(v.trim())}
          style={{ maxWidth: 480 }}
        />
      </Card>
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      {q.data && (
        <Card title={`执行申请 ${id}`}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="状态">{String(q.data.status ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="金额">
              {formatMoney(q.data.awardFen as number | undefined)}
            </Descriptions.Item>
          </Descriptions>
          <CommandForm<{ decision: 'accepted' | 'rejected'; reason: string }, unknown>
            title="执行决定"
            submitText="提交决定"
            invalidate={[['enforcement', id]]}
            send={(v, key) =>
              unwrap(
                api.POST('/api/v1/court/enforcements/{id}/decision', {
                  params: { path: { id } },
                  headers: { 'Idempotency-Key': key },
                  body: v,
                }),
              )
            }
          >
            <ProFormSelect
              name="decision"
              label="决定"
              options={[
                { value: 'accepted', label: '立案执行' },
                { value: 'rejected', label: '不予执行' },
              ]}
              rules={[{ required: true, message: '请选择' }]}
            />
            <ProFormTextArea name="reason" label="理由" />
          </CommandForm>
        </Card>
      )}
    </Space>
  );
}
