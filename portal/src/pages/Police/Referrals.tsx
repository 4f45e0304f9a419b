import { Space } from 'antd';
import { ProFormSelect, ProFormTextArea, type ProColumns } from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandModal } from '../../components/CommandModal';
import { byDeadline, Deadline } from '../../components/Deadline';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';
import { formatDateTime } from '../../lib/time';

type Referral = Record<string, unknown> & {
  id: string;
  caseId: string;
  caseNo?: string;
  status: string;
  reason?: string;
  decisionDueAt?: string;
  sentAt?: string;
  amountFen?: number;
  employerName?: string;
};

const STATUS: Record<string, string> = { sent: '待决定', accepted: '已立案', rejected: '不予立案' };

/** The police inbox: referrals with the 3-day decision deadline, the nearest first. */
export default function Referrals() {
  const columns: ProColumns<Referral>[] = [
    { title: '案件编号', render: (_, r) => r.caseNo ?? r.caseId },
    {
      title: '决定期限',
      render: (_, r) => (r.status === 'sent' ? <Deadline at={r.decisionDueAt} withTime /> : '—'),
    },
    { title: '状态', render: (_, r) => STATUS[r.status] ?? r.status },
    { title: '用人单位', render: (_, r) => r.employerName ?? '—' },
    { title: '涉案金额', render: (_, r) => formatMoney(r.amountFen) },
    { title: '移送时间', render: (_, r) => formatDateTime(r.sentAt) },
    { title: '移送理由', dataIndex: 'reason', ellipsis: true },
    {
      title: '操作',
      render: (_, r) =>
        r.status === 'sent' ? (
          <Space>
            <CommandModal<{ decision: 'accepted' | 'rejected'; reason?: string }, unknown>
              buttonText="作出决定"
              title="移送案件立案决定"
              submitText="提交决定"
              invalidate={[['referrals']]}
              send={(v, key) =>
                unwrap(
                  api.POST('/api/v1/police/referrals/{id}/decision', {
                    params: { path: { id: r.id } },
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
                  { value: 'accepted', label: '立案侦查' },
                  { value: 'rejected', label: '不予立案' },
                ]}
                rules={[{ required: true, message: '请选择决定' }]}
              />
              <ProFormTextArea name="reason" label="理由" />
            </CommandModal>
          </Space>
        ) : null,
    },
  ];
  return (
    <ApiTable<Referral>
      title="移送案件（3日内作出立案决定）"
      queryKey={['referrals']}
      rowKey="id"
      columns={columns}
      sort={byDeadline((r) => (r.status === 'sent' ? r.decisionDueAt : undefined))}
      load={() => unwrap(api.GET('/api/v1/police/referrals', { params: { query: { limit: 200 } } }))}
    />
  );
}
