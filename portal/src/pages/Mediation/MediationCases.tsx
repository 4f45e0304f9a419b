import { Card, Space } from 'antd';
import {
  ProFormDatePicker,
  ProFormGroup,
  ProFormText,
  ProFormTextArea,
  type ProColumns,
} from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandForm } from '../../components/CommandForm';
import { CommandModal } from '../../components/CommandModal';
import { byDeadline, Deadline } from '../../components/Deadline';
import { fen, MoneyField, UsccField } from '../../components/fields';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';

type Row = Record<string, unknown> & {
  id: string;
  caseNo?: string;
  status: string;
  claimFen?: number;
  dueAt?: string;
  deadlineAt?: string;
  employer?: { name: string };
};
const STATUS: Record<string, string> = {
  open: '调解中',
  agreed: '已达成协议',
  failed: '调解不成',
  expired: '已超期',
};
const due = (r: Row) => (r.deadlineAt ?? r.dueAt) as string | undefined;

export default function MediationCases() {
  const user = useUser();
  const columns: ProColumns<Row>[] = [
    { title: '案件编号', render: (_, r) => r.caseNo ?? r.id },
    { title: '调解期限', render: (_, r) => (r.status === 'open' ? <Deadline at={due(r)} /> : '—') },
    { title: '状态', render: (_, r) => STATUS[r.status] ?? r.status },
    { title: '用人单位', render: (_, r) => r.employer?.name ?? '—' },
    { title: '请求金额', render: (_, r) => formatMoney(r.claimFen) },
    {
      title: '操作',
      render: (_, r) =>
        r.status === 'open' ? (
          <Space wrap>
            <CommandModal<{ agreed: string; payBy: string }, unknown>
              buttonText="达成协议"
              title="调解协议"
              submitText="记录协议"
              invalidate={[['mediation-cases']]}
              send={(v, key) =>
                unwrap(
                  api.POST('/api/v1/mediation/cases/{id}/agreement', {
                    params: { path: { id: r.id } },
                    headers: { 'Idempotency-Key': key },
                    body: { agreedFen: fen(v.agreed), payBy: v.payBy },
                  }),
                )
              }
            >
              <MoneyField name="agreed" label="协议金额" />
              <ProFormDatePicker
                name="payBy"
                label="履行期限"
                rules={[{ required: true, message: '请选择履行期限' }]}
              />
            </CommandModal>
            <CommandModal<{ reason: string }, unknown>
              buttonText="调解不成"
              title="调解不成，转仲裁"
              submitText="确认"
              invalidate={[['mediation-cases']]}
              send={(v, key) =>
                unwrap(
                  api.POST('/api/v1/mediation/cases/{id}/failure', {
                    params: { path: { id: r.id } },
                    headers: { 'Idempotency-Key': key },
                    body: v,
                  }),
                )
              }
            >
              <ProFormTextArea
                name="reason"
                label="原因"
                rules={[{ required: true, message: '请填写原因' }]}
              />
            </CommandModal>
          </Space>
        ) : null,
    },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ApiTable<Row>
        title="调解案件（按期限排序）"
        queryKey={['mediation-cases']}
        rowKey="id"
        columns={columns}
        sort={byDeadline(due)}
        load={() => unwrap(api.GET('/api/v1/mediation/cases', { params: { query: { limit: 200 } } }))}
      />
      <Card title="受理调解申请" size="small">
        <CommandForm<
          {
            caseId?: string;
            regionCode: string;
            applicant: { name: string; idNumber: string; phone: string };
            employer: { name: string; uscc?: string };
            claim: string;
          },
          unknown
        >
          title="受理调解申请"
          submitText="受理"
          initialValues={{ regionCode: user.region }}
          invalidate={[['mediation-cases']]}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/mediation/cases', {
                headers: { 'Idempotency-Key': key },
                body: {
                  ...(v.caseId ? { caseId: v.caseId } : {}),
                  regionCode: v.regionCode,
                  applicant: v.applicant,
                  employer: { name: v.employer.name, ...(v.employer.uscc ? { uscc: v.employer.uscc } : {}) },
                  claimFen: fen(v.claim),
                },
              }),
            )
          }
        >
          <ProFormGroup>
            <ProFormText
              name="regionCode"
              label="行政区划代码"
              width="sm"
              rules={[{ required: true, message: '请输入' }]}
            />
            <ProFormText name="caseId" label="关联案件编号（如有）" width="md" />
          </ProFormGroup>
          <ProFormGroup title="申请人">
            <ProFormText
              name={['applicant', 'name']}
              label="姓名"
              width="sm"
              rules={[{ required: true, message: '请输入姓名' }]}
            />
            <ProFormText
              name={['applicant', 'idNumber']}
              label="身份证号"
              width="md"
              rules={[{ required: true, message: '请输入身份证号' }]}
            />
            <ProFormText
              name={['applicant', 'phone']}
              label="电话"
              width="sm"
              rules={[{ required: true, message: '请输入电话' }]}
            />
          </ProFormGroup>
          <ProFormGroup title="被申请单位">
            <ProFormText
              name={['employer', 'name']}
              label="单位名称"
              width="md"
              rules={[{ required: true, message: '请输入单位名称' }]}
            />
            <UsccField name={['employer', 'uscc']} />
          </ProFormGroup>
          <MoneyField name="claim" label="请求金额" />
        </CommandForm>
      </Card>
    </Space>
  );
}
