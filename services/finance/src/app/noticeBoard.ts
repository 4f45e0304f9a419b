import {
  actorOf,
  notFound,
  parseInput,
  permissionDenied,
  readableCode,
  requestFingerprint,
  type Principal,
} from '@wage/kit';
import { minimumWageFor } from '@wage/cn';
import { maskPhone } from '@wage/pii';
import { finance as pb } from '@wage/proto';
import { noticeBoardSchema } from '../domain/inputs';
import { editsNoticeBoard, noticeBoardChanged } from '../domain/noticeBoard';
import type { ProjectDoc } from '../infra/models';
import type { FinanceDeps } from './deps';
import { updateProject } from './projectUpdates';
import { visibleProject } from './projects';

/** 60 bits from the service's keyed hash of the project id: stable, and nobody can derive it from the id. */
export function publicCodeFor(deps: FinanceDeps, projectId: string): string {
  return readableCode(deps.pii().hasher.hash(`public-project:${projectId}`), 12);
}

/** The project's public code, stored the first time it is needed (projects registered before it existed). */
export async function ensurePublicCode(deps: FinanceDeps, doc: ProjectDoc): Promise<string> {
  if (doc.publicCode) return doc.publicCode;
  const publicCode = publicCodeFor(deps, doc._id);
  await deps.models.Project.updateOne(
    { _id: doc._id, publicCode: { $exists: false } },
    { $set: { publicCode } },
  );
  return publicCode;
}

/** The board as every answer shows it: the officer's phone masked, the minimum wage from the platform's table. */
export function noticeBoardMessage(deps: FinanceDeps, doc: ProjectDoc): pb.NoticeBoard {
  const b = doc.noticeBoard;
  const wage = minimumWageFor(deps.minimumWages, doc.regionCode, deps.today());
  return {
    officerName: b?.officerName ?? '',
    officerPhone: b ? maskPhone(deps.pii().cipher.decrypt(b.officerPhoneEnc)) : '',
    payDay: b?.payDay ?? 0,
    hotlines: b?.hotlines ?? [],
    arbitrationAddress: b?.arbitrationAddress ?? '',
    legalAidAddress: b?.legalAidAddress ?? '',
    minimumWageFen: String(wage?.monthlyFen ?? 0),
    minimumWageSource: wage?.source ?? '',
  };
}

/** PUT /projects/{id}/notice-board: the project's own industry regulator writes the board. */
export async function updateNoticeBoard(
  deps: FinanceDeps,
  principal: Principal,
  req: pb.UpdateNoticeBoardRequest,
  key?: string,
): Promise<ProjectDoc> {
  const doc = await visibleProject(deps, principal, req.projectId);
  if (!editsNoticeBoard(principal.roles, doc.industry))
    throw permissionDenied('只有该项目的行业主管部门可以维护维权信息告示牌');
  const input = parseInput(noticeBoardSchema, req, '告示牌信息有误');
  const phone = deps.pii().protect(input.officerPhone);
  const updated = await updateProject(
    deps,
    req.projectId,
    (p) =>
      noticeBoardChanged(p.noticeBoard, {
        officerName: input.officerName,
        officerPhoneEnc: phone.enc,
        officerPhoneHash: phone.hash,
        payDay: input.payDay,
        hotlines: input.hotlines,
        arbitrationAddress: input.arbitrationAddress,
        legalAidAddress: input.legalAidAddress,
        updatedAt: new Date(),
        updatedBy: principal.username,
      }),
    { actor: actorOf(principal) },
    undefined,
    // The fingerprint carries the phone's keyed hash, never the phone.
    { key, fingerprint: requestFingerprint({ ...input, officerPhone: phone.hash }) },
  );
  await ensurePublicCode(deps, updated);
  return updated;
}

/** GET /public/projects/{publicCode}: the rights notice board, nothing personal beyond the masked phone. */
export async function getPublicProject(
  deps: FinanceDeps,
  req: pb.GetPublicProjectRequest,
): Promise<pb.PublicProject> {
  const missing = notFound('没有找到该项目，请核对二维码');
  if (!/^[A-Z2-9]{12}$/.test(req.publicCode)) throw missing;
  const doc = (await deps.models.Project.findOne({ publicCode: req.publicCode }).lean()) as ProjectDoc | null;
  if (!doc) throw missing;
  return publicProjectMessage(deps, doc);
}

export async function publicProjectMessage(deps: FinanceDeps, doc: ProjectDoc): Promise<pb.PublicProject> {
  return {
    publicCode: await ensurePublicCode(deps, doc),
    projectId: doc._id,
    name: doc.name,
    regionCode: doc.regionCode,
    contractorName: doc.contractor.name,
    contractorUscc: doc.contractor.uscc,
    ownerName: doc.ownerName,
    noticeBoard: noticeBoardMessage(deps, doc),
  };
}
