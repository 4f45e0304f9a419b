import ExcelJS from 'exceljs';
import { invalidArgument } from '@wage/kit';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How a route reads an uploaded workbook: its first sheet's rows become `field` of the JSON body. */
export interface SpreadsheetUpload {
  field: string;
  /** Header cell text (Chinese or the JSON name) → JSON field. */
  columns: Record<string, string>;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

/**
 * The first sheet as JSON rows (row 1 is the header). `rowNumbers[i]` is the sheet row of `rows[i]`, so the
 * answer can name the row an official sees in Excel. Blank rows are skipped.
 */
export async function readSheet(
  data: Buffer,
  spec: SpreadsheetUpload,
): Promise<{ rows: Array<Record<string, string>>; rowNumbers: number[] }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw invalidArgument('无法读取的 Excel 文件', [{ field: 'body', message: '应为 .xlsx 工作簿' }]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw invalidArgument('Excel 文件没有工作表', [{ field: 'body', message: '没有工作表' }]);
  const header = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, col) => {
    const key = spec.columns[cellText(cell.value).trim()];
    if (key) header.set(col, key);
  });
  if (header.size === 0)
    throw invalidArgument('Excel 表头无法识别', [
      { field: 'body', message: `第 1 行应为表头：${Object.keys(spec.columns).join('、')}` },
    ]);
  const rows: Array<Record<string, string>> = [];
  const rowNumbers: number[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const out: Record<string, string> = {};
    for (const [col, key] of header) {
      const text = cellText(row.getCell(col).value).trim();
      if (text) out[key] = text;
    }
    if (Object.keys(out).length === 0) return;
    rows.push(out);
    rowNumbers.push(n);
  });
  return { rows, rowNumbers };
}
