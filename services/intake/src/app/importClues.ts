import { actorOf, idFromIdempotencyKey, invalidArgument, zodFieldErrors, type Principal } from '@wage/kit';
import { intake as pb } from '@wage/proto';
import { z } from 'zod';
import { clueInputSchema } from '../domain/clue';
import { clueFacts } from './fileClue';
import { receiveClue, type IntakeDeps } from './receive';

export const IMPORT_SOURCES = ['national_platform', 'hotline_12345'] as const;
const MAX_LINES = 20_000;

const recordSchema = clueInputSchema.omit({ channel: true }).extend({
  sourceId: z.string().trim().min(1, '必填').max(100),
});

/**
 * 批量导入 (JSON lines from the national clue platform or the 12345 hotline): each record is received like a
 * clue of its channel; a bad record is reported by line and never sinks the good ones. The clue id derives
 * from source + sourceId, so a re-imported file creates nothing twice.
 */
export async function importClues(
  deps: IntakeDeps,
  p: Principal,
  req: pb.ImportCluesRequest,
): Promise<pb.ImportCluesResponse> {
  if (!(IMPORT_SOURCES as readonly string[]).includes(req.source)) {
    throw invalidArgument('导入来源无效', [
      { field: 'source', message: `应为 ${IMPORT_SOURCES.join(' 或 ')}` },
    ]);
  }
  const lines = req.content.split(/\r?\n/);
  if (lines.length > MAX_LINES)
    throw invalidArgument('文件过大', [{ field: 'content', message: `最多 ${MAX_LINES} 行` }]);
  const out: pb.ImportCluesResponse = { created: 0, merged: 0, duplicates: 0, rejected: [] };
  for (const [i, text] of lines.entries()) {
    if (!text.trim()) continue;
    const line = i + 1;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      out.rejected.push({ line, errors: [{ field: '', message: '不是有效的 JSON' }] });
      continue;
    }
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      out.rejected.push({ line, errors: zodFieldErrors(parsed.error) });
      continue;
    }
    const { sourceId, ...rest } = parsed.data;
    const r = await receiveClue(
      deps,
      clueFacts({ ...rest, channel: req.source as (typeof IMPORT_SOURCES)[number] }, deps.pii),
      {
        clueId: idFromIdempotencyKey(`import:${req.source}`, sourceId),
        receivingRegion: p.region,
        receivedBy: p.username,
        actor: actorOf(p),
        source: { source: req.source, sourceId },
      },
    );
    if (r.outcome === 'created') out.created++;
    else if (r.outcome === 'merged') out.merged++;
    else out.duplicates++;
  }
  return out;
}
