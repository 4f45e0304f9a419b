import { useState, type FormEvent } from 'react';
import type { components } from '../gen/schema';
import { problemText, publicApi } from './api';

type Progress = components['schemas']['PublicClueProgress'];

const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' });

/** /track: the worker follows their complaint with the two codes; nothing personal is shown. */
export function TrackPage() {
  const [codes, setCodes] = useState({ trackingCode: '', accessCode: '' });
  const [progress, setProgress] = useState<Progress | undefined>();
  const [failure, setFailure] = useState('');

  async function load(e?: FormEvent) {
    e?.preventDefault();
    setFailure('');
    const r = await publicApi.GET('/api/v1/public/clues/{trackingCode}', {
      params: { path: { trackingCode: codes.trackingCode.trim().toUpperCase() || '-' } },
      headers: { 'X-Access-Code': codes.accessCode.trim().toUpperCase() },
    });
    if (r.data) setProgress(r.data);
    else {
      setProgress(undefined);
      setFailure(
        r.response.status === 404 || r.response.status === 400
          ? '没有找到该投诉，或查询密码不正确'
          : problemText(r.error),
      );
    }
  }

  const headers = { 'X-Access-Code': codes.accessCode.trim().toUpperCase() };
  const path = { trackingCode: codes.trackingCode.trim().toUpperCase() };
  return (
    <main>
      <h1>查询办理进度</h1>
      <form onSubmit={(e) => void load(e)} aria-label="查询">
        <label htmlFor="t-code">查询编号</label>
        <input
          id="t-code"
          value={codes.trackingCode}
          autoComplete="off"
          onChange={(e) => setCodes({ ...codes, trackingCode: e.target.value })}
        />
        <label htmlFor="t-access">查询密码</label>
        <input
          id="t-access"
          value={codes.accessCode}
          autoComplete="off"
          onChange={(e) => setCodes({ ...codes, accessCode: e.target.value })}
        />
        <button type="submit">查询</button>
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
      </form>
      {progress && (
        <>
          <section aria-labelledby="status">
            <h2 id="status">当前状态：{progress.statusText}</h2>
            <ol className="steps">
              {progress.steps.map((s, i) => (
                <li key={i}>
                  <span className="when">{when(s.at)}</span>
                  {s.text}
                </li>
              ))}
            </ol>
          </section>
          {progress.status === 'closed' && (
            <FeedbackForm path={path} headers={headers} onDone={() => void load()} />
          )}
          <LegalAidForm path={path} headers={headers} onDone={() => void load()} />
        </>
      )}
    </main>
  );
}

interface Access {
  path: { trackingCode: string };
  headers: { 'X-Access-Code': string };
  onDone: () => void;
}

/** 回访: did the money arrive, how satisfied (1–5). One answer; "not paid" reopens as a new complaint. */
function FeedbackForm({ path, headers, onDone }: Access) {
  const [paid, setPaid] = useState<boolean | undefined>();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (paid === undefined || score < 1) return setMessage('请选择工资是否到位和满意程度');
    const r = await publicApi.POST('/api/v1/public/clues/{trackingCode}/feedback', {
      params: { path },
      headers,
      body: { paid, satisfaction: score, ...(comment.trim() ? { comment: comment.trim() } : {}) },
    });
    setMessage(r.data ? '感谢您的反馈' : problemText(r.error));
    if (r.data) onDone();
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="fb">
      <h2 id="fb">回访：工资拿到了吗？</h2>
      <fieldset>
        <legend>被拖欠的工资是否已经到位</legend>
        <label className="choice">
          <input type="radio" name="paid" checked={paid === true} onChange={() => setPaid(true)} />
          已经拿到
        </label>
        <label className="choice">
          <input type="radio" name="paid" checked={paid === false} onChange={() => setPaid(false)} />
          还没有拿到
        </label>
      </fieldset>
      <fieldset>
        <legend>您对处理结果的满意程度（1 最不满意，5 最满意）</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label className="choice" key={n}>
            <input type="radio" name="score" checked={score === n} onChange={() => setScore(n)} />
            {n} 分
          </label>
        ))}
      </fieldset>
      <label htmlFor="fb-comment">还想说的话（可不填）</label>
      <textarea id="fb-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      <button type="submit">提交回访</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

/** 法律援助: free legal help from the county's legal-aid centre; the lawyer's name appears in the steps. */
function LegalAidForm({ path, headers, onDone }: Access) {
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await publicApi.POST('/api/v1/public/clues/{trackingCode}/legal-aid', {
      params: { path },
      headers,
      body: { reason: reason.trim() },
    });
    setMessage(r.data ? '法律援助申请已提交' : problemText(r.error));
    if (r.data) onDone();
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="aid">
      <h2 id="aid">申请法律援助</h2>
      <label htmlFor="aid-reason">需要律师帮助的原因</label>
      <textarea id="aid-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="secondary">
        申请法律援助
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
