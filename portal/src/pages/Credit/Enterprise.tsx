import { useState } from 'react';
import { Alert, Card, Descriptions, Input, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { validateUscc } from '@wage/cn/src/uscc';
import { api, unwrap } from '../../services/client';
import { formatDate } from '../../lib/time';

export default function Enterprise() {
  const [uscc, setUscc] = useState('');
  const [problem, setProblem] = useState<string>();
  const q = useQuery({
    queryKey: ['enterprise', uscc],
    enabled: uscc !== '',
    queryFn: () =>
      unwrap(api.GET('/api/v1/credit/enterprises/{uscc}', { params: { path: { uscc } } })) as Promise<
        Record<string, unknown>
      >,
  });
  const d = q.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="企业信用查询">
        <Input.Search
          aria-label="统一社会信用代码"
          placeholder="18位统一社会信用代码"
          enterButton="查询"
          status={problem ? 'error' : undefined}
          style={{ maxWidth: 480 }}
          onSearch={(v) => {
            const r = validateUscc(v);
            setProblem(r.ok ? undefined : r.message);
            if (r.ok) setUscc(r.value);
          }}
        />
        {problem && (
          <div role="alert" style={{ color: '#a8071a', marginTop: 4 }}>
            {problem}
          </div>
        )}
      </Card>
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      {d && (
        <Card title={String(d.name ?? uscc)}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="信用等级">{String(d.rating ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="失信名单">
              {d.blacklisted ? (
                <Tag color="red">已列入（至 {formatDate(d.listedUntil as string)}）</Tag>
              ) : (
                '未列入'
              )}
            </Descriptions.Item>
            <Descriptions.Item label="违法记录">
              {Array.isArray(d.violations) ? d.violations.length : String(d.violations ?? 0)}
            </Descriptions.Item>
            <Descriptions.Item label="联合惩戒">
              {Array.isArray(d.restrictions) && d.restrictions.length
                ? d.restrictions
                    .map((r) => String((r as { measure?: string }).measure ?? JSON.stringify(r)))
                    .join('、')
                : '无'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Space>
  );
}
