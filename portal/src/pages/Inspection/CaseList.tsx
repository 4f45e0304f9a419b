import { useState } from 'react';
import { Link } from 'react-router';
import { Segmented } from 'antd';
import type { ProColumns } from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { byDeadline, Deadline } from '../../components/Deadline';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';
import { formatDateTime } from '../../lib/time';
import { INSPECTION_STATUS } from '../../lib/caseStatus';
import { label } from '../../lib/labels';
import type { components } from '../../gen/schema';
import { useUser } from '../../auth/UserContext';
import { RandomPlanButton } from './RandomPlan';

type Case = components['schemas']['InspectionCase'];
type Status = 'investigating' | 'ordered' | 'closed';

/** The statutory investigation deadline the service reports (60 working days, +30 when extended). */
const dueOf = (c: Case) => (c.investigationDueAt as string | undefined) ?? (c.dueAt as string | undefined);

const columns: ProColumns<Case>[] = [
  {
    title: '案件编号',
    dataIndex: 'caseNo',
    render: (_, r) => <Link to={`/inspection/cases/${r.id}`}>{r.caseNo}</Link>,
  },
  { title: '办理期限', render: (_, r) => (r.status === 'closed' ? '—' : <Deadline at={dueOf(r)} />) },
  { title: '状态', dataIndex: 'status', render: (_, r) => label(INSPECTION_STATUS, r.status) },
  { title: '用人单位', dataIndex: ['employer', 'name'] },
  { title: '人数', dataIndex: 'workerCount' },
  { title: '欠薪金额', render: (_, r) => formatMoney(r.arrearsFen || r.claimedArrearsFen) },
  { title: '未清偿', render: (_, r) => formatMoney(r.outstandingFen) },
  { title: '立案时间', render: (_, r) => formatDateTime(r.openedAt) },
];

export default function CaseList() {
  const [status, setStatus] = useState<Status>('investigating');
  const inspector = useUser().roles.includes('labor-inspector');
  return (
    <ApiTable<Case>
      title="监察案件（按期限排序）"
      queryKey={['inspection-cases', status]}
      rowKey="id"
      columns={columns}
      sort={byDeadline(dueOf)}
      toolBar={[
        <Segmented<Status>
          key="status"
          aria-label="案件状态"
          value={status}
          onChange={setStatus}
          options={Object.entries(INSPECTION_STATUS).map(([value, l]) => ({
            value: value as Status,
            label: l,
          }))}
        />,
        ...(inspector ? [<RandomPlanButton key="plan" />] : []),
      ]}
      load={() => unwrap(api.GET('/api/v1/inspection/cases', { params: { query: { status, limit: 200 } } }))}
    />
  );
}
