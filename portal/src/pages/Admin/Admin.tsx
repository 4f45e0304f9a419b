import { useState } from 'react';
import { Alert, Button, Card, Space, Tag } from 'antd';
import { ProFormDigit, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { CommandForm } from '../../components/CommandForm';
import { api, unwrap } from '../../services/client';

const days = (s?: string) => (s ?? '').split(/[\s,，]+/).filter(Boolean);

export default function Admin() {
  const [check, setCheck] = useState(false);
  const ledger = useQuery({
    queryKey: ['ledger'],
    enabled: check,
    queryFn: () => unwrap(api.GET('/api/v1/ledger/verification')) as Promise<Record<string, unknown>>,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="法定节假日与调休">
        <CommandForm<{ year: number; holidays?: string; workdays?: string }, unknown>
          title="节假日安排"
          submitText="保存安排"
          initialValues={{ year: new Date().getFullYear() + 1 }}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/calendar/schedules', {
                headers: { 'Idempotency-Key': key },
                body: { year: v.year, holidays: days(v.holidays), workdays: days(v.workdays) },
              }),
            )
          }
        >
          <ProFormDigit name="year" label="年度" min={2000} max={2100} fieldProps={{ precision: 0 }} />
          <ProFormTextArea name="holidays" label="放假日期（YYYY-MM-DD，逗号或换行分隔）" />
          <ProFormTextArea name="workdays" label="调休上班日期" />
        </CommandForm>
      </Card>
      <Card
        title="资金台账核验"
        extra={<Button onClick={() => (check ? void ledger.refetch() : setCheck(true))}>开始核验</Button>}
      >
        {ledger.error && <Alert type="error" showIcon message={ledger.error.message} />}
        {ledger.data &&
          (ledger.data.balanced ? (
            <Tag color="green">台账平衡</Tag>
          ) : (
            <Alert type="error" showIcon message="台账不平衡" />
          ))}
      </Card>
    </Space>
  );
}
