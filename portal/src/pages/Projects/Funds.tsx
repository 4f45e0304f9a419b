import { Alert, Button, Card, Descriptions, Space, Spin, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';
import { regionName } from '../../lib/labels';

export default function Funds() {
  const user = useUser();
  const fund = useQuery({
    queryKey: ['fund', user.region],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/emergency-funds/{regionCode}', { params: { path: { regionCode: user.region } } }),
      ) as Promise<Record<string, number | string>>,
  });
  const ledger = useQuery({
    queryKey: ['ledger'],
    queryFn: () => unwrap(api.GET('/api/v1/ledger/verification')) as Promise<Record<string, unknown>>,
    enabled: false,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`应急周转金 · ${regionName(user.region)}`}>
        {fund.isPending && <Spin />}
        {fund.error && <Alert type="error" showIcon message={fund.error.message} />}
        {fund.data && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="年度">{String(fund.data.year ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="总额">{formatMoney(fund.data.totalFen as number)}</Descriptions.Item>
            <Descriptions.Item label="可用余额">
              <span data-testid="fund-balance">{formatMoney(fund.data.balanceFen as number)}</span>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title="资金台账核验" extra={<Button onClick={() => void ledger.refetch()}>开始核验</Button>}>
        {ledger.isFetching && <Spin />}
        {ledger.error && <Alert type="error" showIcon message={ledger.error.message} />}
        {ledger.data &&
          (ledger.data.balanced ? (
            <Tag color="green">台账平衡，余额与分录一致</Tag>
          ) : (
            <Alert type="error" showIcon message="台账不平衡" description={JSON.stringify(ledger.data)} />
          ))}
      </Card>
    </Space>
  );
}
