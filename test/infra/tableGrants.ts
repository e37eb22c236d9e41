import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/api/routes.js';
import {
  AUDIT_ITEM_ATTRIBUTES,
  AUDIT_PARTITIONS,
  DELETABLE,
  type Deletable,
} from '../../infra/constructs/appFunction.js';
import { ENTRY_METADATA } from '../../infra/workflow/asl.js';
import { auditPut } from '../../shared/adapters/table/audit.js';
import { ROUTE_IDS } from '../../shared/auth/authorization.js';
import { CHECKPOINT_ITEM_ATTRIBUTES, CHECKPOINT_PARTITION } from '../../shared/fund/reconcileCheckpoint.js';
import { type Resource, resourcesOfType, type Synthesized } from './synth.js';

/**
 * Issue 16: what each function may do to the table, read from the synthesized template. Nobody may
 * delete beyond the partitions DELETABLE names or write in bulk; a document download may append an
 * audit item and nothing else. test/infra/synth.test.ts checks the deletes against the bundles' code.
 */
let synthesized: (() => Synthesized) | undefined;
/** the synthesis of the file that runs these tests (one synthesis per file: each costs seconds) */
const s = {
  get json() {
    if (!synthesized) throw new Error('describeTableGrants was not called');
    return synthesized().json;
  },
};

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string[]>>;
}

/** The table statements (Resource: the table's ARN) of the function whose entry is `entry`. */
function tableStatements(entry: string): Statement[] {
  const [, fn] =
    resourcesOfType(s.json, 'AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.[ENTRY_METADATA] === entry,
    ) ?? [];
  if (!fn) throw new Error(`no function for ${entry}`);
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const [tableId] = resourcesOfType(s.json, 'AWS::DynamoDB::Table')[0] ?? [];
  return resourcesOfType(s.json, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((st) => JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }));
}

const REGISTRY_IMPORT_WORKER = 'functions/registry/importRegistry.ts';

const actionsOf = (st: Statement) => ([] as string[]).concat(st.Action);
const ours = () =>
  resourcesOfType(s.json, 'AWS::Lambda::Function')
    .map(([, r]: [string, Resource]) => r.Metadata?.[ENTRY_METADATA])
    .filter((e): e is string => typeof e === 'string');

/** The partition prefixes a function may delete in, from its DeleteItem statements' LeadingKeys. */
function deletable(entry: string): string[] {
  return tableStatements(entry)
    .filter((st) => actionsOf(st).includes('dynamodb:DeleteItem'))
    .flatMap((st) => {
      const keys = st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      // a DeleteItem without a leading-key condition would reach every partition
      expect(keys, `${entry}: DeleteItem without dynamodb:LeadingKeys`).toBeDefined();
      expect(actionsOf(st), entry).toEqual(['dynamodb:DeleteItem']);
      return keys ?? [];
    })
    .sort();
}

const prefixes = (names: readonly Deletable[]) => names.map((n) => `${DELETABLE[n]}*`).sort();

/** The table-grant tests, run by test/infra/edge.test.ts on its own synthesis. */
export function describeTableGrants(get: () => Synthesized): void {
  synthesized = get;
  describe('table grants', () => {
    it('no function may scan, write or read in bulk, and every table action is one of the narrow set', () => {
      const entries = ours();
      expect(entries.length).toBeGreaterThan(40);
      const allowed = new Set([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
      ]);
      for (const entry of entries) {
        for (const st of tableStatements(entry)) {
          for (const a of actionsOf(st)) {
            // issue 19: the registry import's worker reads a file's stored households in bulk (read only)
            if (entry === REGISTRY_IMPORT_WORKER && a === 'dynamodb:BatchGetItem') continue;
            expect(allowed.has(a), `${entry}: ${a}`).toBe(true);
          }
        }
      }
    });

    it('DeleteItem only in the partitions each route names, plus a POST’s own idempotency records', () => {
      for (const id of ROUTE_IDS) {
        const spec = ROUTES[id];
        const expected = prefixes([
          ...(spec.method === 'POST' ? (['idempotency'] as const) : []),
          ...(spec.deletes ?? []),
        ]);
        expect(deletable(`functions/api/${id}.ts`), id).toEqual(expected);
      }
      // outside the API only the assessment, which gives back an ineligible case's land claims,
      const others = ours().filter((e) => !e.startsWith('functions/api/'));
      // and the registry import's worker, which moves certificate numbers as PUT /registry/households does
      for (const entry of others) {
        expect(deletable(entry), entry).toEqual(
          entry === 'functions/workflow/assessCase.ts'
            ? prefixes(['landClaims'])
            : entry === REGISTRY_IMPORT_WORKER
              ? prefixes(['certificates'])
              : [],
        );
      }
      // never where the case, its audit trail, the ledger or the fund live
      for (const prefix of Object.values(DELETABLE)) {
        expect(['CASE#', 'AUDIT#', 'FUND#', 'POLICY#', 'REPORT#']).not.toContain(prefix);
      }
    });

    it('a document download appends an audit item and nothing else: PutItem in audit partitions, audit attributes only', () => {
      const appenders = ROUTE_IDS.filter((id) => ROUTES[id].table === 'readAppend');
      expect(appenders.sort()).toEqual(['getAgreement', 'getDocument', 'getNoticeList', 'getPaymentReceipt']);
      for (const id of appenders) {
        const statements = tableStatements(`functions/api/${id}.ts`);
        const writes = statements.filter((st) =>
          actionsOf(st).some((a) => a !== 'dynamodb:GetItem' && a !== 'dynamodb:Query'),
        );
        expect(writes, id).toHaveLength(1);
        const [put] = writes;
        expect(actionsOf(put as Statement), id).toEqual(['dynamodb:PutItem']);
        expect(put?.Condition, id).toEqual({
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': AUDIT_PARTITIONS.map((p) => `${p}*`) },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...AUDIT_ITEM_ATTRIBUTES] },
        });
      }
    });

    it('the audit condition admits every audit item auditPut writes, and no case, document or ledger attribute', () => {
      const full = {
        actor: 'a',
        action: 'document.accessed',
        fromStatus: 'submitted',
        toStatus: 'village_review',
        reason: 'r',
        detail: { x: 1 },
      } as const;
      const items = [
        auditPut('t', { ...full, caseId: 'C-1' }, '2026-01-01T00:00:00.000Z').Put.Item,
        auditPut('t', { ...full, entity: 'VILLAGE#370302101201' }, '2026-01-01T00:00:00.000Z').Put.Item,
      ];
      for (const item of items) {
        for (const name of Object.keys(item)) expect(AUDIT_ITEM_ATTRIBUTES, name).toContain(name);
        expect(
          AUDIT_PARTITIONS.some((p) => String(item.PK).startsWith(p)),
          String(item.PK),
        ).toBe(true);
      }
      for (const name of ['data', 'status', 'version', 'taskToken', 'amountFen', 'GSI1PK']) {
        expect(AUDIT_ITEM_ATTRIBUTES, name).not.toContain(name);
      }
    });

    it('GET /fund may put the reconciliation checkpoint and nothing else: its partition, its attributes', () => {
      const checkpointers = ROUTE_IDS.filter((id) => ROUTES[id].table === 'readCheckpoint');
      expect(checkpointers).toEqual(['getFund']);
      const writes = tableStatements('functions/api/getFund.ts').filter((st) =>
        actionsOf(st).some((a) => a !== 'dynamodb:GetItem' && a !== 'dynamodb:Query'),
      );
      expect(writes).toHaveLength(1);
      expect(actionsOf(writes[0] as Statement)).toEqual(['dynamodb:PutItem']);
      expect(writes[0]?.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${CHECKPOINT_PARTITION}*`] },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...CHECKPOINT_ITEM_ATTRIBUTES] },
      });
      // the balance item's and the ledger's partition is not the checkpoint's
      expect('FUND#370302'.startsWith(CHECKPOINT_PARTITION)).toBe(false);
      for (const name of ['data', 'status', 'queuedCount', 'queueVersion', 'amountFen', 'GSI1PK']) {
        expect(CHECKPOINT_ITEM_ATTRIBUTES, name).not.toContain(name);
      }
    });

    it('reads never write: GET routes other than downloads hold GetItem and Query only', () => {
      for (const id of ROUTE_IDS.filter((r) => ROUTES[r].table === 'read')) {
        const actions = tableStatements(`functions/api/${id}.ts`).flatMap(actionsOf);
        expect(new Set(actions), id).toEqual(new Set(['dynamodb:GetItem', 'dynamodb:Query']));
      }
    });
  });
}
