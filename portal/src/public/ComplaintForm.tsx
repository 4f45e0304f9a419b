import { useState, type FormEvent } from 'react';
import type { components } from '../gen/schema';
import { problemText, publicApi } from './api';
import { idNumberProblem, phoneProblem } from './idNumber';

export interface Receipt {
  trackingCode: string;
  accessCode: string;
  legalAid: boolean;
}

type Fields = Record<'name' | 'idNumber' | 'phone' | 'employer' | 'workers' | 'yuan' | 'what', string>;

function fieldProblems(f: Fields): Partial<Record<keyof Fields, string>> {
  const out: Partial<Record<keyof Fields, string>> = {};
  if (!f.name.trim()) out.name = '请填写您的姓名';
  const id = idNumberProblem(f.idNumber);
  if (id) out.idNumber = id;
  const phone = phoneProblem(f.phone);
  if (phone) out.phone = phone;
  if (f.employer.trim().length < 2) out.employer = '请填写欠薪的单位或老板';
  if (!/^\d{1,6}$/.test(f.workers) || Number(f.workers) < 1) out.workers = '请填写人数（至少 1 人）';
  if (!/^\d+(\.\d{1,2})?$/.test(f.yuan) || Number(f.yuan) <= 0) out.yuan = '请填写被拖欠的金额（元）';
  if (!f.what.trim()) out.what = '请简单说明情况';
  return out;
}

/** 我要投诉: one minute on a phone; the ID number's check digit is checked as it is typed. */
export function ComplaintForm({
  project,
  onSubmitted,
}: {
  project: components['schemas']['PublicProject'];
  onSubmitted: (r: Receipt) => void;
}) {
  const [f, setF] = useState<Fields>({
    name: '',
    idNumber: '',
    phone: '',
    employer: project.contractorName,
    workers: '1',
    yuan: '',
    what: '',
  });
  const [touched, setTouched] = useState<Partial<Record<keyof Fields, boolean>>>({});
  const [consent, setConsent] = useState(false);
  const [legalAid, setLegalAid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const [key] = useState(() => crypto.randomUUID());
  const problems = fieldProblems(f);

  const field = (name: keyof Fields, label: string, props: Record<string, string> = {}) => (
    <>
      <label htmlFor={`f-${name}`}>{label}</label>
      <input
        id={`f-${name}`}
        value={f[name]}
        aria-invalid={touched[name] && problems[name] ? true : undefined}
        aria-describedby={touched[name] && problems[name] ? `e-${name}` : undefined}
        onChange={(e) => {
          setF({ ...f, [name]: e.target.value });
          if (name === 'idNumber' && e.target.value.length >= 18) setTouched({ ...touched, idNumber: true });
        }}
        onBlur={() => setTouched({ ...touched, [name]: true })}
        {...props}
      />
      {touched[name] && problems[name] && (
        <p className="error" id={`e-${name}`}>
          {problems[name]}
        </p>
      )}
    </>
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched({
      name: true,
      idNumber: true,
      phone: true,
      employer: true,
      workers: true,
      yuan: true,
      what: true,
    });
    if (Object.keys(problems).length || !consent || busy) return;
    setBusy(true);
    setFailure('');
    const r = await publicApi.POST('/api/v1/public/clues', {
      headers: { 'Idempotency-Key': key },
      body: {
        publicCode: project.publicCode,
        reporter: { name: f.name.trim(), idNumber: f.idNumber.trim().toUpperCase(), phone: f.phone.trim() },
        employer: { name: f.employer.trim() },
        workerCount: Number(f.workers),
        amountFen: Math.round(Number(f.yuan) * 100),
        description: f.what.trim(),
      },
    });
    if (!r.data) {
      setBusy(false);
      setFailure(problemText(r.error));
      return;
    }
    const codes = r.data;
    if (legalAid) {
      await publicApi.POST('/api/v1/public/clues/{trackingCode}/legal-aid', {
        params: { path: { trackingCode: codes.trackingCode } },
        headers: { 'X-Access-Code': codes.accessCode },
        body: { reason: `投诉时一并申请：${f.what.trim()}`.slice(0, 2000) },
      });
    }
    onSubmitted({ ...codes, legalAid });
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="complain">
      <h2 id="complain">我要投诉（{project.name}）</h2>
      {field('name', '姓名', { autoComplete: 'name' })}
      {field('idNumber', '身份证号码', { inputMode: 'text', maxLength: '18', autoComplete: 'off' })}
      {field('phone', '手机号码', { inputMode: 'tel', autoComplete: 'tel' })}
      {field('employer', '欠薪单位或老板')}
      {field('workers', '被欠薪人数', { inputMode: 'numeric' })}
      {field('yuan', '被拖欠金额（元）', { inputMode: 'decimal' })}
      <label htmlFor="f-what">发生了什么</label>
      <textarea
        id="f-what"
        rows={4}
        value={f.what}
        onChange={(e) => setF({ ...f, what: e.target.value })}
        onBlur={() => setTouched({ ...touched, what: true })}
      />
      {touched.what && problems.what && <p className="error">{problems.what}</p>}
      <label className="choice">
        <input type="checkbox" checked={legalAid} onChange={(e) => setLegalAid(e.target.checked)} />
        同时申请法律援助（免费律师帮助）
      </label>
      <label className="choice">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
        我同意人社等部门为处理本次投诉使用我的姓名、身份证号码和电话（依据《个人信息保护法》，仅用于办理本案，加密保存）
      </label>
      {touched.name && !consent && <p className="error">请勾选同意后再提交</p>}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? '正在提交…' : '提交投诉'}
      </button>
    </form>
  );
}
