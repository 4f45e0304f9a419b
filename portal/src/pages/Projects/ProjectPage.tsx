import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Spin, Tag, Typography } from 'antd';
import { ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { CommandForm } from '../../components/CommandForm';
import { fen, MoneyField } from '../../components/fields';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';
import { saveAnswer } from '../../lib/download';
import { formatMoney } from '../../lib/money';
import { formatDate } from '../../lib/time';
import { INDUSTRY, label, regionName } from '../../lib/labels';

type Project = Record<string, unknown> & {
  id: string;
  name: string;
  regionCode: string;
  industry: string;
  contractorName?: string;
  contractorUscc?: string;
  ownerName?: string;
  contractPriceFen?: number;
  requiredDepositFen?: number;
  depositBalanceFen?: number;
  depositCompliant?: boolean;
  depositDueDate?: string;
};
interface RosterResult {
  added: number;
  updated: number;
  rejected: Array<{ index: number; errors: Array<{ field: string; message: string }> }>;
}

/** One line per worker: 姓名,身份证号,手机号[,班组] (tab or comma separated, as pasted from a spreadsheet). */
export function parseRoster(
  text: string,
): Array<{ name: string; idNumber: string; phone: string; team?: string }> {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name = '', idNumber = '', phone = '', team] = l.split(/[\t,，]/).map((s) => s.trim());
      return { name, idNumber, phone, ...(team ? { team } : {}) };
    });
}

export default function ProjectPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const q = useQuery({
    queryKey: ['project', id],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}', { params: { path: { id } } })) as Promise<Project>,
  });
  if (q.isPending) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={q.error.message} />;
  const p = q.data;
  const path = { params: { path: { id } } };
  const roles = user.roles;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={p.name}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="辖区">{regionName(p.regionCode)}</Descriptions.Item>
          <Descriptions.Item label="行业">{label(INDUSTRY, p.industry)}</Descriptions.Item>
          <Descriptions.Item label="总承包单位">
            {p.contractorName} {p.contractorUscc}
          </Descriptions.Item>
          <Descriptions.Item label="建设单位">{p.ownerName}</Descriptions.Item>
          <Descriptions.Item label="合同价款">{formatMoney(p.contractPriceFen)}</Descriptions.Item>
          <Descriptions.Item label="应缴保证金">{formatMoney(p.requiredDepositFen)}</Descriptions.Item>
          <Descriptions.Item label="保证金余额">
            <span data-testid="deposit-balance">{formatMoney(p.depositBalanceFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="缴存状态">
            {p.depositCompliant ? (
              <Tag color="green">已足额</Tag>
            ) : (
              <Tag color="red">未足额（期限 {formatDate(p.depositDueDate)}）</Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        {roles.includes('finance-officer') && (
          <Col xs={24} lg={12}>
            <Card title="缴存工资保证金" size="small">
              <CommandForm<
                { amount: string; form: 'cash' | 'bank_guarantee'; reference: string },
                { depositBalanceFen: number }
              >
                title="缴存工资保证金"
                submitText="登记缴存"
                initialValues={{ form: 'cash' }}
                invalidate={[['project', id], ['projects']]}
                successText={(r) => `已登记，余额 ${formatMoney(r.depositBalanceFen)}`}
                send={(v, key) =>
                  unwrap(
                    api.POST('/api/v1/projects/{id}/deposits', {
                      ...path,
                      headers: { 'Idempotency-Key': key },
                      body: { amountFen: fen(v.amount), form: v.form, reference: v.reference },
                    }),
                  ) as Promise<{ depositBalanceFen: number }>
                }
              >
                <MoneyField name="amount" label="缴存金额" />
                <ProFormSelect
                  name="form"
                  label="缴存方式"
                  options={[
                    { value: 'cash', label: '现金存储' },
                    { value: 'bank_guarantee', label: '银行保函' },
                  ]}
                />
                <ProFormText
                  name="reference"
                  label="凭证号"
                  rules={[{ required: true, message: '请输入凭证号' }]}
                />
              </CommandForm>
            </Card>
          </Col>
        )}
        {roles.includes('housing-officer') && (
          <Col xs={24} lg={12}>
            <Card title="实名制花名册" size="small">
              <CommandForm<{ roster: string }, RosterResult>
                title="上传花名册"
                submitText="上传花名册"
                invalidate={[['project', id]]}
                successText={(r) =>
                  `新增 ${r.added} 人，更新 ${r.updated} 人，退回 ${r.rejected.length} 行${r.rejected.length ? '：' + r.rejected.map((x) => `第${x.index + 1}行 ${x.errors.map((e) => e.message).join('、')}`).join('；') : ''}`
                }
                send={(v, key) =>
                  unwrap(
                    api.POST('/api/v1/projects/{id}/workers', {
                      ...path,
                      headers: { 'Idempotency-Key': key },
                      body: { workers: parseRoster(v.roster) },
                    }),
                  ) as Promise<RosterResult>
                }
              >
                <ProFormTextArea
                  name="roster"
                  label="每行一人：姓名,身份证号,手机号,班组（可从表格粘贴）"
                  fieldProps={{ rows: 6 }}
                  rules={[{ required: true, message: '请粘贴花名册' }]}
                />
              </CommandForm>
            </Card>
          </Col>
        )}
        {REGULATORS.some((r) => roles.includes(r)) && (
          <Col xs={24} lg={12}>
            <Card title="维权信息告示牌" size="small">
              <CommandForm<
                {
                  officerName: string;
                  officerPhone: string;
                  payDay: number;
                  hotlines: string;
                  arbitrationAddress: string;
                  legalAidAddress: string;
                },
                unknown
              >
                title="维权信息告示牌"
                submitText="保存告示牌"
                invalidate={[['project', id]]}
                successText="已保存，工人扫描安薪码即可看到"
                send={(v, key) =>
                  unwrap(
                    api.PUT('/api/v1/projects/{id}/notice-board', {
                      ...path,
                      headers: { 'Idempotency-Key': key },
                      body: {
                        officerName: v.officerName,
                        officerPhone: v.officerPhone,
                        payDay: v.payDay,
                        hotlines: v.hotlines
                          .split(/[,，、\s]+/)
                          .map((h) => h.trim())
                          .filter(Boolean),
                        arbitrationAddress: v.arbitrationAddress,
                        legalAidAddress: v.legalAidAddress,
                      },
                    }),
                  )
                }
              >
                <ProFormText
                  name="officerName"
                  label="劳资专管员姓名"
                  rules={[{ required: true, message: '请输入姓名' }]}
                />
                <ProFormText
                  name="officerPhone"
                  label="劳资专管员电话（对外显示时隐去中间四位）"
                  rules={[{ required: true, message: '请输入电话' }]}
                />
                <ProFormDigit
                  name="payDay"
                  label="每月工资支付日"
                  min={1}
                  max={31}
                  fieldProps={{ precision: 0 }}
                  rules={[{ required: true, message: '请输入支付日' }]}
                />
                <ProFormText
                  name="hotlines"
                  label="投诉电话（多个以逗号分隔）"
                  rules={[{ required: true, message: '请输入投诉电话' }]}
                />
                <ProFormText
                  name="arbitrationAddress"
                  label="劳动争议仲裁机构地址"
                  rules={[{ required: true, message: '请输入地址' }]}
                />
                <ProFormText
                  name="legalAidAddress"
                  label="法律援助机构地址"
                  rules={[{ required: true, message: '请输入地址' }]}
                />
              </CommandForm>
            </Card>
          </Col>
        )}
        {[...REGULATORS, 'finance-officer'].some((r) => roles.includes(r)) && (
          <Col xs={24} lg={12}>
            <Card title="安薪码" size="small">
              <Typography.Paragraph>
                打印后张贴在工地维权信息告示牌上，工人扫码即可查看告示内容并在线投诉。
              </Typography.Paragraph>
              <QrDownload projectId={id} name={p.name} />
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}

const REGULATORS = ['housing-officer', 'transport-officer', 'water-officer'];

/** The printable QR code (PNG). */
function QrDownload({ projectId, name }: { projectId: string; name: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const r = await api.GET('/api/v1/projects/{id}/qr', {
        params: { path: { id: projectId } },
        parseAs: 'blob',
      });
      saveAnswer(r, `安薪码-${name}.png`);
    } catch (e) {
      void message.error(`安薪码下载失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button loading={busy} onClick={() => void download()}>
      下载安薪码（PNG，可 A4 打印）
    </Button>
  );
}
