import mongoose from 'mongoose';
import { callAsGateway, databaseUrl, gatewayChannel } from '@wage/testing';
import { residentIdCheckChar, usccCheckChar } from '@wage/cn';
import { intake, inspection } from '@wage/proto';

/** A valid resident ID number (GB 11643) for a test person numbered n. */
export function residentId(n: number, region = '652301'): string {
  const first17 = `${region}1990${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid USCC (GB 32100) for a test employer numbered n. */
export function uscc(n: number, region = '652301'): string {
  const body = `91${region}MA${String(n)
    .padStart(7, '0')
    .replace(/[IOZSV]/g, '1')}`.slice(0, 17);
  return body + usccCheckChar(body);
}

export function clueRequest(n: number, over: Partial<intake.FileClueRequest> = {}): intake.FileClueRequest {
  return intake.FileClueRequest.fromPartial({
    channel: 'window',
    regionCode: '652301',
    reporter: { name: `工人${n}`, idNumber: residentId(n), phone: `138${String(n).padStart(8, '0')}` },
    employer: { name: `昌吉第${n}建筑公司`, uscc: uscc(n) },
    projectId: `p-${n}`,
    workerCount: 12,
    amountFen: String(1_200_000 + n),
    description: '拖欠三个月工资',
    ...over,
  });
}

export function intakeClient(address: string) {
  const c = new intake.IntakeServiceClient(address, gatewayChannel());
  return {
    client: c,
    fileClue: (req: intake.FileClueRequest, token: string, idempotencyKey?: string) =>
      callAsGateway(c.fileClue.bind(c), req, {
        token,
        deadlineMs: 10_000,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      }),
  };
}

export function inspectionClient(address: string) {
  const c = new inspection.InspectionServiceClient(address, gatewayChannel());
  return {
    client: c,
    getCase: (req: Partial<inspection.GetCaseRequest>, token: string) =>
      callAsGateway(c.getCase.bind(c), inspection.GetCaseRequest.fromPartial(req), {
        token,
        idempotent: true,
      }),
  };
}

/** How many documents a service's collection holds (`db` is `<namespace>-<service>`), read straight from Mongo. */
export async function documentCount(mongoUrl: string, db: string, collection: string): Promise<number> {
  const conn = await mongoose.createConnection(databaseUrl(mongoUrl, db)).asPromise();
  try {
    return await conn.collection(collection).countDocuments();
  } finally {
    await conn.close();
  }
}
