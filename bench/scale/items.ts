import { auditPut } from '../../shared/adapters/table/audit.js';
import { caseItem, type PendingToken } from '../../shared/adapters/table/caseRepository.js';
import { certificateItems } from '../../shared/adapters/table/certificates.js';
import { tableName } from '../../shared/adapters/table/dynamo.js';
import { householdItem } from '../../shared/adapters/table/registryRepository.js';
import { townOfVillage } from '../../shared/auth/town.js';
import { claimItem } from '../../shared/cases/landClaims.js';
import type { DocumentKind } from '../../shared/contract/documents.js';
import { type DocumentRecord, documentKey } from '../../shared/documents/documentModel.js';
import { documentItem } from '../../shared/documents/documentStore.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { DomainEventType } from '../../shared/domain/model/event.js';
import { type InboxItem, inboxItemSchema, inboxPut, recipients } from '../../shared/notifications/inbox.js';
import type { CaseBundle } from './cases.js';

/**
 * Every table item of one case, each made by the project's own item builder (caseItem, householdItem,
 * certificateItems, claimItem, documentItem, auditPut, inboxPut): the case, its household with the
 * certificate items, its land claims, 2–3 documents, the audit entry of its last move, and the inbox
 * notices its last move sent (the household's, and the role that must act next).
 */
export type Item = Record<string, unknown>;

const putItem = (t: { Put?: { Item?: Record<string, unknown> } }): Item => {
  const item = t.Put?.Item;
  if (!item) throw new Error('not a Put');
  return item;
};

const DOC_KINDS: Record<Case['type'], DocumentKind[]> = {
  homestead_exit: ['id_card', 'hukou', 'property_certificate'],
  contract_land_exit: ['id_card', 'hukou'],
  equity_exit: ['id_card', 'residence_proof'],
};

function documents(c: Case): DocumentRecord[] {
  const kinds = DOC_KINDS[c.type];
  const pending = c.status === 'draft';
  return kinds.map((kind, i) => {
    const documentId = `D-${c.caseId.slice(2)}-${i + 1}`;
    const createdAt = c.createdAt;
    return {
      kind,
      contentType: i === 0 ? 'image/jpeg' : 'application/pdf',
      sizeBytes: 180_000 + i * 41_000,
      documentId,
      caseId: c.caseId,
      key: documentKey(c.caseId, documentId),
      status: pending ? 'pending' : 'accepted',
      createdAt,
      ...(pending ? {} : { verifiedAt: createdAt, etag: `"${'0'.repeat(31)}${i}"` }),
      uploadedBy: `applicant-${c.householdId}`,
    };
  });
}

/** The event type a move into a status publishes (for the inbox notice it sends). */
const EVENT_OF: Partial<Record<Case['status'], DomainEventType>> = {
  draft: 'CaseCreated',
  submitted: 'CaseSubmitted',
  village_review: 'EligibilityAssessed',
  public_notice: 'PublicNoticeStarted',
  town_review: 'NoticeClosed',
  district_approval: 'ReviewDecided',
  offers: 'OffersComputed',
  cooling_off: 'CoolingOffStarted',
  fund_review: 'FundReviewOpened',
  closed: 'CaseClosed',
  withdrawn: 'CaseWithdrawn',
  rescinded: 'AgreementRescinded',
  failed: 'CaseFailed',
  awaiting_funds: 'AdvanceQueued',
  paying: 'CollectivePaymentDue',
};

/** Who must act on the case now, as the notifier addresses it (shared/notifications/inbox.ts). */
function actingRecipient(c: Case): string | undefined {
  switch (c.pendingTask?.kind) {
    case 'village_review':
    case 'vacated':
    case 'handed_over':
    case 'collective_payment':
      return recipients.village(c.village);
    case 'town_review':
      return recipients.town(townOfVillage(c.village));
    case 'district_approval':
      return recipients.districtApprovers(c.districtCode);
    case 'fund_review':
      return recipients.fundAdmins(c.districtCode);
    case 'disposed':
      return recipients.landOfficers(c.districtCode);
    case 'certificate_cancelled':
      return recipients.registrars();
    default:
      return undefined;
  }
}

export function notices(c: Case): InboxItem[] {
  const eventType = EVENT_OF[c.status] ?? 'ReviewDecided';
  const note = c.timeline.at(-1)?.note ?? c.status;
  const base = {
    at: c.updatedAt,
    eventType,
    caseId: c.caseId,
    titleZh: `案件 ${c.caseId}：${note}`,
    titleEn: `Case ${c.caseId}: ${c.status}`,
    bodyZh: `您的退出申请 ${c.caseId} 有新进展：${note}。`,
    bodyEn: `Case ${c.caseId} moved to ${c.status}.`,
  };
  const out: InboxItem[] = [
    {
      ...base,
      notificationId: `${eventType}:${c.caseId}:${c.version}`,
      recipient: recipients.household(c.householdId),
    },
  ];
  const acting = actingRecipient(c);
  if (acting) {
    out.push({
      ...base,
      titleZh: `待办：案件 ${c.caseId}`,
      bodyZh: `案件 ${c.caseId} 等待您处理，请在期限内办理。`,
      bodyEn: `Case ${c.caseId} waits for you.`,
      notificationId: `${eventType}:${c.caseId}:${c.version}:${acting}`,
      recipient: acting,
    });
  }
  // the same validation putInboxItem applies
  return out.map((n) => inboxItemSchema.parse(n));
}

/** The items of one case bundle. */
export function bundleItems(b: CaseBundle, now: string): Item[] {
  const c = b.case;
  const items: Item[] = [];
  // no task token: no execution carries a generated case until a restart re-drives it
  const token: PendingToken | undefined = undefined;
  items.push(caseItem(c, token));
  items.push(householdItem(b.household, 1, c.createdAt));
  for (const t of certificateItems(undefined, b.household, new Map(), c.createdAt)) {
    if (t.Put) items.push(putItem(t));
  }
  for (const ref of c.landClaims ?? [])
    items.push(claimItem(c.householdId, ref, c.caseId, c.timeline[3]?.at ?? now));
  for (const d of documents(c)) items.push(documentItem(d));
  // the audit entry of the case's last move only: its earlier ones are read by no route measured here
  // (GET /cases/{id}/audit is not among them), and a dozen items more per case would multiply the fill's
  // time on DynamoDB Local
  const last = b.steps.at(-1);
  const before = b.steps.at(-2);
  if (last) {
    items.push(
      putItem(
        auditPut(
          tableName(),
          {
            actor: c.timeline.at(-1)?.actor ?? 'system',
            action: `case.${last.status}`,
            caseId: c.caseId,
            ...(before ? { fromStatus: before.status } : {}),
            toStatus: last.status,
            auditId: `A-${c.caseId.slice(2)}-${b.steps.length}`,
          },
          last.at,
        ),
      ),
    );
  }
  for (const n of notices(c)) items.push(putItem(inboxPut(n)));
  return items;
}
