import { useEffect, useRef, useState } from 'react';
import { Alert, Card, Col, DatePicker, Row, Space, Spin, Statistic } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';
import { formatMoney } from '../../lib/money';
import { regionName, SERVICE, label } from '../../lib/labels';
import type { paths } from '../../gen/schema';

type Stats = paths['/api/v1/stats']['get']['responses'][200]['content']['application/json'];

/** Clues received and closed per county, drawn with ECharts (loaded only on this page). */
function ByRegionChart({ stats }: { stats: Stats }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    void (async () => {
      const { init } = await import('../../charts/echarts');
      if (disposed || !el.current) return;
      const c = init(el.current, undefined, { renderer: 'svg' });
      chart = c;
      const regions = stats.byRegion.map((r) => regionName(r.regionCode));
      c.setOption({
        tooltip: { trigger: 'axis' },
        legend: { data: ['受理', '办结', '逾期'] },
        grid: { left: 40, right: 16, bottom: 60, containLabel: true },
        xAxis: {
          type: 'category',
          data: regions,
          axisLabel: { interval: 0, rotate: regions.length > 4 ? 30 : 0 },
        },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '受理', type: 'bar', data: stats.byRegion.map((r) => r.clues.received) },
          { name: '办结', type: 'bar', data: stats.byRegion.map((r) => r.clues.closed) },
          { name: '逾期', type: 'bar', data: stats.byRegion.map((r) => r.clues.overdue) },
        ],
      });
      window.addEventListener('resize', onResize);
    })();
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [stats]);
  return (
    <div
      ref={el}
      role="img"
      aria-label="各地区线索受理与办结数量"
      style={{ width: '100%', height: 320 }}
      data-testid="stats-chart"
    />
  );
}

export default function Stats() {
  const user = useUser();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const query = {
    regionCode: user.region,
    ...(range ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') } : {}),
  };
  const q = useQuery({
    queryKey: ['stats', query],
    queryFn: () => unwrap(api.GET('/api/v1/stats', { params: { query } })),
  });
  const s = q.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`统计分析 · ${regionName(user.region)}`}>
        <DatePicker.RangePicker
          aria-label="统计期间"
          placeholder={['开始日期', '结束日期']}
          style={{ marginBottom: 16, maxWidth: '100%' }}
          onChange={(v) => setRange(v as [Dayjs, Dayjs] | null)}
        />
        {q.isPending && <Spin />}
        {q.error && <Alert type="error" showIcon message={q.error.message} />}
        {s && (
          <>
            {s.missing.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                message={`以下部门系统暂未响应，数字可能偏小：${s.missing.map((m) => label(SERVICE, m)).join('、')}`}
              />
            )}
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title="受理线索" value={s.clues.received} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="办结率" value={`${Math.round(s.clues.closureRate * 1000) / 10}%`} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="追回金额" value={formatMoney(s.recoveredFen)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="支付人数" value={s.workersPaid} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="逾期未办" value={s.clues.overdue} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title="监控项目 / 保证金足额"
                  value={`${s.projects.monitored} / ${s.projects.depositCompliant}`}
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="预警（未处置）" value={`${s.warnings.raised}（${s.warnings.open}）`} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title="移送公安 / 立案"
                  value={`${s.policeReferrals.sent} / ${s.policeReferrals.accepted}`}
                />
              </Col>
            </Row>
          </>
        )}
      </Card>
      {s && (
        <Card title="各地区线索办理情况">
          <ByRegionChart stats={s} />
        </Card>
      )}
    </Space>
  );
}
