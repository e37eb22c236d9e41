import { deflateSync } from 'node:zlib';
import type { UploadTicket } from '../../shared/contract/documents.js';
import type { MilestoneInput, MilestoneRecorded } from '../../shared/contract/milestones.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { ApiError, type CaseView, type Session } from './client.js';

/**
 * The land leg (DOMAIN.md wave 2) as its people do it over the HTTP API, for the demo, the bench and the
 * end-to-end tests: the village's clerk photographs the vacated land and confirms it, the district's
 * land officer records the reclamation's acceptance, the registrar cancels the certificate; for
 * contract land the village records who takes it. Each waits for its step's task first.
 */
export interface LandLegParties {
  /** a village reviewer who did not decide the village review (one duty per person and case) */
  clerk: Session;
  landOfficer: Session;
  registrar: Session;
  /**
   * a fund administrator of the district: when a milestone's tranche waits for money (awaiting_funds),
   * the driver replenishes the fund just enough for the queue, as the district's budget would
   */
  fund?: Session;
  /**
   * the household (contract land, equity; wave 2): the collective pays its tranches, recorded by the
   * clerk, and the household confirms each receipt
   */
  household?: Session;
}

/** A real 1 × 1 PNG (signature, IHDR, IDAT, IEND with their CRCs): what a phone's photo stands for. */
export function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 0x80, 0x80, 0x80]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Uploads a photo of the case as `session` and waits until its verification accepted it. */
export async function uploadPhoto(session: Session, caseId: string, timeoutMs: number): Promise<string> {
  const bytes = tinyPng();
  const ticket = await session.call<UploadTicket>('POST', `/cases/${caseId}/documents`, {
    // no Idempotency-Key: a second photo does no harm (the milestone cites the one it names)
    body: { kind: 'photo', contentType: 'image/png', sizeBytes: bytes.length },
  });
  const put = await fetch(ticket.uploadUrl, { method: ticket.method, headers: ticket.headers, body: bytes });
  if (!put.ok && put.status !== 412) throw new Error(`photo upload of ${caseId}: HTTP ${put.status}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await session.getCase(caseId);
    const doc = c.documents.find((d) => d.documentId === ticket.documentId);
    if (doc?.status === 'accepted') return ticket.documentId;
    if (doc?.status === 'rejected') throw new Error(`photo ${ticket.documentId} of ${caseId} was rejected`);
    if (Date.now() > deadline)
      throw new Error(`photo ${ticket.documentId} of ${caseId} not verified in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Records a milestone. No Idempotency-Key: the step's token makes a repeat harmless (409, not pending any
 * more), and the loop below reads the case again after a 409 to see where it is.
 */
async function milestone(session: Session, caseId: string, body: MilestoneInput): Promise<void> {
  try {
    await session.decide<MilestoneRecorded>(caseId, 'POST', `/cases/${caseId}/milestones`, { body }, (c) => ({
      caseId,
      status: c.status,
      kind: body.kind,
    }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return;
    throw error;
  }
}

/** The statuses of the land leg, each with the milestone its step waits for. */
const STEPS: { status: CaseStatus; kind: MilestoneInput['kind'] }[] = [
  { status: 'vacating', kind: 'vacated' },
  { status: 'disposing', kind: 'disposed' },
  { status: 'cancelling', kind: 'certificate_cancelled' },
  { status: 'handing_over', kind: 'handed_over' },
];

/**
 * Takes a paid case through its land leg to `closed`. `acceptedShare` of the registered area is
 * accepted after reclamation (default all of it).
 */
export async function driveLandLeg(
  parties: LandLegParties,
  caseId: string,
  opts: { timeoutMs: number; registeredAreaM2?: number },
): Promise<CaseView> {
  const { clerk, landOfficer, registrar } = parties;
  for (;;) {
    const c = await clerk.waitForStatus(
      caseId,
      [
        'vacating',
        'disposing',
        'cancelling',
        'handing_over',
        'closed',
        ...(parties.fund ? ['awaiting_funds' as const] : []),
        ...(parties.household ? ['paying' as const] : []),
      ],
      opts.timeoutMs,
    );
    if (c.status === 'closed') return c;
    if (c.status === 'awaiting_funds' && parties.fund) {
      // a tranche of the payment schedule waits for money: just enough for the queue
      const f = await parties.fund.fund();
      await parties.fund.replenish({
        source: 'appropriation',
        amountFen: Math.max(1, f.queuedFen - f.balanceFen),
        reference: `DEMO-TRANCHE-${caseId}-T${c.paymentSchedule.find((t) => t.status === 'queued')?.tranche ?? 0}`,
      });
      await clerk.waitForStatus(caseId, ['disbursed', 'vacating', 'cancelling', 'closed'], opts.timeoutMs);
      continue;
    }
    if (c.status === 'paying' && parties.household) {
      await collectivePays(clerk, parties.household, c, opts.timeoutMs);
      continue;
    }
    const step = STEPS.find((s) => s.status === c.status);
    if (!step) throw new Error(`case ${caseId} is ${c.status}: not in the land leg`);
    await clerk.waitForTask(caseId, step.status, step.kind, { timeoutMs: opts.timeoutMs });
    if (step.kind === 'vacated') {
      await milestone(clerk, caseId, {
        kind: 'vacated',
        documentIds: [await uploadPhoto(clerk, caseId, opts.timeoutMs)],
      });
    } else if (step.kind === 'disposed') {
      await milestone(landOfficer, caseId, {
        kind: 'disposed',
        disposition: 'reclaimed',
        acceptanceNo: `FKYS-${caseId}`,
        acceptedAreaM2: opts.registeredAreaM2 ?? 1,
      });
    } else if (step.kind === 'certificate_cancelled') {
      await milestone(registrar, caseId, { kind: 'certificate_cancelled', cancellationNo: `ZX-${caseId}` });
    } else {
      await milestone(clerk, caseId, { kind: 'handed_over', taker: { name: '村集体经济组织' } });
    }
  }
}

/**
 * Who pays (wave 2): the village's clerk records the collective's transfer of the tranche due, with a
 * bank reference, and the household confirms it arrived. A 409 means the other hand was quicker (or a
 * retry after a lost answer): the caller reads the case again.
 */
async function collectivePays(clerk: Session, household: Session, c: CaseView, timeoutMs: number) {
  const caseId = c.caseId;
  await clerk.waitForTask(caseId, 'paying', 'collective_payment', { timeoutMs });
  const ignore409 = (error: unknown) => {
    if (!(error instanceof ApiError && error.status === 409)) throw error;
  };
  const due = c.paymentSchedule.find((t) => t.payer === 'collective' && t.status === 'payable');
  if (due) {
    await clerk
      .call('POST', `/cases/${caseId}/collective-payments`, {
        body: {
          tranche: due.tranche,
          amountFen: due.amountFen,
          bankReference: `YH-${caseId}-T${due.tranche}`,
        },
      })
      .catch(ignore409);
    return;
  }
  const paid = c.paymentSchedule.find((t) => t.payer === 'collective' && t.status === 'paid');
  if (paid) {
    const answered = await household
      .call('POST', `/cases/${caseId}/collective-payments/${paid.tranche}/receipt`, {
        body: { confirmed: true },
      })
      .then(() => true)
      .catch((error: unknown) => {
        ignore409(error);
        return false;
      });
    // the step ends with the receipt: wait until the case has left `paying` for this tranche (after a
    // 409 the caller reads the case again and answers again)
    if (answered) {
      await household.waitForStatus(caseId, ['paying', 'handing_over', 'closed'], timeoutMs, {
        until: (x) => x.status !== 'paying' || x.paymentSchedule.some((t) => t.status === 'payable'),
      });
    }
  }
}
