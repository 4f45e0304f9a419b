import { useState } from 'react';
import { Alert, Card, Descriptions } from 'antd';
import { Link } from 'react-router';
import {
  ProFormDigit,
  ProFormGroup,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
  ProFormDateRangePicker,
} from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { CommandForm } from '../../components/CommandForm';
import { fen, MoneyField, UsccField } from '../../components/fields';
import { api, unwrap } from '../../services/client';
import { useUser } from '../../auth/UserContext';
import { CHANNEL, ROUTE, label } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';
import type { components } from '../../gen/schema';

type Clue = components['schemas']['Clue'];

interface Values {
  channel: components['schemas']['ClueRequest']['channel'];
  regionCode: string;
  reporter: { name: string; idNumber: string; phone: string };
  employer: { name: string; uscc?: string };
  projectId?: string;
  workerCount: number;
  amount: string;
  description: string;
  period?: [string, string];
}

/** The window's or the hotline's registration of a clue; shows whether it joined an existing case. */
export default function RegisterClue() {
  const user = useUser();
  const [result, setResult] = useState<Clue>();
  const projects = useQuery({
    queryKey: ['projects-picker'],
    queryFn: () => unwrap(api.GET('/api/v1/projects', { params: { query: { limit: 200 } } })),
    retry: false,
    // Only roles that may list projects ask; anyone else types the number from the notice board.
    enabled: ['intake-clerk', 'housing-officer', 'finance-officer', 'labor-inspector', 'supervisor'].some(
      (r) => user.roles.includes(r),
    ),
  });
  const projectOptions = (
    (projects.data as { items?: Array<{ id: string; name: string; contractorName?: string }> })?.items ?? []
  ).map((p) => ({ label: p.contractorName ? `${p.name}（${p.contractorName}）` : p.name, value: p.id }));
  return (
    <Card title="线索登记">
      {result && (
        <Alert
          type={result.merged ? 'info' : 'success'}
          showIcon
          role="status"
          style={{ marginBottom: 16 }}
          message={result.merged ? `已并入已有案件 ${result.caseNo}` : `已登记，案件编号 ${result.caseNo}`}
          description={
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label="分流">{label(ROUTE, result.route)}</Descriptions.Item>
              <Descriptions.Item label="立案期限">{formatDateTime(result.filingDueAt)}</Descriptions.Item>
              <Descriptions.Item label="详情">
                <Link to={`/intake/clues/${result.id}`}>查看线索</Link>
              </Descriptions.Item>
            </Descriptions>
          }
        />
      )}
      <CommandForm<Values, Clue>
        title="线索登记表"
        submitText="登记线索"
        initialValues={{ channel: 'window', regionCode: user.region }}
        invalidate={[['clues']]}
        successText={(r) => (r.merged ? '已并入已有案件' : '线索已登记')}
        onDone={(r) => setResult(r)}
        send={(v, key) =>
          unwrap(
            api.POST('/api/v1/clues', {
              headers: { 'Idempotency-Key': key },
              body: {
                channel: v.channel,
                regionCode: v.regionCode,
                reporter: v.reporter,
                employer: { name: v.employer.name, ...(v.employer.uscc ? { uscc: v.employer.uscc } : {}) },
                ...(v.projectId ? { projectId: v.projectId } : {}),
                workerCount: v.workerCount,
                amountFen: fen(v.amount),
                description: v.description,
                ...(v.period ? { occurredFrom: v.period[0], occurredTo: v.period[1] } : {}),
              },
            }),
          ) as Promise<Clue>
        }
      >
        <ProFormGroup title="来源">
          <ProFormSelect
            name="channel"
            label="来源渠道"
            width="md"
            options={Object.entries(CHANNEL).map(([value, l]) => ({ value, label: l }))}
            rules={[{ required: true, message: '请选择来源渠道' }]}
          />
          <ProFormText
            name="regionCode"
            label="行政区划代码"
            width="sm"
            rules={[{ required: true, pattern: /^\d{6}$/, message: '应为6位行政区划代码' }]}
          />
        </ProFormGroup>
        <ProFormGroup title="反映人">
          <ProFormText
            name={['reporter', 'name']}
            label="姓名"
            width="sm"
            rules={[{ required: true, message: '请输入姓名' }]}
          />
          <ProFormText
            name={['reporter', 'idNumber']}
            label="身份证号"
            width="md"
            rules={[{ required: true, message: '请输入身份证号' }]}
          />
          <ProFormText
            name={['reporter', 'phone']}
            label="联系电话"
            width="sm"
            rules={[{ required: true, message: '请输入联系电话' }]}
          />
        </ProFormGroup>
        <ProFormGroup title="被反映单位">
          <ProFormText
            name={['employer', 'name']}
            label="单位名称"
            width="md"
            rules={[{ required: true, message: '请输入单位名称' }]}
          />
          <UsccField name={['employer', 'uscc']} />
          {projectOptions.length > 0 ? (
            <ProFormSelect
              name="projectId"
              label="工程项目"
              width="md"
              showSearch
              allowClear
              options={projectOptions}
              // Typing a part of the name finds the project (antd searches option values otherwise).
              fieldProps={{ optionFilterProp: 'label' }}
              placeholder="选择工程项目（如有），可输入名称查找"
            />
          ) : (
            // No project in the region yet (or the list could not be read): the number from the notice board.
            <ProFormText name="projectId" label="工程项目编号（如有）" width="md" />
          )}
        </ProFormGroup>
        <ProFormGroup title="欠薪情况">
          <ProFormDigit
            name="workerCount"
            label="涉及人数"
            width="xs"
            min={1}
            fieldProps={{ precision: 0 }}
            rules={[{ required: true, message: '请输入涉及人数' }]}
          />
          <MoneyField name="amount" label="欠薪金额" />
          <ProFormDateRangePicker name="period" label="欠薪期间" fieldProps={{ format: 'YYYY-MM-DD' }} />
        </ProFormGroup>
        <ProFormTextArea
          name="description"
          label="情况描述"
          rules={[{ required: true, message: '请输入情况描述' }]}
        />
      </CommandForm>
    </Card>
  );
}
