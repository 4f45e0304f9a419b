import { Card, Space } from 'antd';
import {
  ProFormCheckbox,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
  type ProColumns,
} from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandForm } from '../../components/CommandForm';
import { CommandModal } from '../../components/CommandModal';
import { byDeadline, Deadline } from '../../components/Deadline';
import { UsccField } from '../../components/fields';
import { api, unwrap } from '../../services/client';
import { formatDate } from '../../lib/time';

type Row = Record<string, unknown> & {
  id: string;
  uscc: string;
  name?: string;
  status: string;
  answerDueDate?: string;
  listedUntil?: string;
  caseId?: string;
};
const STATUS: Record<string, string> = {
  notified: '已告知',
  answered: '已陈述申辩',
  listed: '已列入',
  dropped: '不予列入',
  removed: '已移出',
};

/** The blacklist procedure: notice → the employer's answer → decision → removal. */
export default function Blacklist() {
  const p = (id: string, key: string) => ({ params: { path: { id } }, headers: { 'Idempotency-Key': key } });
  const inv = [['blacklist']];
  const columns: ProColumns<Row>[] = [
    { title: '统一社会信用代码', dataIndex: 'uscc' },
    { title: '单位', render: (_, r) => r.name ?? '—' },
    { title: '状态', render: (_, r) => STATUS[r.status] ?? r.status },
    {
      title: '陈述申辩期限',
      render: (_, r) => (r.status === 'notified' ? <Deadline at={r.answerDueDate} /> : '—'),
    },
    { title: '列入至', render: (_, r) => formatDate(r.listedUntil) },
    {
      title: '操作',
      render: (_, r) => (
        <Space wrap>
          {r.status === 'notified' && (
            <CommandModal<{ statement?: string; waived?: boolean }, unknown>
              buttonText="登记陈述申辩"
              title="陈述申辩"
              submitText="登记"
              invalidate={inv}
              send={(v, key) =>
                unwrap(
                  api.POST('/api/v1/credit/blacklist/{id}/answer', {
                    ...p(r.id, key),
                    body: { statement: v.statement ?? '', ...(v.waived ? { waived: true } : {}) } as never,
                  }),
                )
              }
            >
              <ProFormTextArea name="statement" label="陈述申辩意见" />
              <ProFormCheckbox name="waived">放弃陈述申辩</ProFormCheckbox>
            </CommandModal>
          )}
          {(r.status === 'notified' || r.status === 'answered') && (
            <CommandModal<{ decision: 'list' | 'drop'; reason?: string }, unknown>
              buttonText="作出决定"
              title="列入决定"
              submitText="提交"
              invalidate={inv}
              send={(v, key) =>
                unwrap(
                  api.POST('/api/v1/credit/blacklist/{id}/decision', {
                    ...p(r.id, key),
                    body: { decision: v.decision, reason: v.reason ?? '' },
                  }),
                )
              }
            >
              <ProFormSelect
                name="decision"
                label="决定"
                options={[
                  { value: 'list', label: '列入失信名单' },
                  { value: 'drop', label: '不予列入' },
                ]}
                rules={[{ required: true, message: '请选择' }]}
              />
              <ProFormTextArea name="reason" label="理由" />
            </CommandModal>
          )}
          {r.status === 'listed' && (
            <CommandModal<{ reason: string; pledgeReference: string }, unknown>
              buttonText="移出名单"
              title="信用修复（移出）"
              submitText="移出"
              invalidate={inv}
              send={(v, key) =>
                unwrap(api.POST('/api/v1/credit/blacklist/{id}/removal', { ...p(r.id, key), body: v }))
              }
            >
              <ProFormTextArea
                name="reason"
                label="移出理由"
                rules={[{ required: true, message: '请填写理由' }]}
              />
              <ProFormText
                name="pledgeReference"
                label="信用承诺书编号"
                rules={[{ required: true, message: '请填写信用承诺书编号' }]}
              />
            </CommandModal>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ApiTable<Row>
        title="失信名单程序（按申辩期限排序）"
        queryKey={['blacklist']}
        rowKey="id"
        columns={columns}
        sort={byDeadline((r) => (r.status === 'notified' ? r.answerDueDate : undefined))}
        load={() => unwrap(api.GET('/api/v1/credit/blacklist', { params: { query: { limit: 200 } } }))}
      />
      <Card title="拟列入失信名单告知" size="small">
        <CommandForm<{ uscc: string; caseId: string; reason: string }, unknown>
          title="拟列入告知"
          submitText="发出告知"
          invalidate={inv}
          send={(v, key) =>
            unwrap(api.POST('/api/v1/credit/blacklist', { headers: { 'Idempotency-Key': key }, body: v }))
          }
        >
          <UsccField name="uscc" required />
          <ProFormText
            name="caseId"
            label="案件编号"
            rules={[{ required: true, message: '请输入案件编号' }]}
          />
          <ProFormTextArea
            name="reason"
            label="事实和理由"
            rules={[{ required: true, message: '请填写理由' }]}
          />
        </CommandForm>
      </Card>
    </Space>
  );
}
