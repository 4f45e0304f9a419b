import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { APPEAL_TEXT, DOCUMENT_KINDS, yuanText } from './kinds';
import type { DocumentParty, DocumentRecord } from './registry';

/**
 * Noto Sans SC (OTF) from an npm package, embedded in every PDF so it reads the same on any machine;
 * pdfkit embeds only the glyphs a document uses, so a one-page act stays small.
 */
// The package exports only its index, so the font files are found beside its package.json's folder.
const FONTS = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
let fonts: { body: Buffer; bold: Buffer } | undefined;
const loadFonts = () =>
  (fonts ??= {
    body: readFileSync(join(FONTS, 'NotoSansHans-Regular.otf')),
    bold: readFileSync(join(FONTS, 'NotoSansHans-Bold.otf')),
  });

export interface RenderOptions {
  /** How an ID number is printed (masked unless an authorised reader asked). */
  printId: (id: { enc: string; masked: string }) => string;
}

function partyLine(p: DocumentParty, printId: RenderOptions['printId']): string {
  return [
    `${p.role}：${p.name}`,
    p.uscc ? `统一社会信用代码：${p.uscc}` : '',
    p.idNumber ? `公民身份号码：${printId(p.idNumber)}` : '',
    p.address ? `地址：${p.address}` : '',
  ]
    .filter(Boolean)
    .join('　');
}

/** The document as an A4 PDF: heading, number, parties, facts, decision, legal basis, deadline, appeal. */
export function renderPdf(doc: DocumentRecord, opts: RenderOptions): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 79, right: 74 },
    info: { Title: `${DOCUMENT_KINDS[doc.kind].title} ${doc.number}`, Author: doc.agencyName },
  });
  const f = loadFonts();
  pdf.registerFont('body', f.body);
  pdf.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const c = doc.content;
  const para = (text: string) => pdf.font('body').fontSize(12).text(text, { indent: 24, lineGap: 6 });
  const heading = (text: string) => pdf.moveDown(0.5).font('bold').fontSize(12).text(text, { lineGap: 6 });

  pdf.font('bold').fontSize(20).fillColor('#c00000').text(doc.agencyName, { align: 'center' });
  pdf.moveDown(0.3).fontSize(18).fillColor('black').text(DOCUMENT_KINDS[doc.kind].title, { align: 'center' });
  pdf.moveDown(0.3).font('body').fontSize(12).text(doc.number, { align: 'center' });
  if (doc.corrects)
    pdf
      .fontSize(10)
      .text(`（本文书更正此前作出的文书，原文书编号见案卷：${doc.corrects}）`, { align: 'center' });
  pdf.moveDown();
  pdf.font('body').fontSize(12).text(`${c.recipient}：`, { lineGap: 6 });
  for (const p of c.parties) para(partyLine(p, opts.printId));
  heading('一、查明的事实');
  for (const f of c.facts) para(f);
  if (c.amountFen !== undefined) para(`涉及金额：人民币${yuanText(c.amountFen)}。`);
  heading('二、法律依据');
  for (const b of c.legalBasis) para(b);
  heading('三、决定事项');
  for (const d of c.decision) para(d);
  if (c.deadline) para(`履行期限：请于${dateText(c.deadline)}前履行完毕。`);
  const appeal = DOCUMENT_KINDS[doc.kind].appeal;
  if (appeal !== 'none') {
    heading('四、救济途径');
    para(
      appeal === 'award'
        ? c.finalAward
          ? APPEAL_TEXT.final
          : APPEAL_TEXT.award
        : APPEAL_TEXT.administrative,
    );
  }
  pdf.moveDown(2);
  pdf.font('body').fontSize(12).text(doc.agencyName, { align: 'right' });
  pdf.text(dateText(shanghaiDate(doc.issuedAt)), { align: 'right' });
  pdf.end();
  return done;
}

function shanghaiDate(at: Date): string {
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** 2026-12-01 → 2026年12月1日 */
function dateText(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
