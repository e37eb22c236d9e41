import { tinyPng } from '../local/demo/landLeg.js';
import type { BenchHousehold } from './households.js';
import { type Api, ApiError } from './http.js';
import type { Instrumentation } from './instrument.js';

/**
 * One case from draft to closed with automatic decisions: the applicant files and submits, the
 * village reviewer approves, the town and the district approve (村 → 镇 → 区), the applicant chooses cash, the district's fund administrator approves
 * the advance (the second administrator too if the advance needs four eyes). Each decision is taken
 * over HTTP as soon as the case shows its step open (`pendingTask` of that kind). The driver reads the
 * case (GET /cases/{id}, as the applicant) when a handler for the case has finished, or after
 * `fallbackPollMs` at the latest.
 */
export interface DriverContext {
  api: Api;
  probe: Instrumentation;
  reviewerToken: string;
  /** the village's town reviewer and its district's approver */
  townToken: string;
  districtToken: string;
  /** fund administrators of the district, in the order they approve */
  fundAdmins: { userId: string; token: string }[];
  /** the land leg (wave 2): the village's second reviewer, the district's land officer, the registrar */
  clerkToken: string;
  landOfficerToken: string;
  registrarToken: string;
  fallbackPollMs: number;
  /** the case must be closed by then (epoch ms) */
  deadline: number;
  onCreated?: (caseId: string) => void;
}

export interface CaseRun {
  caseId: string;
  startedAt: number;
  finishedAt: number;
  /** GET /cases/{id} issued by the driver itself */
  reads: number;
  /** answers 409 to a decision (the step not open yet, or a race), retried after the next read */
  conflicts: number;
  /** 5xx answers to a decision; the case is read again and the driver goes on from what it shows */
  serverErrors: string[];
}

interface CaseView {
  caseId: string;
  status: string;
  pendingTask?: { kind: string };
  advance?: { status: string; approvals?: { adminId: string }[] };
  documents: { documentId: string; kind: string; status: string }[];
}

const FAILED_END = new Set(['failed', 'rejected', 'ineligible', 'rights_blocked', 'withdrawn']);

export async function driveCase(ctx: DriverContext, household: BenchHousehold): Promise<CaseRun> {
  const { api } = ctx;
  const startedAt = Date.now();
  const created = await api.expect<{ caseId: string }>([201], 'POST', '/cases', {
    token: household.token,
    body: household.application,
  });
  const caseId = created.body.caseId;
  ctx.onCreated?.(caseId);
  await api.expect([202], 'POST', `/cases/${caseId}/submit`, { token: household.token });

  let reads = 0;
  let conflicts = 0;
  const serverErrors: string[] = [];
  /**
   * false on 409 (the step closed or a race was lost) and on 5xx (a decision may be stored even when
   * the answer is an error): the next read tells what happened
   */
  const decide = async (token: string, path: string, body: unknown): Promise<boolean> => {
    const answer = await api.call('POST', `/cases/${caseId}${path}`, { token, body });
    if (answer.status === 409) {
      conflicts += 1;
      return false;
    }
    if (answer.status >= 500 && serverErrors.length < 10) {
      serverErrors.push(`POST ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      return false;
    }
    if (answer.status < 200 || answer.status > 299)
      throw new ApiError('POST', path, answer.status, answer.body);
    return true;
  };

  // bounded by the deadline and by a hard cap on reads, whichever comes first
  for (let round = 0; round < 2_000; round += 1) {
    if (Date.now() > ctx.deadline) throw new Error(`case ${caseId} not closed before the deadline`);
    const seen = ctx.probe.generation(caseId);
    reads += 1;
    const { body: c } = await api.expect<CaseView>([200], 'GET', `/cases/${caseId}`, {
      token: household.token,
    });
    if (c.status === 'closed')
      return { caseId, startedAt, finishedAt: Date.now(), reads, conflicts, serverErrors };
    if (FAILED_END.has(c.status)) throw new Error(`case ${caseId} ended ${c.status}`);
    const step = c.pendingTask?.kind;
    let decided: boolean | undefined;
    if (c.status === 'village_review' && step === 'village_review') {
      decided = await decide(ctx.reviewerToken, '/review', {
        decision: 'approve',
        reasons: [],
        resolution: {
          meetingDate: new Date().toISOString().slice(0, 10),
          membersPresent: 40,
          votesFor: 38,
          votesAgainst: 1,
        },
      });
    } else if (c.status === 'town_review' && step === 'town_review') {
      decided = await decide(ctx.townToken, '/review', {
        decision: 'approve',
        reasonCodes: ['facts_verified'],
      });
    } else if (c.status === 'district_approval' && step === 'district_approval') {
      decided = await decide(ctx.districtToken, '/review', {
        decision: 'approve',
        reasonCodes: ['facts_verified'],
      });
    } else if (c.status === 'offers' && step === 'resettlement_choice') {
      decided = await decide(household.token, '/resettlement', { option: 'cash' });
    } else if (c.status === 'fund_review' && step === 'fund_review') {
      const approved = new Set((c.advance?.approvals ?? []).map((a) => a.adminId));
      const admin = ctx.fundAdmins.find((a) => !approved.has(a.userId));
      if (!admin) throw new Error(`case ${caseId}: every fund administrator has approved, still fund_review`);
      decided = await decide(admin.token, '/advance', { decision: 'approve', note: 'bench' });
    } else if (c.status === 'vacating' && step === 'vacated') {
      // the clerk photographs the vacated land; the milestone waits until the photo is verified
      const photo = c.documents.find((d) => d.kind === 'photo');
      if (!photo) await uploadPhoto(api, ctx.clerkToken, caseId);
      else if (photo.status === 'accepted') {
        decided = await decide(ctx.clerkToken, '/milestones', {
          kind: 'vacated',
          documentIds: [photo.documentId],
        });
      }
    } else if (c.status === 'disposing' && step === 'disposed') {
      decided = await decide(ctx.landOfficerToken, '/milestones', {
        kind: 'disposed',
        disposition: 'reclaimed',
        acceptanceNo: `FKYS-${caseId}`,
        acceptedAreaM2: household.acceptedAreaM2,
      });
    } else if (c.status === 'cancelling' && step === 'certificate_cancelled') {
      decided = await decide(ctx.registrarToken, '/milestones', {
        kind: 'certificate_cancelled',
        cancellationNo: `ZX-${caseId}`,
      });
    }
    // after a decision the case has moved: read it again at once; otherwise wait for a handler to finish
    if (decided === true) continue;
    await ctx.probe.waitForWake(caseId, seen, ctx.fallbackPollMs);
  }
  throw new Error(`case ${caseId} not closed after 2000 reads`);
}

/** A photo of the case by the village's clerk: the document, then its bytes to the presigned URL. */
async function uploadPhoto(api: Api, token: string, caseId: string): Promise<void> {
  const bytes = tinyPng();
  const ticket = await api.expect<{ uploadUrl: string; method: string; headers: Record<string, string> }>(
    [201],
    'POST',
    `/cases/${caseId}/documents`,
    { token, body: { kind: 'photo', contentType: 'image/png', sizeBytes: bytes.length } },
  );
  const put = await fetch(ticket.body.uploadUrl, {
    method: ticket.body.method,
    headers: ticket.body.headers,
    body: bytes,
  });
  if (!put.ok) throw new Error(`photo upload of ${caseId}: HTTP ${put.status}`);
}
