import { useParams } from 'react-router';
import { Alert, Card, Col, Descriptions, Row, Space, Spin, Tabs, Timeline, Typography } from 'antd';
import {
  ProFormDatePicker,
  ProFormDigit,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../services/client';
import { CaseTimeline } from '../../components/CaseTimeline';
import { CaseDocuments } from '../../components/CaseDocuments';
import { CommandForm } from '../../components/CommandForm';
import { fen, MoneyField, UsccField } from '../../components/fields';
import { useUser } from '../../auth/UserContext';
import { formatMoney } from '../../lib/money';
import { formatDate, formatDateTime, shanghaiMidnight } from '../../lib/time';
import { CLOSE_OUTCOME, INSPECTION_STATUS } from '../../lib/caseStatus';
import { label, regionName } from '../../lib/labels';
import type { components, paths } from '../../gen/schema';

type Case = components['schemas']['InspectionCase'];

/** The five core systems' gaps a compliance check records (保障农民工工资支付条例), as officials name them. */
const VIOLATION = {
  no_real_name: '未实行实名制管理',
  no_dedicated_account: '未开设农民工工资专用账户',
  no_pay_sheet: '未按月考核编制工资支付表',
  no_deposit: '未存储工资保证金或未提交保函',
  no_notice_board: '未设置维权信息告示牌',
  pay_in_kind: '以实物或有价证券等形式代替工资',
  no_ledger: '未建立用工管理台账',
  holding_cards: '扣押或变相扣押工人银行卡',
} as const;
type Violation = keyof typeof VIOLATION;
const violationOptions = Object.entries(VIOLATION).map(([value, l]) => ({ value, label: l }));
type Post<P extends keyof paths> = paths[P]['post'] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

function ProjectDeposit({ projectId }: { projectId: string }) {
  const q = useQuery({
    queryKey: ['project', projectId],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}', { params: { path: { id: projectId } } })),
  });
  const p = q.data as { name?: string; depositBalanceFen?: number; requiredDepositFen?: number } | undefined;
  if (q.error) return <Typography.Text type="secondary">项目信息不可用：{q.error.message}</Typography.Text>;
  return (
    <Descriptions size="small" column={1}>
      <Descriptions.Item label="项目">{p?.name ?? projectId}</Descriptions.Item>
      <Descriptions.Item label="保证金余额">
        <span data-testid="deposit-balance">{formatMoney(p?.depositBalanceFen)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="应缴保证金">{formatMoney(p?.requiredDepositFen)}</Descriptions.Item>
    </Descriptions>
  );
}

export default function CasePage() {
  const { id = '' } = useParams();
  const user = useUser();
  const inspector = user.roles.includes('labor-inspector');
  const q = useQuery({
    queryKey: ['inspection-case', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/inspection/cases/{id}', { params: { path: { id } } })) as Promise<Case>,
  });
  if (q.isPending) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={q.error.message} />;
  const c = q.data;
  const refresh = [
    ['inspection-case', id],
    ['timeline', c.caseId],
    ['project', c.projectId],
    ['documents', c.caseId],
  ];
  const path = { params: { path: { id } } };
  const commands = [
    {
      key: 'findings',
      label: '调查认定',
      children: (
        <CommandForm<
          {
            employerUscc: string;
            employerName: string;
            projectId?: string;
            arrears: string;
            workerCount: number;
          },
          unknown
        >
          title="调查认定"
          submitText="记录认定"
          invalidate={refresh}
          initialValues={{
            employerUscc: c.employer.uscc,
            employerName: c.employer.name,
            projectId: c.projectId || undefined,
            workerCount: c.workerCount,
          }}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/findings', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: {
                  employerUscc: v.employerUscc,
                  employerName: v.employerName,
                  ...(v.projectId ? { projectId: v.projectId } : {}),
                  arrearsFen: fen(v.arrears),
                  workerCount: v.workerCount,
                } satisfies Post<'/api/v1/inspection/cases/{id}/findings'>,
              }),
            )
          }
        >
          <UsccField name="employerUscc" required />
          <ProFormText
            name="employerName"
            label="用人单位名称"
            rules={[{ required: true, message: '请输入单位名称' }]}
          />
          <ProFormText name="projectId" label="工程项目编号" />
          <MoneyField name="arrears" label="认定欠薪金额" />
          <ProFormDigit
            name="workerCount"
            label="涉及人数"
            min={1}
            fieldProps={{ precision: 0 }}
            rules={[{ required: true, message: '请输入人数' }]}
          />
        </CommandForm>
      ),
    },
    {
      key: 'order',
      label: '责令支付',
      children: (
        <CommandForm<
          { amount: string; dueDate: string; servedOn?: string },
          { orderId: string; dueDate: string }
        >
          title="责令支付"
          submitText="下达责令支付"
          invalidate={refresh}
          successText={(r) => `已下达，履行期限 ${formatDate(r.dueDate)}`}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/payment-orders', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: {
                  amountFen: fen(v.amount),
                  dueDate: v.dueDate,
                  ...(v.servedOn ? { servedAt: shanghaiMidnight(v.servedOn) } : {}),
                },
              }),
            ) as Promise<{ orderId: string; dueDate: string }>
          }
        >
          <MoneyField name="amount" label="责令支付金额" />
          <ProFormDatePicker
            name="dueDate"
            label="履行期限"
            rules={[{ required: true, message: '请选择履行期限' }]}
            fieldProps={{ format: 'YYYY-MM-DD' }}
          />
          <ProFormDatePicker
            name="servedOn"
            label="纸质文书送达日期（已线下送达时填写）"
            fieldProps={{ format: 'YYYY-MM-DD' }}
          />
        </CommandForm>
      ),
    },
    {
      key: 'payment',
      label: '支付登记',
      children: (
        <CommandForm<{ paid: string; payer: 'employer' | 'contractor' | 'owner' }, unknown>
          title="支付登记"
          submitText="登记支付"
          invalidate={refresh}
          initialValues={{ payer: 'employer' }}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/payments', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: { paidFen: fen(v.paid), payer: v.payer },
              }),
            )
          }
        >
          <MoneyField name="paid" label="已支付金额" />
          <ProFormSelect
            name="payer"
            label="支付方"
            options={[
              { value: 'employer', label: '用人单位' },
              { value: 'contractor', label: '施工总承包单位' },
              { value: 'owner', label: '建设单位' },
            ]}
          />
        </CommandForm>
      ),
    },
    {
      key: 'draw',
      label: '动用保证金',
      children: (
        <CommandForm<{ amount: string }, { requestId: string; amountFen: number }>
          title="动用工资保证金"
          submitText="申请动用保证金"
          invalidate={refresh}
          successText={(r) => `已提交申请 ${formatMoney(r.amountFen)}，待监察机构负责人审批后支付`}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/deposit-draws', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: { amountFen: fen(v.amount) },
              }),
            )
          }
        >
          <Typography.Paragraph type="secondary">
            责令支付逾期未履行时，可从项目工资保证金中支取，最多不超过保证金余额。
          </Typography.Paragraph>
          <MoneyField name="amount" label="支取金额" />
        </CommandForm>
      ),
    },
    {
      key: 'advance',
      label: '应急垫付',
      children: (
        <CommandForm<{ amount: string }, { requestId: string; amountFen: number }>
          title="应急周转金垫付"
          submitText="申请垫付"
          invalidate={refresh}
          successText={(r) => `已提交垫付申请 ${formatMoney(r.amountFen)}，待监察机构负责人审批后垫付`}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/emergency-advances', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: { amountFen: fen(v.amount) },
              }),
            )
          }
        >
          <MoneyField name="amount" label="垫付金额" />
        </CommandForm>
      ),
    },
    {
      key: 'compliance',
      label: '五项制度检查',
      children: (
        <CommandForm<{ violations: Violation[]; note?: string }, unknown>
          title="五项制度检查"
          submitText="记录检查结果"
          invalidate={refresh}
          initialValues={{ violations: [] }}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/compliance-checks', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: {
                  ...(c.projectId ? { projectId: c.projectId } : {}),
                  violations: v.violations,
                  ...(v.note ? { note: v.note } : {}),
                },
              }),
            )
          }
        >
          <ProFormSelect
            name="violations"
            label="发现的问题（未发现问题可不选）"
            mode="multiple"
            options={violationOptions}
          />
          <ProFormTextArea name="note" label="检查情况" fieldProps={{ maxLength: 2000 }} />
        </CommandForm>
      ),
    },
    {
      key: 'rectification',
      label: '责令改正',
      children: (
        <CommandForm<{ violations: Violation[]; dueDate: string; servedOn?: string }, unknown>
          title="责令改正"
          submitText="下达责令改正"
          invalidate={refresh}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/rectification-orders', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: {
                  violations: v.violations,
                  dueDate: v.dueDate,
                  ...(v.servedOn ? { servedAt: shanghaiMidnight(v.servedOn) } : {}),
                },
              }),
            )
          }
        >
          <ProFormSelect
            name="violations"
            label="责令改正的问题"
            mode="multiple"
            options={violationOptions}
            rules={[{ required: true, message: '请选择至少一项问题' }]}
          />
          <ProFormDatePicker
            name="dueDate"
            label="改正期限"
            rules={[{ required: true, message: '请选择改正期限' }]}
            fieldProps={{ format: 'YYYY-MM-DD' }}
          />
          <ProFormDatePicker
            name="servedOn"
            label="纸质文书送达日期（已线下送达时填写）"
            fieldProps={{ format: 'YYYY-MM-DD' }}
          />
        </CommandForm>
      ),
    },
    {
      key: 'penalty',
      label: '行政处罚',
      children: (
        <CommandForm<{ violation: Violation; amount: string; legalBasis?: string }, unknown>
          title="行政处罚"
          submitText="作出处罚决定"
          invalidate={refresh}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/penalties', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: {
                  violation: v.violation,
                  amountFen: fen(v.amount),
                  ...(v.legalBasis ? { legalBasis: v.legalBasis } : {}),
                },
              }),
            )
          }
        >
          <Typography.Paragraph type="secondary">
            逾期未改正的，依法处以罚款；已按期改正的不予处罚，罚款须在法定幅度内。
          </Typography.Paragraph>
          <ProFormSelect
            name="violation"
            label="违法行为"
            options={violationOptions}
            rules={[{ required: true, message: '请选择违法行为' }]}
          />
          <MoneyField name="amount" label="罚款金额" />
          <ProFormText
            name="legalBasis"
            label="法律依据（默认按条例相应条款）"
            fieldProps={{ maxLength: 200 }}
          />
        </CommandForm>
      ),
    },
    {
      key: 'extension',
      label: '延长期限',
      children: (
        <CommandForm<{ reason: string }, unknown>
          title="延长调查期限"
          submitText="延长 30 个工作日"
          invalidate={refresh}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/extension', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: v,
              }),
            )
          }
        >
          <Typography.Paragraph type="secondary">
            情况复杂的，经批准可延长一次，延长期限不超过 30 个工作日。
          </Typography.Paragraph>
          <ProFormTextArea
            name="reason"
            label="延长理由"
            rules={[{ required: true, message: '请填写延长理由' }]}
          />
        </CommandForm>
      ),
    },
    {
      key: 'police',
      label: '移送公安',
      children: (
        <CommandForm<{ reason: string }, unknown>
          title="移送公安"
          submitText="移送公安机关"
          invalidate={refresh}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/police-referrals', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: v,
              }),
            )
          }
        >
          <ProFormTextArea
            name="reason"
            label="移送理由（涉嫌拒不支付劳动报酬罪）"
            rules={[{ required: true, message: '请填写移送理由' }]}
          />
        </CommandForm>
      ),
    },
    {
      key: 'close',
      label: '结案',
      children: (
        <CommandForm<
          {
            outcome: Post<'/api/v1/inspection/cases/{id}/close'>['outcome'];
            recovered: string;
            workersPaid: number;
          },
          unknown
        >
          title="结案"
          submitText="结案"
          invalidate={refresh}
          send={(v, key) =>
            unwrap(
              api.POST('/api/v1/inspection/cases/{id}/close', {
                ...path,
                headers: { 'Idempotency-Key': key },
                body: { outcome: v.outcome, recoveredFen: fen(v.recovered), workersPaid: v.workersPaid },
              }),
            )
          }
        >
          <ProFormSelect
            name="outcome"
            label="办结结果"
            options={Object.entries(CLOSE_OUTCOME).map(([value, l]) => ({ value, label: l }))}
            rules={[{ required: true, message: '请选择办结结果' }]}
          />
          <MoneyField name="recovered" label="追回金额" />
          <ProFormDigit
            name="workersPaid"
            label="已支付人数"
            min={0}
            fieldProps={{ precision: 0 }}
            rules={[{ required: true, message: '请输入人数' }]}
          />
        </CommandForm>
      ),
    },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`监察案件 ${c.caseNo}`}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="状态">
                <span data-testid="case-status">{label(INSPECTION_STATUS, c.status)}</span>
              </Descriptions.Item>
              <Descriptions.Item label="辖区">{regionName(c.regionCode)}</Descriptions.Item>
              <Descriptions.Item label="用人单位">{c.employer.name}</Descriptions.Item>
              <Descriptions.Item label="信用代码">{c.employer.uscc || '—'}</Descriptions.Item>
              <Descriptions.Item label="涉及人数">{c.workerCount}</Descriptions.Item>
              <Descriptions.Item label="反映金额">{formatMoney(c.claimedArrearsFen)}</Descriptions.Item>
              <Descriptions.Item label="认定欠薪">{formatMoney(c.arrearsFen)}</Descriptions.Item>
              <Descriptions.Item label="已追回">{formatMoney(c.recoveredFen)}</Descriptions.Item>
              <Descriptions.Item label="未清偿">
                <span data-testid="outstanding">{formatMoney(c.outstandingFen)}</span>
              </Descriptions.Item>
              <Descriptions.Item label="立案时间">{formatDateTime(c.openedAt)}</Descriptions.Item>
            </Descriptions>
          </Col>
          <Col xs={24} lg={10}>
            {c.projectId ? (
              <ProjectDeposit projectId={c.projectId} />
            ) : (
              <Typography.Text type="secondary">未关联工程项目</Typography.Text>
            )}
          </Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        {inspector && c.status !== 'closed' && (
          <Col xs={24} xl={14}>
            <Card title="办案操作" size="small">
              <Tabs items={commands} destroyOnHidden />
            </Card>
          </Col>
        )}
        {inspector && c.status === 'closed' && (
          <Col xs={24} xl={14}>
            <Card title="回头看" size="small">
              <CommandForm<{ result: string }, unknown>
                title="回头看"
                submitText="记录回头看结果"
                invalidate={refresh}
                send={(v, key) =>
                  unwrap(
                    api.POST('/api/v1/inspection/cases/{id}/look-back', {
                      ...path,
                      headers: { 'Idempotency-Key': key },
                      body: v,
                    }),
                  )
                }
              >
                <Typography.Paragraph type="secondary">
                  结案后回访核实工资是否足额发放到位，防止欠薪反弹。
                </Typography.Paragraph>
                <ProFormTextArea
                  name="result"
                  label="回头看情况"
                  rules={[{ required: true, message: '请填写回头看情况' }]}
                />
              </CommandForm>
            </Card>
          </Col>
        )}
        <Col xs={24} xl={inspector ? 10 : 24}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card title="监察办理记录" size="small">
              <Timeline
                items={c.timeline.map((t) => ({
                  key: `${t.at}${t.type}`,
                  children: `${formatDateTime(t.at)} ${t.summary}`,
                }))}
              />
            </Card>
            <CaseDocuments caseId={c.caseId} />
            <CaseTimeline caseId={c.caseId} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
