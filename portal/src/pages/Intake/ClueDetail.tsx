import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Card, Descriptions, Space, Spin } from 'antd';
import { ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../services/client';
import { CaseTimeline } from '../../components/CaseTimeline';
import { CommandForm } from '../../components/CommandForm';
import { Deadline } from '../../components/Deadline';
import { UnmaskButton } from '../../components/Masked';
import { useUser } from '../../auth/UserContext';
import { CHANNEL, CLUE_STATUS, ROUTE, label, regionName } from '../../lib/labels';
import { formatMoney } from '../../lib/money';
import type { components } from '../../gen/schema';

type Clue = components['schemas']['Clue'];

export default function ClueDetail() {
  const { id = '' } = useParams();
  const user = useUser();
  const [reason, setReason] = useState<string>();
  const q = useQuery({
    queryKey: ['clue', id, reason],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clues/{id}', {
          params: { path: { id }, query: reason ? ({ unmask: 'true' } as never) : undefined },
          headers: reason ? { 'X-Unmask-Reason': encodeURIComponent(reason) } : {},
        }),
      ) as Promise<Clue>,
  });
  if (q.isPending) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={q.error.message} />;
  const c = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={`线索 ${c.caseNo}`} extra={<UnmaskButton onUnmask={setReason} />}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label="状态">{label(CLUE_STATUS, c.status)}</Descriptions.Item>
          <Descriptions.Item label="分流">
            {label(ROUTE, c.route)}（{c.routeReason || '—'}）
          </Descriptions.Item>
          <Descriptions.Item label="立案期限">
            <Deadline at={c.filingDueAt} withTime />
          </Descriptions.Item>
          <Descriptions.Item label="渠道">{label(CHANNEL, c.channel)}</Descriptions.Item>
          <Descriptions.Item label="辖区">{regionName(c.regionCode)}</Descriptions.Item>
          <Descriptions.Item label="单位">
            {c.employer.name} {c.employer.uscc}
          </Descriptions.Item>
          <Descriptions.Item label="人数">{c.workerCount}</Descriptions.Item>
          <Descriptions.Item label="金额">{formatMoney(c.amountFen)}</Descriptions.Item>
          <Descriptions.Item label="反映人数">{c.reporterCount}</Descriptions.Item>
          {c.reporter && (
            <>
              <Descriptions.Item label="反映人">{c.reporter.name}</Descriptions.Item>
              <Descriptions.Item label="身份证号">{c.reporter.idNumber}</Descriptions.Item>
              <Descriptions.Item label="电话">{c.reporter.phone}</Descriptions.Item>
            </>
          )}
        </Descriptions>
      </Card>
      {user.roles.includes('intake-clerk') && c.status === 'received' && (
        <Card title="立案审查" size="small">
          <CommandForm<{ decision: 'filed' | 'rejected'; reason?: string }, unknown>
            title="立案审查"
            submitText="提交决定"
            invalidate={[['clue', id], ['clues']]}
            send={(v, key) =>
              unwrap(
                api.POST('/api/v1/clues/{id}/decision', {
                  params: { path: { id } },
                  headers: { 'Idempotency-Key': key },
                  body: { decision: v.decision, reason: v.reason ?? '' },
                }),
              )
            }
          >
            <ProFormSelect
              name="decision"
              label="决定"
              options={[
                { value: 'filed', label: '立案' },
                { value: 'rejected', label: '不予立案' },
              ]}
              rules={[{ required: true, message: '请选择' }]}
            />
            <ProFormTextArea name="reason" label="理由" />
          </CommandForm>
        </Card>
      )}
      {user.roles.includes('intake-clerk') && c.status === 'closed' && (
        <Card title="电话回访" size="small">
          <CommandForm<
            { paid: 'yes' | 'no'; satisfaction: number; comment?: string },
            { followUpClueId: string | null }
          >
            title="电话回访"
            submitText="记录回访"
            invalidate={[['clue', id], ['clues']]}
            successText={(r) =>
              r.followUpClueId ? '已记录；工人反映未拿到工资，已重新登记线索并关联原案件' : '已记录回访结果'
            }
            send={(v, key) =>
              unwrap(
                api.POST('/api/v1/cases/{caseId}/return-visits', {
                  params: { path: { caseId: c.caseId } },
                  headers: { 'Idempotency-Key': key },
                  body: {
                    clueId: id,
                    paid: v.paid === 'yes',
                    satisfaction: v.satisfaction,
                    ...(v.comment ? { comment: v.comment } : {}),
                  },
                }),
              ) as Promise<{ followUpClueId: string | null }>
            }
          >
            <ProFormSelect
              name="paid"
              label="工资是否已拿到"
              options={[
                { value: 'yes', label: '已拿到' },
                { value: 'no', label: '未拿到（将重新登记线索）' },
              ]}
              rules={[{ required: true, message: '请选择' }]}
            />
            <ProFormSelect
              name="satisfaction"
              label="满意度"
              options={[5, 4, 3, 2, 1].map((n) => ({ value: n, label: `${n} 分` }))}
              rules={[{ required: true, message: '请选择满意度' }]}
            />
            <ProFormTextArea name="comment" label="工人意见" fieldProps={{ maxLength: 500 }} />
          </CommandForm>
        </Card>
      )}
      <CaseTimeline caseId={c.caseId} />
    </Space>
  );
}
