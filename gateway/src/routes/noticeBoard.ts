import { z } from 'zod';
import QRCode from 'qrcode';
import { callUnary } from '@wage/kit';
import { finance as pb, rpc } from '@wage/proto';
import { RawResponse, type RouteTable } from '../http/routes';
import type { Upstreams } from '../upstream';
import { id } from './schemas';
import { view } from './view';

const noticeBoardBody = z
  .object({
    officerName: z.string().trim().min(1).max(50),
    officerPhone: z.string().min(5).max(20),
    payDay: z.number().int().min(1).max(31),
    hotlines: z.array(z.string().trim().min(1).max(60)).min(1).max(10),
    arbitrationAddress: z.string().trim().min(1).max(200),
    legalAidAddress: z.string().trim().min(1).max(200),
  })
  .strict()
  .openapi('NoticeBoardRequest');

const noticeBoardView = z
  .object({
    officerName: z.string(),
    officerPhone: z.string(),
    payDay: z.number(),
    hotlines: z.array(z.string()),
    arbitrationAddress: z.string(),
    legalAidAddress: z.string(),
    minimumWageFen: z.number(),
    minimumWageSource: z.string(),
  })
  .openapi('NoticeBoard');

const publicProjectView = z
  .object({
    publicCode: z.string(),
    name: z.string(),
    regionCode: z.string(),
    contractorName: z.string(),
    ownerName: z.string(),
    noticeBoard: noticeBoardView,
  })
  .openapi('PublicProject');

export const publicCode = z.string().regex(/^[A-Z2-9]{12}$/, '项目码格式不正确');

/** The rights notice board as a worker reads it: no project id, nothing personal beyond the masked phone. */
export function toPublicProjectView(p: pb.PublicProject): z.infer<typeof publicProjectView> {
  const b = view(p.noticeBoard ?? pb.NoticeBoard.fromPartial({})) as z.infer<typeof noticeBoardView>;
  return {
    publicCode: p.publicCode,
    name: p.name,
    regionCode: p.regionCode,
    contractorName: p.contractorName,
    ownerName: p.ownerName,
    noticeBoard: b,
  };
}

/** 维权信息告示牌 and 安薪码: the board's contents, the printable QR code and the workers' public answer. */
export function noticeBoardRoutes(routes: RouteTable, up: Upstreams, publicBaseUrl?: string): void {
  const c = () => up.finance();
  routes
    .add({
      method: 'put',
      path: '/projects/{id}/notice-board',
      tag: 'Projects',
      summary:
        "The project's rights notice board (维权信息告示牌): labour-affairs officer, pay day, hotlines, arbitration and legal aid",
      rpc: rpc('wage.finance.v1.FinanceService', 'updateNoticeBoard'),
      params: z.object({ id }),
      body: noticeBoardBody,
      command: true,
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().updateNoticeBoard.bind(c()), { projectId: params.id, ...body }, call)),
    })
    .add({
      method: 'get',
      path: '/projects/{id}/qr',
      tag: 'Projects',
      summary:
        "PNG of the QR code for the project's public page /s/{publicCode} (安薪码), sized to print on an A4 notice board",
      rpc: rpc('wage.finance.v1.FinanceService', 'getProjectPublicCode'),
      params: z.object({ id }),
      handler: async ({ params, call, req }) => {
        const p = await callUnary(
          c().getProjectPublicCode.bind(c()),
          { id: params.id },
          { ...call, idempotent: true },
        );
        const base = publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
        const url = `${base.replace(/\/$/, '')}/s/${p.publicCode}`;
        // 1,200 px is 10 cm at 300 dpi: scannable from a few metres on an A4 sheet; H tolerates dirt and rain.
        const png = await QRCode.toBuffer(url, {
          type: 'png',
          errorCorrectionLevel: 'H',
          width: 1200,
          margin: 4,
        });
        return new RawResponse('image/png', png, `anxinma-${p.publicCode}.png`);
      },
    })
    .add({
      method: 'get',
      path: '/public/projects/{publicCode}',
      tag: 'Public',
      summary: "A project's rights notice board for its workers (no login; rate limited)",
      rpc: rpc('wage.finance.v1.PublicProjectService', 'getPublicProject'),
      params: z.object({ publicCode }),
      response: publicProjectView,
      handler: async ({ params, call }) => {
        const pc = up.publicProjects();
        return toPublicProjectView(
          await callUnary(
            pc.getPublicProject.bind(pc),
            { publicCode: params.publicCode },
            { deadlineMs: call.deadlineMs, idempotent: true },
          ),
        );
      },
    });
}
