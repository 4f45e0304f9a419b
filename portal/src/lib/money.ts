// Money is integer fen in the API; officials read and type yuan with two decimals. The arithmetic is
// @wage/cn's (digits as text, never floating point); this adds what typing needs: separators, messages.
import { formatFen, yuanToFen } from '@wage/cn/src/money';

export type YuanParse = { ok: true; fen: number } | { ok: false; message: string };

/** "12,345.6" → 1234560 fen. Separators, spaces and a leading ¥ are ignored; a third decimal is refused. */
export function parseYuan(input: string): YuanParse {
  const text = input.replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  if (text === '') return { ok: false, message: '请输入金额' };
  if (/^\d+\.\d{3,}$/.test(text)) return { ok: false, message: '金额最多两位小数' };
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return { ok: false, message: '金额应为数字，单位元，最多两位小数' };
  try {
    return { ok: true, fen: yuanToFen(text) };
  } catch {
    return { ok: false, message: '金额过大' };
  }
}

/** Integer fen → "¥12,345.60"; absent → "—". */
export function formatMoney(fen: number | undefined | null): string {
  return typeof fen === 'number' && Number.isSafeInteger(fen) ? formatFen(fen) : '—';
}

/** Integer fen → what goes back into an input field ("12345.60"). */
export function fenToInput(fen: number): string {
  return formatFen(fen).replace(/[¥,]/g, '');
}
