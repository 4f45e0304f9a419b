import { spawn } from 'node:child_process';

// pdf.js (inside pdf-parse) loads its worker with a dynamic import, which jest's VM refuses: the text is
// extracted in a plain node child instead.
const EXTRACT = `
const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try { process.stdout.write((await parser.getText()).text); } finally { await parser.destroy(); }
});`;

/** The text a reader (or a search) finds in a PDF, page after page, with whitespace and line breaks removed. */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', EXTRACT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8').replace(/\s+/g, ''))
        : reject(new Error(`pdf text extraction failed: ${Buffer.concat(err).toString('utf8')}`)),
    );
    child.stdin.end(Buffer.from(pdf));
  });
}
