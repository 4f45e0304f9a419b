// The cross-agency timeline of one case: which agency did what when, and the services that did not answer.
import { Alert, Card, Empty, Spin, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../services/client';
import { AGENCY, SERVICE, label } from '../lib/labels';
import { formatDateTime } from '../lib/time';

export function CaseTimeline({ caseId }: { caseId: string }) {
  const q = useQuery({
    queryKey: ['timeline', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{caseId}/timeline', { params: { path: { caseId } } })),
  });
  return (
    <Card title="跨部门办理时间线" size="small" aria-label="跨部门办理时间线">
      {q.isPending && <Spin />}
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      {q.data && (
        <>
          {q.data.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={`以下部门系统暂未响应，时间线可能不完整：${q.data.missing.map((s) => label(SERVICE, s)).join('、')}`}
            />
          )}
          {q.data.items.length === 0 ? (
            <Empty description="暂无办理记录" />
          ) : (
            <Timeline
              items={q.data.items.map((it) => ({
                key: `${it.at}-${it.type}`,
                children: (
                  <div data-testid="timeline-item">
                    <Typography.Text type="secondary">{formatDateTime(it.at)}</Typography.Text>{' '}
                    <Typography.Text strong>
                      {label(AGENCY, it.agency) || label(SERVICE, it.service)}
                    </Typography.Text>
                    <div>{it.summary}</div>
                  </div>
                ),
              }))}
            />
          )}
        </>
      )}
    </Card>
  );
}
