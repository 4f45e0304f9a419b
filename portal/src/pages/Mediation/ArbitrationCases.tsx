import { Space } from 'antd';
import { ProFormSelect, ProFormText, ProFormTextArea, type ProColumns } from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandModal } from '../../components/CommandModal';
import { byDeadline, Deadline } from '../../components/Deadline';
import { fen, MoneyField } from '../../components/fields';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';

type Row = Record<string, unknown> & {
  id: string;
  caseNo?: string;
  status: string;
  claimFen?: number;
  dueAt?: string;
  awardDueAt?: string;
  acceptanceDueAt?: string;
};
const STATUS: Record<string, string> = {
  applied: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  hearing: '开庭审理',
  awarded: '已裁决',
};
const due = (r: Row) =>
  (r.status === 'applied' ? r.acceptanceDueAt : (r.awardDueAt ?? r.dueAt)) as string | undefined;

export default function ArbitrationCases() {
  const p = (id: string, key: string) => ({ params: { path: { id } }, headers: { 'Idempotency-Key': key } });
  const columns: ProColumns<Row>[] = [
    { title: '案件编号', render: (_, r) => r.caseNo ?? r.id },
    {
      title: '期限',
      render: (_, r) => (r.status === 'awarded' || r.status === 'rejected' ? '—' : <Deadline at={due(r)} />),
    },
    { title: '状态', render: (_, r) => STATUS[r.status] ?? r.status },
    { title: '请求金额', render: (_, r) => formatMoney(r.claimFen) },
    {
      title: '操作',
      render: (_, r) => (
        <Space wrap>
          {r.status === 'applied' && (
            <CommandModal<{ decision: 'accepted' | 'rejected'; reason: string }, unknown>
              buttonText="受理审查"
              title="仲裁受理"
              submitText="提交"
              invalidate={[['arbitration-cases']]}
              send={(v, key) =>
                unwrap(api.POST('/api/v1/arbitration/cases/{id}/acceptance', { ...p(r.id, key), body: v }))
              }
            >
              <ProFormSelect
                name="decision"
                label="决定"
                options={[
                  { value: 'accepted', label: '受理' },
                  { value: 'rejected', label: '不予受理' },
                ]}
                rules={[{ required: true, message: '请选择' }]}
              />
              <ProFormTextArea name="reason" label="理由" />
            </CommandModal>
          )}
          {(r.status === 'accepted' || r.status === 'hearing') && (
            <>
              <CommandModal<{ hearingAt: string; place: string }, unknown>
                buttonText="安排开庭"
                title="开庭通知"
                submitText="提交"
                invalidate={[['arbitration-cases']]}
                send={(v, key) =>
                  unwrap(api.POST('/api/v1/arbitration/cases/{id}/hearings', { ...p(r.id, key), body: v }))
                }
              >
                <ProFormText
                  name="hearingAt"
                  label="开庭时间（如 2026-12-08T10:00:00+08:00）"
                  rules={[{ required: true, message: '请输入开庭时间' }]}
                />
                <ProFormText name="place" label="地点" rules={[{ required: true, message: '请输入地点' }]} />
              </CommandModal>
              <CommandModal<{ award: string }, unknown>
                buttonText="作出裁决"
                title="仲裁裁决"
                submitText="裁决"
                invalidate={[['arbitration-cases']]}
                send={(v, key) =>
                  unwrap(
                    api.POST('/api/v1/arbitration/cases/{id}/award', {
                      ...p(r.id, key),
                      body: { awardFen: fen(v.award) },
                    }),
                  )
                }
              >
                <MoneyField name="award" label="裁决金额" />
              </CommandModal>
            </>
          )}
          {r.status === 'awarded' && (
            <CommandModal<object, unknown>
              buttonText="申请强制执行"
              title="申请人民法院强制执行"
              submitText="提交申请"
              invalidate={[['arbitration-cases']]}
              send={(_v, key) =>
                unwrap(api.POST('/api/v1/arbitration/cases/{id}/enforcement-requests', p(r.id, key)))
              }
            >
              <p>裁决生效后用人单位未履行的，向人民法院申请强制执行。</p>
            </CommandModal>
          )}
        </Space>
      ),
    },
  ];
  return (
    <ApiTable<Row>
      title="仲裁案件（按期限排序）"
      queryKey={['arbitration-cases']}
      rowKey="id"
      columns={columns}
      sort={byDeadline(due)}
      load={() => unwrap(api.GET('/api/v1/arbitration/cases', { params: { query: { limit: 200 } } }))}
    />
  );
}
