import { useState } from 'react';
import { Segmented, Tag } from 'antd';
import { ProFormTextArea, type ProColumns } from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandModal } from '../../components/CommandModal';
import { api, unwrap } from '../../services/client';
import { WARNING_LEVEL, label } from '../../lib/labels';

type Row = Record<string, unknown> & {
  id: string;
  projectId: string;
  level: string;
  rule: string;
  month: string;
  detail: string;
  status: string;
  caseId?: string;
};
const COLOR: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold' };
const RANK: Record<string, number> = { red: 0, orange: 1, yellow: 2 };

export default function Warnings() {
  const [status, setStatus] = useState<'open' | 'handled'>('open');
  const columns: ProColumns<Row>[] = [
    { title: '级别', render: (_, r) => <Tag color={COLOR[r.level]}>{label(WARNING_LEVEL, r.level)}</Tag> },
    { title: '项目', dataIndex: 'projectId' },
    { title: '月份', dataIndex: 'month' },
    { title: '情况', dataIndex: 'detail' },
    {
      title: '操作',
      render: (_, r) =>
        r.status === 'open' ? (
          <CommandModal<{ note: string }, unknown>
            buttonText="处置"
            title="预警处置"
            submitText="登记处置"
            invalidate={[['warnings']]}
            send={(v, key) =>
              unwrap(
                api.POST('/api/v1/warnings/{id}/handling', {
                  params: { path: { id: r.id } },
                  headers: { 'Idempotency-Key': key },
                  body: v,
                }),
              )
            }
          >
            <ProFormTextArea
              name="note"
              label="处置情况"
              rules={[{ required: true, message: '请填写处置情况' }]}
            />
          </CommandModal>
        ) : null,
    },
  ];
  return (
    <ApiTable<Row>
      title="欠薪预警（红色在前）"
      queryKey={['warnings', status]}
      rowKey="id"
      columns={columns}
      sort={(a, b) => (RANK[a.level] ?? 9) - (RANK[b.level] ?? 9)}
      toolBar={[
        <Segmented
          key="s"
          aria-label="处置状态"
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'handled')}
          options={[
            { value: 'open', label: '待处置' },
            { value: 'handled', label: '已处置' },
          ]}
        />,
      ]}
      load={() => unwrap(api.GET('/api/v1/warnings', { params: { query: { status, limit: 200 } } }))}
    />
  );
}
