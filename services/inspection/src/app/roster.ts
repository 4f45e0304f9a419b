import { callUnary, isDomainError, ruleViolation, unavailable, type Principal } from '@wage/kit';
import { finance } from '@wage/proto';
import type { InspectionDeps } from './deps';

export interface NamedRow {
  /** The request field the row came from, e.g. `workers[2]`, named in the refusal. */
  field: string;
  name: string;
  idNumber: string;
}

/**
 * Workers named in a finding or a draw must be on the project's real-name roster (实名制花名册), which finance
 * keeps; asked with the caller's token (finance checks role and region). 422 naming every row not on it.
 */
export async function requireOnRoster(
  deps: InspectionDeps,
  p: Principal,
  projectId: string,
  rows: readonly NamedRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const client = deps.monitoring();
  let r: finance.CheckRosterResponse;
  try {
    r = await callUnary(
      client.checkRoster.bind(client),
      finance.CheckRosterRequest.fromPartial({
        projectId,
        workers: rows.map((w) => ({ name: w.name, idNumber: w.idNumber })),
      }),
      { token: p.token, deadlineMs: 10_000, idempotent: true },
    );
  } catch (e) {
    if (isDomainError(e) && e.kind === 'not_found')
      throw ruleViolation(`财政系统中找不到工程项目 ${projectId}，无法核对实名制花名册`, [
        { field: 'projectId', message: '项目不存在或不在本辖区' },
      ]);
    if (isDomainError(e) && e.httpStatus < 500) throw e;
    throw unavailable('财政服务暂不可用，无法核对实名制花名册，请稍后重试');
  }
  if (r.missing.length === 0) return;
  throw ruleViolation(
    `以下工人不在该项目的实名制花名册上：${r.missing.map((m) => `${m.name}（${m.idNumberMasked}）`).join('、')}`,
    r.missing.map((m) => ({
      field: rows[m.index]?.field ?? `workers[${m.index}]`,
      message: `${m.name}（${m.idNumberMasked}）不在项目实名制花名册上`,
    })),
  );
}
