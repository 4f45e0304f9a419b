import { Card, Result } from 'antd';

/** 法律援助: `GET /legal-aid/requests` and its acceptance are another issue, not on main yet. */
export default function LegalAid() {
  return (
    <Card title="法律援助">
      <Result
        status="info"
        title="法律援助申请将显示在这里"
        subTitle="工人通过安薪码提交的法律援助申请接口尚未上线。"
      />
    </Card>
  );
}
