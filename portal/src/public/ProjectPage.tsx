import { useEffect, useState } from 'react';
import type { components } from '../gen/schema';
import { publicApi } from './api';
import { ComplaintForm, type Receipt } from './ComplaintForm';

type PublicProject = components['schemas']['PublicProject'];

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN')} 元`;

/** /s/{publicCode}: the site's rights notice board (维权信息告示牌) and the way to complain. */
export function ProjectPage({ publicCode }: { publicCode: string }) {
  const [project, setProject] = useState<PublicProject | null | undefined>(undefined);
  const [complaining, setComplaining] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | undefined>();

  useEffect(() => {
    document.title = '工地维权信息告示牌';
    void publicApi
      .GET('/api/v1/public/projects/{publicCode}', { params: { path: { publicCode } } })
      .then((r) => setProject(r.data ?? null));
  }, [publicCode]);

  if (project === undefined)
    return (
      <main aria-busy="true">
        <p>正在加载…</p>
      </main>
    );
  if (project === null)
    return (
      <main>
        <h1>没有找到该项目</h1>
        <p>请核对二维码，或拨打 12333 人社服务热线咨询。</p>
      </main>
    );
  if (receipt) return <ReceiptView receipt={receipt} />;
  const b = project.noticeBoard;
  return (
    <main>
      <h1>{project.name}</h1>
      <section aria-labelledby="board">
        <h2 id="board">维权信息告示牌</h2>
        <dl>
          <dt>施工总承包单位</dt>
          <dd>{project.contractorName}</dd>
          <dt>建设单位</dt>
          <dd>{project.ownerName}</dd>
          {b.officerName && (
            <>
              <dt>劳资专管员</dt>
              <dd>
                {b.officerName}（{b.officerPhone}）
              </dd>
            </>
          )}
          {b.payDay > 0 && (
            <>
              <dt>工资发放日</dt>
              <dd>每月 {b.payDay} 日</dd>
            </>
          )}
          {b.minimumWageFen > 0 && (
            <>
              <dt>当地最低工资标准</dt>
              <dd>{yuan(b.minimumWageFen)} / 月</dd>
            </>
          )}
          {b.hotlines.length > 0 && (
            <>
              <dt>投诉举报电话</dt>
              {b.hotlines.map((h) => (
                <dd key={h}>{h}</dd>
              ))}
            </>
          )}
          {b.arbitrationAddress && (
            <>
              <dt>劳动争议仲裁</dt>
              <dd>{b.arbitrationAddress}</dd>
            </>
          )}
          {b.legalAidAddress && (
            <>
              <dt>法律援助</dt>
              <dd>{b.legalAidAddress}</dd>
            </>
          )}
        </dl>
      </section>
      {complaining ? (
        <ComplaintForm project={project} onSubmitted={setReceipt} />
      ) : (
        <button type="button" onClick={() => setComplaining(true)}>
          我要投诉
        </button>
      )}
      <p>
        <a href="/track">已经投诉过？查询办理进度</a>
      </p>
    </main>
  );
}

function ReceiptView({ receipt }: { receipt: Receipt }) {
  return (
    <main>
      <h1>投诉已提交</h1>
      <section aria-labelledby="codes">
        <h2 id="codes">请保存或截图以下查询码</h2>
        <dl>
          <dt>查询编号</dt>
          <dd className="codes" data-testid="tracking-code">
            {receipt.trackingCode}
          </dd>
          <dt>查询密码</dt>
          <dd className="codes" data-testid="access-code">
            {receipt.accessCode}
          </dd>
        </dl>
        <p className="note">
          凭查询编号和查询密码可随时查看办理进度。查询密码只显示这一次，请妥善保管，不要告诉他人。
        </p>
        {receipt.legalAid && <p>您的法律援助申请已一并提交。</p>}
      </section>
      <a className="button" href="/track">
        查询办理进度
      </a>
    </main>
  );
}
