import { Link } from 'react-router';
import { Card, Space, Tag } from 'antd';
import {
  ProFormDatePicker,
  ProFormGroup,
  ProFormSelect,
  ProFormText,
  type ProColumns,
} from '@ant-design/pro-components';
import { ApiTable } from '../../components/ApiTable';
import { CommandForm } from '../../components/CommandForm';
import { Deadline } from '../../components/Deadline';
import { fen, MoneyField, UsccField } from '../../components/fields';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';
import { INDUSTRY, label } from '../../lib/labels';

type Row = Record<string, unknown> & {
  id: string;
  name: string;
  industry: string;
  contractorName?: string;
  depositBalanceFen?: number;
  requiredDepositFen?: number;
  depositCompliant?: boolean;
  depositDueDate?: string;
};

const columns: ProColumns<Row>[] = [
  { title: '项目名称', render: (_, r) => <Link to={`/projects/${r.id}`}>{r.name}</Link> },
  { title: '行业', render: (_, r) => label(INDUSTRY, r.industry) },
  { title: '总承包单位', render: (_, r) => r.contractorName ?? '—' },
  { title: '应缴保证金', render: (_, r) => formatMoney(r.requiredDepositFen) },
  { title: '保证金余额', render: (_, r) => formatMoney(r.depositBalanceFen) },
  {
    title: '保证金',
    render: (_, r) => (r.depositCompliant ? <Tag color="green">已足额</Tag> : <Tag color="red">未足额</Tag>),
  },
  { title: '缴存期限', render: (_, r) => (r.depositCompliant ? '—' : <Deadline at={r.depositDueDate} />) },
];

interface Values {
  name: string;
  regionCode: string;
  industry: 'housing' | 'transport' | 'water' | 'other';
  contractorUscc: string;
  contractorName: string;
  ownerName: string;
  contractPrice: string;
  permitDate: string;
}

export default function ProjectList() {
  const user = useUser();
  const industry = user.roles.includes('transport-officer')
    ? 'transport'
    : user.roles.includes('water-officer')
      ? 'water'
      : 'housing';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ApiTable<Row>
        title="在建工程项目（保证金未足额的在前）"
        queryKey={['projects']}
        rowKey="id"
        columns={columns}
        sort={(a, b) => Number(!!a.depositCompliant) - Number(!!b.depositCompliant)}
        load={() => unwrap(api.GET('/api/v1/projects', { params: { query: { limit: 200 } } }))}
      />
      <Card title="登记工程项目" size="small">
        <CommandForm<Values, { id: string; requiredDepositFen: number }>
          title="登记工程项目"
          submitText="登记项目"
          initialValues={{ regionCode: user.region, industry }}
          invalidate={[['projects']]}
          successText={(r) => `已登记，应缴保证金 ${formatMoney(r.requiredDepositFen)}`}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/projects', {
                headers: { 'Idempotency-Key': key },
                body: {
                  name: v.name,
                  regionCode: v.regionCode,
                  industry: v.industry,
                  contractorUscc: v.contractorUscc,
                  contractorName: v.contractorName,
                  ownerName: v.ownerName,
                  contractPriceFen: fen(v.contractPrice),
                  permitDate: v.permitDate,
                },
              }),
            ) as Promise<{ id: string; requiredDepositFen: number }>
          }
        >
          <ProFormGroup>
            <ProFormText
              name="name"
              label="项目名称"
              width="lg"
              rules={[{ required: true, message: '请输入项目名称' }]}
            />
            <ProFormText
              name="regionCode"
              label="行政区划代码"
              width="sm"
              rules={[{ required: true, message: '请输入' }]}
            />
            <ProFormSelect
              name="industry"
              label="行业"
              width="sm"
              options={Object.entries(INDUSTRY).map(([value, l]) => ({ value, label: l }))}
            />
          </ProFormGroup>
          <ProFormGroup>
            <ProFormText
              name="contractorName"
              label="施工总承包单位"
              width="md"
              rules={[{ required: true, message: '请输入' }]}
            />
            <UsccField name="contractorUscc" label="总承包单位信用代码" required />
            <ProFormText
              name="ownerName"
              label="建设单位"
              width="md"
              rules={[{ required: true, message: '请输入' }]}
            />
          </ProFormGroup>
          <ProFormGroup>
            <MoneyField name="contractPrice" label="合同价款" />
            <ProFormDatePicker
              name="permitDate"
              label="施工许可日期"
              rules={[{ required: true, message: '请选择日期' }]}
            />
          </ProFormGroup>
        </CommandForm>
      </Card>
    </Space>
  );
}
