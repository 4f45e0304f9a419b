// 双随机: the inspector draws which projects are inspected by whom, from a recorded seed anyone can re-check.
import { useState } from 'react';
import { Button, Descriptions, List, Modal, Typography } from 'antd';
import { ProFormDigit, ProFormText } from '@ant-design/pro-components';
import { CommandForm } from '../../components/CommandForm';
import { useUser } from '../../auth/UserContext';
import { api, unwrap } from '../../services/client';
import { regionName } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';

interface Plan {
  id: string;
  regionCode: string;
  seed: string;
  candidateProjects: number;
  candidateInspectors: number;
  drawnAt: string;
  inspections: Array<{ projectId: string; projectName: string; inspectors: string[] }>;
}

export function RandomPlanButton() {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [plan, setPlan] = useState<Plan>();
  return (
    <>
      <Button onClick={() => setOpen(true)}>双随机抽查</Button>
      <Modal
        open={open}
        title="双随机抽查（随机抽取检查对象、随机选派执法人员）"
        footer={null}
        width={640}
        onCancel={() => {
          setOpen(false);
          setPlan(undefined);
        }}
        destroyOnHidden
      >
        {plan ? (
          <>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="抽查区域">{regionName(plan.regionCode)}</Descriptions.Item>
              <Descriptions.Item label="随机种子">
                <Typography.Text copyable>{plan.seed}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="候选">
                {plan.candidateProjects} 个项目、{plan.candidateInspectors} 名执法人员
              </Descriptions.Item>
              <Descriptions.Item label="抽取时间">{formatDateTime(plan.drawnAt)}</Descriptions.Item>
            </Descriptions>
            <List
              size="small"
              header="抽查名单"
              dataSource={plan.inspections}
              renderItem={(i) => (
                <List.Item>
                  {i.projectName}：{i.inspectors.join('、')}
                </List.Item>
              )}
            />
          </>
        ) : (
          <CommandForm<
            { regionCode: string; projectCount: number; inspectorCount: number; seed?: string },
            Plan
          >
            title="抽查计划"
            submitText="随机抽取"
            initialValues={{ regionCode: user.region, projectCount: 5, inspectorCount: 2 }}
            successText="已抽取，名单与随机种子已留存备查"
            onDone={(r) => setPlan(r)}
            send={(v, key) =>
              unwrap(
                api.POST('/api/v1/inspection/plans', {
                  headers: { 'Idempotency-Key': key },
                  body: {
                    regionCode: v.regionCode,
                    projectCount: v.projectCount,
                    inspectorCount: v.inspectorCount,
                    ...(v.seed ? { seed: v.seed } : {}),
                  },
                }),
              ) as Promise<Plan>
            }
          >
            <ProFormText
              name="regionCode"
              label="抽查区域（行政区划代码）"
              rules={[{ required: true, message: '请输入行政区划代码' }]}
            />
            <ProFormDigit
              name="projectCount"
              label="抽取项目数"
              min={1}
              max={500}
              fieldProps={{ precision: 0 }}
              rules={[{ required: true, message: '请输入项目数' }]}
            />
            <ProFormDigit
              name="inspectorCount"
              label="每个项目选派人数"
              min={1}
              max={200}
              fieldProps={{ precision: 0 }}
              rules={[{ required: true, message: '请输入人数' }]}
            />
            <ProFormText name="seed" label="随机种子（留空则自动生成）" fieldProps={{ maxLength: 100 }} />
          </CommandForm>
        )}
      </Modal>
    </>
  );
}
