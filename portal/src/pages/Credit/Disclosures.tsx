import { useState } from 'react';
import { Alert, Card, Form, InputNumber, Button, Input, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';

interface Params {
  regionCode: string;
  year: number;
  number: number;
}

/** 重大劳动保障违法行为社会公布: the list for one region and period. */
export default function Disclosures() {
  const user = useUser();
  const [params, setParams] = useState<Params>();
  const q = useQuery({
    queryKey: ['disclosures', params],
    enabled: !!params,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/credit/disclosures', { params: { query: { ...params!, format: 'json' } } }),
      ) as Promise<{ items?: Array<Record<string, unknown>> }>,
  });
  return (
    <Card title="信用公示名单">
      <Form<Params>
        layout="inline"
        aria-label="公示查询"
        initialValues={{ regionCode: user.region, year: new Date().getFullYear(), number: 1 }}
        onFinish={setParams}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item
          name="regionCode"
          label="行政区划代码"
          rules={[{ required: true, pattern: /^\d{6}$/, message: '6位代码' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="year" label="年度">
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="number" label="期次">
          <InputNumber min={1} max={4} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </Form>
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      <Table
        rowKey={(r) => String(r.uscc ?? JSON.stringify(r))}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '单位名称', dataIndex: 'name' },
          { title: '统一社会信用代码', dataIndex: 'uscc' },
          { title: '违法事实', dataIndex: 'facts' },
        ]}
      />
    </Card>
  );
}
