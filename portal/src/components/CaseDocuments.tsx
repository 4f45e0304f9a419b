// The numbered documents (文书) every agency issued on one case, each downloadable as its PDF.
import { useState } from 'react';
import { Alert, App, Button, Card, List, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../services/client';
import { saveAnswer } from '../lib/download';
import { formatDateTime } from '../lib/time';

const KIND: Record<string, string> = {
  payment_order: '责令支付通知书',
  rectification_order: '责令改正决定书',
  penalty_decision: '行政处罚决定书',
  police_transfer: '涉嫌犯罪案件移送书',
  deposit_payment_notice: '工资保证金支付通知书',
  blacklist_notice: '拟列入失信名单告知书',
  arbitration_award: '仲裁裁决书',
};

const SERVICE: Record<string, string> = {
  intake: '受理',
  inspection: '劳动保障监察',
  mediation: '调解仲裁',
  credit: '信用监管',
  finance: '财政与资金监管',
};

export function CaseDocuments({ caseId }: { caseId: string }) {
  const { message } = App.useApp();
  const [loading, setLoading] = useState<string>();
  const q = useQuery({
    queryKey: ['documents', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{caseId}/documents', { params: { path: { caseId } } })),
  });

  const download = async (id: string, number: string) => {
    setLoading(id);
    try {
      const r = await api.GET('/api/v1/documents/{id}', {
        params: { path: { id } },
        headers: { accept: 'application/pdf' },
        parseAs: 'blob',
      });
      saveAnswer(r, `${number}.pdf`);
    } catch (e) {
      void message.error(`文书下载失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setLoading(undefined);
    }
  };

  const items = q.data?.items ?? [];
  return (
    <Card title="法律文书" size="small" data-testid="case-documents">
      {q.error && <Alert type="error" showIcon role="alert" message={q.error.message} />}
      {q.data?.missing.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={`以下部门暂时无法查询：${q.data.missing.map((s) => SERVICE[s] ?? s).join('、')}`}
        />
      ) : null}
      <List
        size="small"
        loading={q.isPending}
        dataSource={items}
        locale={{ emptyText: '尚未制发文书' }}
        renderItem={(d) => (
          <List.Item
            actions={[
              <Button
                key="pdf"
                size="small"
                loading={loading === d.id}
                onClick={() => void download(d.id, d.number)}
                aria-label={`下载 ${d.number}`}
              >
                下载 PDF
              </Button>,
            ]}
          >
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{KIND[d.kind] ?? d.kind}</Typography.Text>
              <Typography.Text>
                {d.number} · {SERVICE[d.service] ?? d.service} · {formatDateTime(d.issuedAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
