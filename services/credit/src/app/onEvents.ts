import { applyOnce, type DecodedEvent, type EventHandlers } from '@wage/kit';
import type { EventType } from '@wage/proto';
import type { Fact, FactKind } from '../domain/facts';
import type { ProjectDoc } from '../infra/models';
import type { CreditDeps } from './deps';
import { reviseProfile, type Identity } from './profile';

// Thin handlers: each event of inspection, mediation or finance that says something about an employer
// becomes one dated fact on its profile (at the instant the event occurred, so replays date it the same).
// Events about an employer without a credit code are ignored: credit keys everything by USCC.

interface EmployerLike {
  name?: string;
  uscc?: string;
  legalRepresentative?: string;
}

type FactFields = Omit<Fact, 'eventId' | 'at' | 'source' | 'caseId'> & { caseId?: string };

async function record(
  deps: CreditDeps,
  e: DecodedEvent,
  employer: EmployerLike | undefined,
  regionCode: string,
  kind: FactKind,
  f: Omit<FactFields, 'kind'>,
): Promise<void> {
  const uscc = employer?.uscc?.trim();
  if (!uscc) return;
  const at = e.envelope.occurredAt ?? new Date();
  const who: Identity = {
    uscc,
    name: employer?.name ?? '',
    legalRepresentative: employer?.legalRepresentative ?? '',
    regionCode: regionCode || e.envelope.region,
  };
  const fact: Fact = {
    eventId: e.envelope.id,
    kind,
    at,
    source: e.type.split('.')[0] ?? '',
    ...f,
    caseId: f.caseId || e.envelope.caseId,
  };
  await reviseProfile(deps, who, e.envelope.id, { fact }, at);
}

const num = (s: string | number | undefined) => Number(s ?? 0);

export function creditHandlers(deps: CreditDeps): {
  inspection: EventHandlers;
  mediation: EventHandlers;
  finance: EventHandlers;
} {
  const h = <K extends EventType>(fn: (e: DecodedEvent<K>) => Promise<void>) => fn;
  return {
    inspection: {
      'inspection.ArrearsConfirmed.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'arrears_confirmed', {
          caseId: p.caseId,
          amountFen: num(p.arrearsFen),
          workerCount: p.workerCount,
          outstandingFen: num(p.arrearsFen),
          massIncident: p.massIncident,
          detail: p.projectId,
        });
      }),
      'inspection.PaymentOrderOverdue.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'order_ignored', {
          caseId: p.caseId,
          amountFen: num(p.unpaidFen),
          workerCount: 0,
          outstandingFen: num(p.unpaidFen),
          detail: p.dueDate,
        });
      }),
      'inspection.PenaltyDecided.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'penalty', {
          caseId: p.caseId,
          amountFen: num(p.amountFen),
          workerCount: 0,
          detail: p.violation,
        });
      }),
      'inspection.PoliceReferralSent.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'police_referral', {
          caseId: p.caseId,
          amountFen: num(p.arrearsFen),
          workerCount: p.workerCount,
          detail: p.referralId,
        });
      }),
      'inspection.PoliceReferralDecided.v1': h(async (e) => {
        const p = e.payload;
        const kind = p.decision === 'accepted' ? 'police_referral_accepted' : 'police_referral_rejected';
        await record(deps, e, p.employer, p.regionCode, kind, {
          caseId: p.caseId,
          amountFen: 0,
          workerCount: 0,
          detail: p.referralId,
        });
      }),
      'inspection.PaymentRecorded.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'payment', {
          caseId: p.caseId,
          amountFen: num(p.paidFen),
          workerCount: 0,
          outstandingFen: num(p.outstandingFen),
          detail: p.payer,
        });
      }),
      'inspection.CaseClosed.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'case_closed', {
          caseId: p.caseId,
          amountFen: num(p.recoveredFen),
          workerCount: p.workersPaid,
          outstandingFen: num(p.outstandingFen),
          detail: p.outcome,
        });
      }),
    },
    mediation: {
      'mediation.AwardUnpaid.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'award_unpaid', {
          caseId: p.caseId,
          amountFen: num(p.amountFen),
          workerCount: 0,
          outstandingFen: num(p.amountFen),
          detail: p.arbitrationCaseId,
        });
      }),
      'mediation.AgreementUnpaid.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'agreement_unpaid', {
          caseId: p.caseId,
          amountFen: num(p.amountFen),
          workerCount: 0,
          outstandingFen: num(p.amountFen),
          detail: p.mediationCaseId,
        });
      }),
      'mediation.PaymentRecorded.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, p.employer, p.regionCode, 'payment', {
          caseId: p.caseId,
          amountFen: num(p.paidFen),
          workerCount: 0,
          outstandingFen: num(p.outstandingFen),
          detail: p.via,
        });
      }),
    },
    finance: {
      'finance.ProjectRegistered.v1': h(async (e) => {
        const p = e.payload;
        if (!p.contractorUscc) return;
        await applyOnce(
          deps.models.Project,
          { _id: p.projectId },
          e.envelope.id,
          {
            $set: {
              contractorUscc: p.contractorUscc,
              contractorName: p.contractorName,
              regionCode: p.regionCode,
            },
          },
          { upsert: true },
        );
        await record(
          deps,
          e,
          { uscc: p.contractorUscc, name: p.contractorName },
          p.regionCode,
          'project_registered',
          {
            caseId: p.projectId,
            amountFen: num(p.contractPriceFen),
            workerCount: 0,
            detail: p.projectId,
          },
        );
      }),
      'finance.DepositDrawn.v1': h(async (e) => {
        const p = e.payload;
        const project = await deps.models.Project.findById(p.projectId).lean<ProjectDoc>();
        // The project's registration is on the same topic but may sit on another partition: retry until it is in.
        if (!project)
          throw new Error(`deposit draw for project ${p.projectId} not registered with credit yet`);
        await record(
          deps,
          e,
          { uscc: project.contractorUscc, name: project.contractorName },
          p.regionCode,
          'deposit_drawn',
          {
            caseId: p.caseId,
            amountFen: num(p.drawnFen),
            workerCount: p.workerCount,
            detail: p.projectId,
          },
        );
      }),
      'finance.TopUpOverdue.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, { uscc: p.contractorUscc }, p.regionCode, 'top_up_overdue', {
          caseId: p.caseId || p.projectId,
          amountFen: num(p.shortfallFen),
          workerCount: 0,
          detail: p.projectId,
        });
      }),
      'finance.DepositOverdue.v1': h(async (e) => {
        const p = e.payload;
        await record(deps, e, { uscc: p.contractorUscc }, p.regionCode, 'deposit_overdue', {
          caseId: p.projectId,
          amountFen: num(p.requiredDepositFen),
          workerCount: 0,
          detail: p.projectId,
        });
      }),
    },
  };
}
