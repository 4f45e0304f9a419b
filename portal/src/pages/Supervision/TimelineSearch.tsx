import { useSearchParams } from 'react-router';
import { Card, Input, Space } from 'antd';
import { CaseTimeline } from '../../components/CaseTimeline';

/** The supervisor's view of one case across every agency, by its cross-agency case id. */
export default function TimelineSearch() {
  const [params, setParams] = useSearchParams();
  const caseId = params.get('caseId') ?? '';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="案件时间线">
        <Input.Search
          aria-label="案件编号"
          placeholder="输入跨部门案件编号"
          defaultValue={caseId}
          enterButton="查询"
          style={{ maxWidth: 520 }}
          onSearch={(v) => setParams(v.trim() ? { caseId: v.trim() } : {})}
        />
      </Card>
      {caseId && <CaseTimeline key={caseId} caseId={caseId} />}
    </Space>
  );
}
