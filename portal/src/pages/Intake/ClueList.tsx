import { Link } from 'react-router';
import type { ProColumns } from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { byDeadline, Deadline } from '../../components/Deadline';
import { api, unwrap } from '../../services/client';
import { CHANNEL, CLUE_STATUS, ROUTE, label } from '../../lib/labels';
import { formatMoney } from '../../lib/money';
import { formatDateTime } from '../../lib/time';
import type { components } from '../../gen/schema';

type Clue = components['schemas']['Clue'];

const columns: ProColumns<Clue>[] = [
  {
    title: '案件编号',
    dataIndex: 'caseNo',
    render: (_, r) => <Link to={`/intake/clues/${r.id}`}>{r.caseNo}</Link>,
  },
  {
    title: '立案期限',
    dataIndex: 'filingDueAt',
    render: (_, r) => (r.status === 'received' ? <Deadline at={r.filingDueAt} withTime /> : '—'),
  },
  { title: '状态', dataIndex: 'status', render: (_, r) => label(CLUE_STATUS, r.status) },
  { title: '被反映单位', dataIndex: ['employer', 'name'] },
  { title: '人数', dataIndex: 'workerCount' },
  { title: '金额', dataIndex: 'amountFen', render: (_, r) => formatMoney(r.amountFen) },
  { title: '渠道', dataIndex: 'channel', render: (_, r) => label(CHANNEL, r.channel) },
  { title: '分流', dataIndex: 'route', render: (_, r) => label(ROUTE, r.route) },
  { title: '接收时间', dataIndex: 'receivedAt', render: (_, r) => formatDateTime(r.receivedAt) },
];

/** The clerk's to-do: clues awaiting a filing decision, the nearest deadline first. */
export default function ClueList() {
  return (
    <ApiTable<Clue>
      title="线索台账（按立案期限排序）"
      queryKey={['clues']}
      rowKey="id"
      columns={columns}
      load={() => unwrap(api.GET('/api/v1/clues', { params: { query: { limit: 200 } } }))}
      sort={byDeadline((c) => (c.status === 'received' ? c.filingDueAt : undefined))}
    />
  );
}
