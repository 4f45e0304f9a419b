import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { ProFormRadio, ProFormTextArea, type ProColumns } from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandForm } from '../../components/CommandForm';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';
import { formatDateTime } from '../../lib/time';

type Status = 'pending_approval' | 'approved' | 'rejected';
interface MoneyRequest extends Record<string, unknown> {
  requestId: string;
  kind: 'draw' | 'advance';
  status: string;
  amountFen: number;
  caseId: string;
  caseNo: string;
  inspectionCaseId?: string;
  requestedBy: string;
  requestedAt?: string;
  decidedBy?: string;
  note?: string;
  backDated: boolean;
  refusal?: string;
}

const STATUS_TEXT: Record<Status, string> = {
  pending_approval: '待审批',
  approved: '已批准',
  rejected: '已驳回',
};
const KIND_TEXT = { draw: '动用工资保证金', advance: '应急周转金垫付' } as const;
const RESULT_TEXT: Record<string, string> = {
  pending_approval: '待审批',
  pending: '划拨中',
  completed: '已划拨',
  rejected: '已驳回',
  refused: '复核未通过',
};

/** 四眼原则: the chief sees every draw and advance an inspector requested, and approves or rejects each. */
export default function Approvals() {
  const user = useUser();
  const [status, setStatus] = useState<Status>('pending_approval');
  const [deciding, setDeciding] = useState<MoneyRequest>();
  const columns: ProColumns<MoneyRequest>[] = [
    {
      title: '案件编号',
      render: (_, r) =>
        r.inspectionCaseId ? (
          <Link to={`/inspection/cases/${r.inspectionCaseId}`}>{r.caseNo}</Link>
        ) : (
          r.caseNo
        ),
    },
    { title: '类别', render: (_, r) => KIND_TEXT[r.kind] },
    { title: '金额', render: (_, r) => formatMoney(r.amountFen) },
    { title: '申请人', dataIndex: 'requestedBy' },
    { title: '申请时间', render: (_, r) => (r.requestedAt ? formatDateTime(r.requestedAt) : '—') },
    {
      title: '提示',
      render: (_, r) =>
        r.backDated ? (
          <Tag color="#ad4e00" title="所依据的责令支付书为线下送达后补录，期限已过">
            责令书为补录
          </Tag>
        ) : (
          '—'
        ),
    },
    { title: '状态', render: (_, r) => RESULT_TEXT[r.status] ?? r.status },
    {
      title: '操作',
      render: (_, r) =>
        r.status !== 'pending_approval' ? (
          (r.refusal ?? r.note ?? '—')
        ) : r.requestedBy === user.username ? (
          <Typography.Text type="secondary">本人申请，须由他人审批</Typography.Text>
        ) : (
          <Button size="small" type="primary" onClick={() => setDeciding(r)}>
            审批
          </Button>
        ),
    },
  ];
  return (
    <>
      <ApiTable<MoneyRequest>
        title="资金审批（四眼原则）"
        queryKey={['money-requests', status]}
        rowKey="requestId"
        columns={columns}
        toolBar={[
          <Segmented<Status>
            key="status"
            aria-label="审批状态"
            value={status}
            onChange={setStatus}
            options={Object.entries(STATUS_TEXT).map(([value, l]) => ({ value: value as Status, label: l }))}
          />,
        ]}
        load={() =>
          unwrap(api.GET('/api/v1/inspection/money-requests', { params: { query: { status, limit: 200 } } }))
        }
      />
      <Modal
        open={deciding !== undefined}
        title={deciding ? `审批：${KIND_TEXT[deciding.kind]} ${formatMoney(deciding.amountFen)}` : ''}
        footer={null}
        onCancel={() => setDeciding(undefined)}
        destroyOnHidden
      >
        {deciding && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph>
              案件 {deciding.caseNo}，申请人 {deciding.requestedBy}
              {deciding.requestedAt ? `，申请于 ${formatDateTime(deciding.requestedAt)}` : ''}。
              批准后将重新核验责令支付是否逾期未履行及余额，核验通过即划拨，且只划拨一次。
            </Typography.Paragraph>
            {deciding.backDated && (
              <Typography.Paragraph type="warning">
                注意：所依据的责令支付书系线下送达后补录（送达日期与履行期限均早于录入时间）。
              </Typography.Paragraph>
            )}
            <CommandForm<{ decision: 'approved' | 'rejected'; note?: string }, { status: string }>
              title="审批意见"
              submitText="提交审批意见"
              initialValues={{ decision: 'approved' }}
              invalidate={[['money-requests'], ['inspection-case', deciding.inspectionCaseId ?? '']]}
              successText={(r) => `审批完成：${RESULT_TEXT[r.status] ?? r.status}`}
              onDone={() => setDeciding(undefined)}
              send={(v, key) =>
                unwrap(
                  api.POST('/api/v1/inspection/money-requests/{requestId}/decision', {
                    params: { path: { requestId: deciding.requestId } },
                    headers: { 'Idempotency-Key': key },
                    body: { decision: v.decision, ...(v.note ? { note: v.note } : {}) },
                  }),
                ) as Promise<{ status: string }>
              }
            >
              <ProFormRadio.Group
                name="decision"
                label="审批结论"
                options={[
                  { value: 'approved', label: '批准' },
                  { value: 'rejected', label: '驳回' },
                ]}
                rules={[{ required: true, message: '请选择审批结论' }]}
              />
              <ProFormTextArea name="note" label="审批意见" fieldProps={{ maxLength: 500 }} />
            </CommandForm>
          </Space>
        )}
      </Modal>
    </>
  );
}
