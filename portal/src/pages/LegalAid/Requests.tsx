import { useState } from 'react';
import { Button, Modal, Segmented, Typography } from 'antd';
import { ProFormText, type ProColumns } from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandForm } from '../../components/CommandForm';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';
import { formatDateTime } from '../../lib/time';
import type { components } from '../../gen/schema';

type Request = components['schemas']['LegalAidRequest'];
type Status = 'pending' | 'accepted';
const STATUS: Record<Status, string> = { pending: '待受理', accepted: '已指派律师' };

/** 法律援助: the county centre's queue of workers' requests; accepting one names the lawyer the worker sees. */
export default function LegalAidRequests() {
  const [status, setStatus] = useState<Status>('pending');
  const [accepting, setAccepting] = useState<Request>();
  const columns: ProColumns<Request>[] = [
    { title: '案件编号', dataIndex: 'caseNo' },
    { title: '用人单位', dataIndex: ['employer', 'name'] },
    { title: '人数', dataIndex: 'workerCount' },
    { title: '欠薪金额', render: (_, r) => formatMoney(r.amountFen) },
    { title: '申请理由', dataIndex: 'reason', ellipsis: true },
    { title: '申请时间', render: (_, r) => formatDateTime(r.requestedAt) },
    {
      title: status === 'pending' ? '操作' : '承办律师',
      render: (_, r) =>
        r.status === 'accepted' ? (
          `${r.lawyerName ?? '—'}（${r.acceptedAt ? formatDateTime(r.acceptedAt) : ''}）`
        ) : (
          <Button size="small" type="primary" onClick={() => setAccepting(r)}>
            受理并指派
          </Button>
        ),
    },
  ];
  return (
    <>
      <ApiTable<Request>
        title="法律援助申请"
        queryKey={['legal-aid', status]}
        rowKey="id"
        columns={columns}
        sort={(a, b) => a.requestedAt.localeCompare(b.requestedAt)}
        toolBar={[
          <Segmented<Status>
            key="status"
            aria-label="受理状态"
            value={status}
            onChange={setStatus}
            options={Object.entries(STATUS).map(([value, l]) => ({ value: value as Status, label: l }))}
          />,
        ]}
        load={() =>
          unwrap(api.GET('/api/v1/legal-aid/requests', { params: { query: { status, limit: 200 } } }))
        }
      />
      <Modal
        open={accepting !== undefined}
        title={accepting ? `受理法律援助申请：${accepting.caseNo}` : ''}
        footer={null}
        onCancel={() => setAccepting(undefined)}
        destroyOnHidden
      >
        {accepting && (
          <>
            <Typography.Paragraph>{accepting.reason}</Typography.Paragraph>
            <CommandForm<{ lawyerName: string }, Request>
              title="指派律师"
              submitText="受理并指派"
              invalidate={[['legal-aid']]}
              successText={(r) => `已受理，承办律师 ${r.lawyerName ?? ''}；工人可在查询页看到律师姓名`}
              onDone={() => setAccepting(undefined)}
              send={(v, key) =>
                unwrap(
                  api.POST('/api/v1/legal-aid/requests/{id}/acceptance', {
                    params: { path: { id: accepting.id } },
                    headers: { 'Idempotency-Key': key },
                    body: { lawyerName: v.lawyerName },
                  }),
                ) as Promise<Request>
              }
            >
              <ProFormText
                name="lawyerName"
                label="承办律师姓名（工人只看到姓名）"
                rules={[{ required: true, message: '请输入律师姓名' }]}
                fieldProps={{ maxLength: 50 }}
              />
            </CommandForm>
          </>
        )}
      </Modal>
    </>
  );
}
