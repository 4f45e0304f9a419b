import { Card, Result } from 'antd';

/**
 * 四眼原则 — the inspection chief's approvals of deposit draws and emergency advances. The API
 * (`GET /inspection/money-requests`, `POST /inspection/money-requests/{id}/decision`) is another issue and is
 * not on main yet: this page is its place in the menu and the route config.
 * TODO(four-eyes): list pending requests with ProTable and approve/reject with CommandForm once the API exists.
 */
export default function Approvals() {
  return (
    <Card title="资金审批">
      <Result
        status="info"
        title="待审批的保证金支取和应急垫付申请将显示在这里"
        subTitle="“两人审批”接口尚未上线；上线后，监察员提出的资金申请须经科室负责人审批后方可划拨。"
      />
    </Card>
  );
}
