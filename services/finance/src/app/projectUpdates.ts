import {
  conflict,
  DomainError,
  notFound,
  priorCommand,
  recordingCommand,
  ruleViolation,
  type CommandMeta,
  type Decision,
} from '@wage/kit';
import { accounts } from '../domain/ledger';
import type { ProjectDoc } from '../infra/models';
import { sleep, type FinanceDeps } from './deps';

/**
 * Changes a project with what the ledger holds now: reads the project (its version), then the deposit
 * balance, decides, and writes conditioned on the version read, so a decision made on an older balance
 * never overwrites one made on a newer. With `postingId` the write also records the posting as handled
 * (and is skipped if it was), so a posting's effect happens once however often it is completed. With
 * `command` (an official's idempotency key and request fingerprint) a retried command is answered with the
 * project as it left it, and the key reused for another request is refused.
 */
export async function updateProject(
  deps: FinanceDeps,
  projectId: string,
  decide: (p: ProjectDoc, balanceFen: number) => Decision | Error | null,
  meta: CommandMeta,
  postingId?: string,
  command?: { key: string | undefined; fingerprint: string },
): Promise<ProjectDoc> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const p = (await deps.models.Project.findById(projectId).lean()) as ProjectDoc | null;
    if (!p) throw notFound('项目不存在');
    if (postingId && p.processed.includes(postingId)) return p;
    const prior = command ? priorCommand(p.commands ?? [], command.key, command.fingerprint) : 'new';
    if (prior === 'replay') return p;
    if (prior !== 'new') throw prior;
    const balance = await deps.ledger.balance(accounts.deposit(projectId));
    let decision = decide(p, balance);
    if (decision instanceof Error)
      throw decision instanceof DomainError ? decision : ruleViolation(decision.message);
    if (!decision) return p;
    if (command) decision = recordingCommand(decision, command.key, command.fingerprint, new Date());
    const updated = await deps.projects.update({ _id: projectId }, p.version, decision, meta, postingId);
    if (updated) return updated;
    // Another writer got there first (many draws on one project): back off a little, with jitter.
    await sleep(Math.random() * Math.min(50, 2 * attempt));
  }
  throw conflict('项目正被他人同时修改，请重试 (concurrent modification, retry)');
}
