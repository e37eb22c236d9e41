import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/api/routes.js';
import {
  API_STAGE,
  CALLBACK_PATH,
  CUSTOM_ATTRIBUTES,
  DOCUMENT_MEMORY_MB,
  PORTAL_SCOPES,
  validDomainPrefix,
} from '../../infra/constructs/api.js';
import { TTL_ATTRIBUTE } from '../../infra/constructs/data.js';
import { CONFIG_KEY } from '../../infra/constructs/portal.js';
import { IMPORT_MEMORY_MB, IMPORT_TIMEOUT } from '../../infra/constructs/registryImports.js';
import { UPLOAD_PREFIX } from '../../infra/constructs/uploads.js';
import {
  DOCUMENT_FONT_FILE,
  DOCUMENT_FONTS_SOURCE,
  LAYER_SOURCE_METADATA,
} from '../../infra/layers/documentFonts.js';
import { projectPath } from '../../infra/paths.js';
import { ENTRY_METADATA } from '../../infra/workflow/asl.js';
import { WORKFLOW_TASKS } from '../../infra/workflow/caseStates.js';
import { TABLE_INDEXES, TABLE_KEYS } from '../../shared/adapters/tableDesign.js';
import { ROUTE_IDS } from '../../shared/auth/authorization.js';
import { ROLES } from '../../shared/auth/principal.js';
import { UPLOAD_SIGNED_HEADERS } from '../../shared/documents/documentModel.js';
import { REGISTRY_UPLOAD_PREFIX } from '../../shared/registryImport/documentRecord.js';
import { IMPORT_EVENT_SOURCE } from '../../shared/registryImport/handOff.js';
import {
  type Resource,
  resourcesOfType,
  type Synthesized,
  synthesize,
  synthesizeShared,
  synthesizeWithPortal,
} from './synth.js';

/** The stack's resources and their safety settings, read from the synthesized template. */
let s: Synthesized;
beforeAll(() => {
  s = synthesizeShared();
});
afterAll(() => s?.cleanup());

const byPrefix = (type: string, prefix: string): [string, Resource] => {
  const found = resourcesOfType(s.json, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${found.length}`);
  return found[0] as [string, Resource];
};

/** Our functions carry their entry file; CDK's own custom-resource functions do not. */
const appFunctions = () =>
  resourcesOfType(s.json, 'AWS::Lambda::Function').filter(
    ([, r]) => typeof r.Metadata?.[ENTRY_METADATA] === 'string',
  );

describe('data', () => {
  it('the table is on-demand with point-in-time recovery, deletion protection and retain on delete', () => {
    const [, table] = byPrefix('AWS::DynamoDB::Table', 'DataTable');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it('declares exactly the secondary indexes of the table design', () => {
    const [, table] = byPrefix('AWS::DynamoDB::Table', 'DataTable');
    const gsis = table.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown }[];
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(TABLE_INDEXES.map((i) => i.indexName).sort());
    for (const index of TABLE_INDEXES) {
      expect(gsis.find((g) => g.IndexName === index.indexName)?.KeySchema).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ]);
    }
  });

  it('the documents bucket is private, encrypted, versioned, access-logged and retained', () => {
    const [, logs] = byPrefix('AWS::S3::Bucket', 'DataAccessLogs');
    const [id, bucket] = byPrefix('AWS::S3::Bucket', 'DataDocuments');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: byPrefix('AWS::S3::Bucket', 'DataAccessLogs')[0] },
        LogFilePrefix: 'documents/',
      },
    });
    expect(id).toMatch(/^DataDocuments/);
    // browsers upload with the presigned PUT from the portal's origin, and only that
    const cors = (bucket.Properties.CorsConfiguration as { CorsRules: Record<string, unknown>[] }).CorsRules;
    expect(cors).toHaveLength(1);
    expect(cors[0]?.AllowedMethods).toEqual(['PUT']);
    expect(JSON.stringify(cors[0]?.AllowedOrigins)).toContain('PortalCdn');
    // every header the portal sends with the presigned PUT passes the browser's preflight (issue 16):
    // the ticket's headers, less those the browser sets itself (DocumentUploader skips them too)
    const sent = UPLOAD_SIGNED_HEADERS.filter((h) => !['content-length', 'host'].includes(h));
    expect(sent).toContain('if-none-match');
    for (const header of sent) expect(cors[0]?.AllowedHeaders, header).toContain(header);
  });

  it('every bucket blocks public access, is encrypted, and refuses plain HTTP', () => {
    const buckets = resourcesOfType(s.json, 'AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    const policies = resourcesOfType(s.json, 'AWS::S3::BucketPolicy');
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption, id).toBeDefined();
      const policy = policies.find(
        ([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }),
      );
      expect(policy, `${id} has a bucket policy`).toBeDefined();
      const statements = (
        (policy?.[1].Properties.PolicyDocument ?? { Statement: [] }) as {
          Statement: Record<string, unknown>[];
        }
      ).Statement;
      expect(
        statements.some(
          (st) =>
            st.Effect === 'Deny' &&
            JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
        `${id} denies requests without TLS`,
      ).toBe(true);
    }
  });

  it('uploads under cases/ and registry-imports/ notify the upload verifier', () => {
    const [verifyId] =
      appFunctions().find(
        ([, r]) => r.Metadata?.[ENTRY_METADATA] === 'functions/documents/verifyUpload.ts',
      ) ?? [];
    expect(verifyId).toBeDefined();
    s.template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [UPLOAD_PREFIX, REGISTRY_UPLOAD_PREFIX].map((prefix) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [verifyId, 'Arn'] },
        })),
      },
    });
  });
});

describe('functions', () => {
  it('there is one function per API route, per workflow task, the notifier, the reporting projection, the upload verifier and the registry import', () => {
    const entries = appFunctions().map(([, r]) => r.Metadata?.[ENTRY_METADATA]);
    expect(entries.sort()).toEqual(
      [
        ...ROUTE_IDS.map((id) => `functions/api/${id}.ts`),
        ...WORKFLOW_TASKS.map((t) => `functions/workflow/${t}.ts`),
        'functions/events/notify.ts',
        'functions/events/reportingProjection.ts',
        'functions/documents/verifyUpload.ts',
        'functions/auth/staffSignIn.ts',
        'functions/registry/importRegistry.ts',
      ].sort(),
    );
  });

  it('every function is Node 22 on arm64 with X-Ray, Powertools settings and its own retained log group', () => {
    const logGroups = Object.fromEntries(resourcesOfType(s.json, 'AWS::Logs::LogGroup'));
    for (const [id, fn] of appFunctions()) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'homestead-exit',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      });
      const ref = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[ref]?.Properties.RetentionInDays, id).toBeGreaterThan(0);
      expect(logGroups[ref]?.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('no function role has a managed policy, and no statement grants "*" beyond the X-Ray and log-delivery actions that have no resource-level form', () => {
    const ours = new Set(
      appFunctions().map(
        ([, fn]) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
      ),
    );
    const [, sm] = resourcesOfType(s.json, 'AWS::StepFunctions::StateMachine')[0] ?? [];
    if (!sm) throw new Error('no state machine');
    ours.add((sm.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
    for (const id of ours) expect(s.json.Resources[id]?.Properties?.ManagedPolicyArns, id).toBeUndefined();

    const starOnly = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]);
    let checked = 0;
    for (const [id, policy] of resourcesOfType(s.json, 'AWS::IAM::Policy')) {
      const roles = (policy.Properties.Roles as { Ref: string }[]).map((r) => r.Ref);
      if (!roles.some((r) => ours.has(r))) continue;
      for (const st of (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
        .Statement) {
        checked += 1;
        const actions = ([] as string[]).concat(st.Action as string | string[]);
        const resources = ([] as unknown[]).concat(st.Resource);
        expect(
          actions.filter((a) => a.includes('*')),
          `${id}: no wildcard actions`,
        ).toEqual([]);
        expect(
          actions.filter((a) => a === 'dynamodb:Scan'),
          `${id}: no Scan`,
        ).toEqual([]);
        if (resources.includes('*')) {
          expect(
            actions.filter((a) => !starOnly.has(a)),
            `${id}: only resource-less actions on "*"`,
          ).toEqual([]);
        }
        expect(JSON.stringify(resources), `${id}: no index/*`).not.toContain('/index/*');
      }
    }
    expect(checked).toBeGreaterThan(ours.size);
  });

  it('viewing a document may append its audit entry but neither update nor delete anything in the table', () => {
    const [, fn] =
      appFunctions().find(([, r]) => r.Metadata?.[ENTRY_METADATA] === 'functions/api/getDocument.ts') ?? [];
    if (!fn) throw new Error('no getDocument function');
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const actions = resourcesOfType(s.json, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
      .flatMap((st) => ([] as string[]).concat(st.Action as string | string[]))
      .filter((a) => a.startsWith('dynamodb:'));
    // PutItem only of an audit item (test/infra/tableGrants.ts (run by edge.test.ts))
    expect(new Set(actions)).toEqual(new Set(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']));
  });

  it('the documents font is one layer, carried only by the functions that set a PDF, at the path they read', () => {
    const layers = resourcesOfType(s.json, 'AWS::Lambda::LayerVersion');
    // the font's and the document libraries' (issue 17; test/infra/synth.test.ts loads a function with it)
    expect(layers).toHaveLength(2);
    const fontLayers = layers.filter(
      ([, l]) => l.Metadata?.[LAYER_SOURCE_METADATA] === DOCUMENT_FONTS_SOURCE,
    );
    expect(fontLayers).toHaveLength(1);
    const [layerId, layer] = fontLayers[0] as [string, Resource];
    const libraryLayerId = layers.map(([id]) => id).find((id) => id !== layerId);
    expect(layer.Properties.CompatibleArchitectures).toEqual(['arm64']);
    // the folder holds the font and its licence, nothing else
    expect(readdirSync(projectPath(DOCUMENT_FONTS_SOURCE, 'fonts')).sort()).toEqual([
      'NotoSansSC-Regular.otf',
      'OFL.txt',
    ]);
    const withFont = (Object.keys(ROUTES) as (keyof typeof ROUTES)[])
      .filter((id) => ROUTES[id].documentFont)
      .map((id) => `functions/api/${id}.ts`)
      .sort();
    expect(withFont).toEqual(
      [
        'functions/api/chooseResettlement.ts',
        'functions/api/getAgreement.ts',
        'functions/api/getNoticeList.ts',
        'functions/api/getPaymentReceipt.ts',
      ].sort(),
    );
    for (const [id, fn] of appFunctions()) {
      const entry = fn.Metadata?.[ENTRY_METADATA] as string;
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const fnLayers = (fn.Properties.Layers as unknown[] | undefined) ?? [];
      // pdfmake and fontkit (the PDFs), exceljs (the exports), pdf-lib's parser (the upload verifier)
      const withLibraries = [
        ...withFont,
        'functions/api/exportLedger.ts',
        'functions/api/getQuarterlyReport.ts',
        'functions/documents/verifyUpload.ts',
        // exceljs: the registry import's template, its start (the header check) and its worker (issue 19)
        'functions/api/getRegistryImportTemplate.ts',
        'functions/api/startRegistryImport.ts',
        'functions/registry/importRegistry.ts',
      ];
      expect(
        fnLayers.some((l) => (l as { Ref?: string }).Ref === libraryLayerId),
        id,
      ).toBe(withLibraries.includes(entry));
      if (withFont.includes(entry)) {
        expect(fnLayers, id).toContainEqual({ Ref: layerId });
        expect(fnLayers, id).toHaveLength(2);
        expect(fn.Properties.MemorySize, id).toBe(DOCUMENT_MEMORY_MB);
        expect(vars.DOCUMENT_FONT, id).toBe(`/opt/${DOCUMENT_FONT_FILE}`);
      } else {
        expect(fnLayers, id).not.toContainEqual({ Ref: layerId });
        expect(vars.DOCUMENT_FONT, id).toBeUndefined();
      }
    }
  });

  it('only the decision handlers (and registerTask, for a payment that beat its token) may resume a human step; only submit, appeal and registerTask (a case outliving its execution) may start one', () => {
    const fnByRole = new Map(
      appFunctions().map(([, fn]) => [
        (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
        String(fn.Metadata?.[ENTRY_METADATA]),
      ]),
    );
    const holders = (action: string) => {
      const out = new Set<string>();
      for (const [, policy] of resourcesOfType(s.json, 'AWS::IAM::Policy')) {
        const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
          .Statement;
        if (!statements.some((st) => ([] as string[]).concat(st.Action as string[]).includes(action)))
          continue;
        for (const r of policy.Properties.Roles as { Ref: string }[]) out.add(fnByRole.get(r.Ref) ?? r.Ref);
      }
      return [...out].sort();
    };
    const decisionHandlers = ROUTE_IDS.filter((id) => ROUTES[id].workflow?.includes('respond'));
    expect(holders('states:SendTaskSuccess')).toEqual(
      [
        ...decisionHandlers.map((id) => `functions/api/${id}.ts`),
        'functions/workflow/registerTask.ts',
      ].sort(),
    );
    expect(decisionHandlers.sort()).toEqual(
      [
        'answerCollectivePayment',
        'chooseResettlement',
        'createReplenishment',
        'decideAdvance',
        // issue 16: an approved replenishment pays queued advances, which resumes their awaiting_funds steps
        'decideFundApproval',
        'recordMilestone',
        'reviewCase',
        'submitCase',
        'withdrawCase',
      ].sort(),
    );
    expect(holders('states:StartExecution')).toEqual([
      'functions/api/appealCase.ts',
      'functions/api/submitCase.ts',
      'functions/workflow/registerTask.ts',
    ]);
  });
});

describe('events', () => {
  it('a custom bus, archived, with rules to the notifier, the reporting projection and the registry import, each with a DLQ', () => {
    const [busId] = byPrefix('AWS::Events::EventBus', 'EventsBus');
    s.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { source: ['homestead-exit'] },
    });
    const rules = resourcesOfType(s.json, 'AWS::Events::Rule');
    expect(rules).toHaveLength(4);
    for (const [id, rule] of rules) {
      expect(rule.Properties.EventBusName, id).toEqual({ Ref: busId });
      // the registry import's starts have a source of their own, which no domain-event rule matches
      expect((rule.Properties.EventPattern as { source: string[] }).source, id).toEqual([
        id.startsWith('RegistryImportsToImports') ? IMPORT_EVENT_SOURCE : 'homestead-exit',
      ]);
      for (const target of rule.Properties.Targets as Record<string, unknown>[]) {
        expect(target.DeadLetterConfig, `${id} target has a DLQ`).toBeDefined();
        expect(target.RetryPolicy, `${id} target retries`).toBeDefined();
      }
    }
  });

  it('asynchronously invoked functions (notify, verifyUpload) have a dead-letter queue', () => {
    for (const entry of ['functions/events/notify.ts', 'functions/documents/verifyUpload.ts']) {
      const fn = appFunctions().find(([, r]) => r.Metadata?.[ENTRY_METADATA] === entry)?.[1];
      expect(fn?.Properties.DeadLetterConfig, entry).toBeDefined();
    }
  });

  it('the reporting projection consumes the Projection queue in batches of 10 and reports failed messages one by one', () => {
    const [fnId, fn] =
      appFunctions().find(
        ([, r]) => r.Metadata?.[ENTRY_METADATA] === 'functions/events/reportingProjection.ts',
      ) ?? [];
    if (!fnId || !fn) throw new Error('no reporting projection function');
    const queues = resourcesOfType(s.json, 'AWS::SQS::Queue');
    const [queueId, queue] = queues.find(([id]) => /^EventsProjection[A-F0-9]{8}$/.test(id)) ?? [];
    const [dlqId] = queues.find(([id]) => id.startsWith('EventsProjectionDeadLetters')) ?? [];
    if (!queueId || !queue || !dlqId) throw new Error('no Projection queue or its dead-letter queue');

    // the local runtime finds a queue's consumer by exactly these two references
    const mappings = resourcesOfType(s.json, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => (m.Properties.FunctionName as { Ref?: string }).Ref === fnId,
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: fnId },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(mappings[0]?.[1].Properties.ScalingConfig).toEqual({ MaximumConcurrency: 2 });

    // the rule's target is that queue, and what keeps failing there ends in its dead-letter queue
    const [, rule] =
      resourcesOfType(s.json, 'AWS::Events::Rule').find(([id]) => id.startsWith('EventsToProjection')) ?? [];
    if (!rule) throw new Error('no rule to the Projection queue');
    expect((rule.Properties.Targets as { Arn: unknown }[]).map((t) => t.Arn)).toEqual([
      { 'Fn::GetAtt': [queueId, 'Arn'] },
    ]);
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: 5,
    });
    // a message must not become visible again while the batch that holds it is still running
    expect(queue.Properties.VisibilityTimeout as number).toBeGreaterThanOrEqual(
      6 * (fn.Properties.Timeout as number),
    );

    // least privilege: SQS actions only on that queue, data actions only on the table (and its indexes),
    // nothing on the bus, the state machine or the documents bucket
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const [tableId] = byPrefix('AWS::DynamoDB::Table', 'DataTable');
    const statements = resourcesOfType(s.json, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap(
        ([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
    const services = new Set<string>();
    for (const st of statements) {
      const actions = ([] as string[]).concat(st.Action as string | string[]);
      const resources = JSON.stringify(st.Resource);
      for (const a of actions) services.add(a.split(':')[0] ?? a);
      if (actions.some((a) => a.startsWith('sqs:'))) {
        expect(actions.every((a) => a.startsWith('sqs:'))).toBe(true);
        expect(actions).not.toContain('sqs:SendMessage');
        expect(st.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      }
      if (actions.some((a) => a.startsWith('dynamodb:'))) expect(resources).toContain(tableId);
    }
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'sqs', 'xray']);
    expect(fn.Properties.Environment).toMatchObject({ Variables: { TABLE_NAME: { Ref: tableId } } });
  });

  it('the registry import: its rule → its queue → the worker one message at a time, 15 min and six times that of visibility, a DLQ', () => {
    const [fnId, fn] =
      appFunctions().find(
        ([, r]) => r.Metadata?.[ENTRY_METADATA] === 'functions/registry/importRegistry.ts',
      ) ?? [];
    if (!fnId || !fn) throw new Error('no registry import worker');
    expect(fn.Properties.Timeout).toBe(IMPORT_TIMEOUT.toSeconds());
    expect(fn.Properties.Timeout).toBe(900);
    expect(fn.Properties.MemorySize).toBe(IMPORT_MEMORY_MB);
    const queues = resourcesOfType(s.json, 'AWS::SQS::Queue');
    const [queueId, queue] = queues.find(([id]) => /^RegistryImportsQueue[A-F0-9]{8}$/.test(id)) ?? [];
    const [dlqId] = queues.find(([id]) => id.startsWith('RegistryImportsDeadLetters')) ?? [];
    if (!queueId || !queue || !dlqId) throw new Error('no import queue or its dead-letter queue');
    const mappings = resourcesOfType(s.json, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => (m.Properties.FunctionName as { Ref?: string }).Ref === fnId,
    );
    expect(mappings.map(([, m]) => m.Properties)).toEqual([
      expect.objectContaining({ EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] }, BatchSize: 1 }),
    ]);
    const [, rule] =
      resourcesOfType(s.json, 'AWS::Events::Rule').find(([id]) =>
        id.startsWith('RegistryImportsToImports'),
      ) ?? [];
    if (!rule) throw new Error('no rule to the import queue');
    expect((rule.Properties.Targets as { Arn: unknown }[]).map((t) => t.Arn)).toEqual([
      { 'Fn::GetAtt': [queueId, 'Arn'] },
    ]);
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: 3,
    });
    expect(queue.Properties.VisibilityTimeout).toBe(6 * 900);
    // the file under registry-imports/ only, read; no bus, no workflow
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = resourcesOfType(s.json, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap(
        ([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
    const actions = statements.flatMap((st) => ([] as string[]).concat(st.Action as string | string[]));
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
    expect(JSON.stringify(statements.find((st) => st.Action === 's3:GetObject')?.Resource)).toContain(
      `/${REGISTRY_UPLOAD_PREFIX}*`,
    );
    expect(actions.some((a) => a.startsWith('events:') || a.startsWith('states:'))).toBe(false);
  });

  it('every queue is encrypted and refuses plain HTTP', () => {
    const queues = resourcesOfType(s.json, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(4);
    const policies = resourcesOfType(s.json, 'AWS::SQS::QueuePolicy');
    for (const [id, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
      const policy = policies.find(([, p]) =>
        (p.Properties.Queues as { Ref: string }[]).some((q) => q.Ref === id),
      );
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument), id).toContain(
        '"aws:SecureTransport":"false"',
      );
    }
  });
});

describe('identity and API', () => {
  it('the user pool has a group per role and the scope attributes, and only staff create accounts', () => {
    const groups = resourcesOfType(s.json, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
    // written out: API.md's Identity groups and Wave 2's review chain and land leg
    expect(groups).toEqual(
      expect.arrayContaining([
        'applicant',
        'village_reviewer',
        'fund_admin',
        'registrar',
        'auditor',
        'town_reviewer',
        'district_approver',
        'land_officer',
      ]),
    );
    expect([...CUSTOM_ATTRIBUTES].sort()).toEqual(['district', 'householdId', 'town', 'village']);
    const [, pool] = byPrefix('AWS::Cognito::UserPool', 'ApiUsers');
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    const schema = pool.Properties.Schema as { Name: string; AttributeDataType: string; Mutable: boolean }[];
    for (const name of CUSTOM_ATTRIBUTES) {
      expect(schema, name).toContainEqual(
        expect.objectContaining({ Name: name, AttributeDataType: 'String' }),
      );
    }
    // the town is declared as the village is (principal.ts checks it is nine digits)
    const declared = (name: string) => {
      const { Name: _, ...rest } = schema.find((a) => a.Name === name) ?? { Name: name };
      return rest;
    };
    expect(declared('town')).toEqual(declared('village'));
    expect(declared('town')).toMatchObject({ Mutable: true });
    const [, client] = byPrefix('AWS::Cognito::UserPoolClient', 'ApiUsersPortal');
    expect((client.Properties.WriteAttributes as string[]).filter((a) => a.startsWith('custom:'))).toEqual(
      [],
    );
  });

  it('a JWT authorizer on the user pool guards every route, and every route of API.md is wired', () => {
    const [clientId] = byPrefix('AWS::Cognito::UserPoolClient', 'ApiUsersPortal');
    const [authorizerId, authorizer] = byPrefix('AWS::ApiGatewayV2::Authorizer', 'ApiHttpCognitoJwt');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: clientId }] },
    });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration)).toContain('cognito-idp');
    const routes = resourcesOfType(s.json, 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      ROUTE_IDS.map((id) => `${ROUTES[id].method} ${ROUTES[id].path}`).sort(),
    );
    for (const [id, route] of routes) {
      expect(route.Properties, id).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('the api stage logs access without headers and throttles', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: API_STAGE,
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it("CloudFront serves the portal from a private bucket and /api/* from the HTTP API's custom domain", () => {
    const [, dist] = byPrefix('AWS::CloudFront::Distribution', 'PortalCdn');
    const config = dist.Properties.DistributionConfig as Record<string, unknown>;
    const behaviors = config.CacheBehaviors as {
      PathPattern: string;
      TargetOriginId: string;
      AllowedMethods: string[];
    }[];
    expect(behaviors.map((b) => b.PathPattern)).toEqual([`/${API_STAGE}/*`]);
    const origins = config.Origins as { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
    const apiOrigin = origins.find((o) => o.Id === behaviors[0]?.TargetOriginId);
    // the API's own domain (the execute-api endpoint is disabled: test/infra/edge.test.ts)
    expect(apiOrigin?.DomainName).toEqual({
      Ref: byPrefix('AWS::ApiGatewayV2::DomainName', 'ApiOriginDomain')[0],
    });
    expect(behaviors[0]?.AllowedMethods).toContain('POST');
    expect(origins.some((o) => o.OriginAccessControlId !== undefined)).toBe(true);
    expect(config.Logging).toBeDefined();
  });
});

/** `https://<the distribution's domain><path>`, as the template spells it. */
const onDistribution = (distributionId: string, path: string) => ({
  'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, path]],
});

/** Resources each resource needs first (Ref, Fn::GetAtt, Fn::Sub and DependsOn), as CloudFormation orders them. */
function dependencies(json: Synthesized['json']): Map<string, Set<string>> {
  const ids = new Set(Object.keys(json.Resources));
  const graph = new Map<string, Set<string>>();
  const collect = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) {
      for (const v of value) collect(v, into);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof v === 'string' && ids.has(v)) into.add(v);
      else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(v) ? v[0] : String(v).split('.')[0];
        if (typeof target === 'string' && ids.has(target)) into.add(target);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        for (const m of String(text).matchAll(/\$\{([^}.!]+)[^}]*\}/g))
          if (ids.has(m[1] ?? '')) into.add(m[1] ?? '');
        if (Array.isArray(v)) collect(v[1], into);
      } else collect(v, into);
    }
  };
  for (const [id, r] of Object.entries(json.Resources)) {
    const deps = new Set<string>();
    collect((r as Resource).Properties, deps);
    for (const d of ([] as unknown[]).concat((r as Resource).DependsOn ?? [])) deps.add(String(d));
    graph.set(id, deps);
  }
  return graph;
}

/** A dependency cycle of the template (CloudFormation refuses one; `cdk synth` does not notice), if any. */
function findCycle(json: Synthesized['json']): string[] | undefined {
  const graph = dependencies(json);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('sign-in (managed login)', () => {
  it('the user pool has a Cognito domain with managed login, and the portal client a login style', () => {
    const [poolId] = byPrefix('AWS::Cognito::UserPool', 'ApiUsers');
    const [clientId] = byPrefix('AWS::Cognito::UserPoolClient', 'ApiUsersPortal');
    const [, domain] = byPrefix('AWS::Cognito::UserPoolDomain', 'ApiUsersDomain');
    expect(domain.Properties).toMatchObject({ UserPoolId: { Ref: poolId }, ManagedLoginVersion: 2 });
    // unique per stack without context: the stack name and a part of the stack id
    const prefix = JSON.stringify(domain.Properties.Domain);
    expect(prefix).toContain('homesteadexit-');
    expect(prefix).toContain('AWS::StackId');
    expect(domain.Properties.CustomDomainConfig).toBeUndefined();
    const [, style] = byPrefix('AWS::Cognito::ManagedLoginBranding', 'ApiPortalLoginStyle');
    expect(style.Properties).toEqual({
      UserPoolId: { Ref: poolId },
      ClientId: { Ref: clientId },
      UseCognitoProvidedValues: true,
    });
  });

  it('the portal client: authorization code only, the scopes the portal asks for, no secret, back to the distribution', () => {
    const [, client] = byPrefix('AWS::Cognito::UserPoolClient', 'ApiUsersPortal');
    const [distributionId] = byPrefix('AWS::CloudFront::Distribution', 'PortalCdn');
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [onDistribution(distributionId, CALLBACK_PATH)],
      LogoutURLs: [onDistribution(distributionId, '/')],
      EnableTokenRevocation: true,
    });
    // a working day without signing in again (issue 18 item 6): the refresh token outlives it
    const refresh = client.Properties.RefreshTokenValidity as number;
    const unit =
      (client.Properties.TokenValidityUnits as { RefreshToken?: string } | undefined)?.RefreshToken ?? 'days';
    expect(unit === 'days' ? refresh * 24 : unit === 'hours' ? refresh : refresh / 60).toBeGreaterThanOrEqual(
      10,
    );
    expect([...(client.Properties.AllowedOAuthScopes as string[])].sort()).toEqual([...PORTAL_SCOPES].sort());
    expect(CALLBACK_PATH).toBe('/auth/callback');
  });

  it('households sign in with their phone number; codes, invitations and recovery go to a verified phone first (never the one that is their second factor)', () => {
    const [, pool] = byPrefix('AWS::Cognito::UserPool', 'ApiUsers');
    expect(pool.Properties.UsernameAttributes).toBeUndefined();
    expect([...(pool.Properties.AliasAttributes as string[])].sort()).toEqual(['email', 'phone_number']);
    expect(pool.Properties.AutoVerifiedAttributes).toContain('phone_number');
    expect(pool.Properties.Schema).toContainEqual(
      expect.objectContaining({ Name: 'phone_number', Mutable: true, Required: false }),
    );
    expect(pool.Properties.AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [
        { Name: 'verified_phone_number', Priority: 1 },
        { Name: 'verified_email', Priority: 2 },
      ],
    });
    // MFA for everyone: households by SMS, staff by an app (test/infra/edge.test.ts, test/auth/staffMfa.test.ts)
    expect(pool.Properties.MfaConfiguration).toBe('ON');
    expect(String(pool.Properties.SmsVerificationMessage)).toMatch(/[\u4e00-\u9fff].*\{####\}/);
    expect(
      (pool.Properties.AdminCreateUserConfig as { InviteMessageTemplate: { SMSMessage: string } })
        .InviteMessageTemplate.SMSMessage,
    ).toMatch(/\{username\}.*\{####\}/);
  });

  it("the SMS role may only publish through SNS and only Cognito, with this pool's external id, may assume it", () => {
    const [, pool] = byPrefix('AWS::Cognito::UserPool', 'ApiUsers');
    const [roleId, role] = byPrefix('AWS::IAM::Role', 'ApiUserssmsRole');
    const sms = pool.Properties.SmsConfiguration as { SnsCallerArn: unknown; ExternalId: string };
    expect(sms.SnsCallerArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(role.Properties.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Principal: { Service: 'cognito-idp.amazonaws.com' },
          Condition: { StringEquals: { 'sts:ExternalId': sms.ExternalId } },
        },
      ],
    });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = (role.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[]).flatMap(
      (p) => p.PolicyDocument.Statement,
    );
    expect(statements).toEqual([{ Action: 'sns:Publish', Effect: 'Allow', Resource: '*' }]);
    const attached = resourcesOfType(s.json, 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    );
    expect(attached).toEqual([]);
  });

  it("the template has no dependency cycle (client → distribution → the API's domain; authorizer → client)", () => {
    expect(findCycle(s.json)).toBeUndefined();
    // the finder does find one
    const cyclic = structuredClone(s.json);
    const [clientId] = byPrefix('AWS::Cognito::UserPoolClient', 'ApiUsersPortal');
    const [domainId] = byPrefix('AWS::ApiGatewayV2::DomainName', 'ApiOriginDomain');
    (cyclic.Resources[domainId] as Resource).DependsOn = [clientId];
    expect(findCycle(cyclic)).toEqual(expect.arrayContaining([domainId, clientId]));
  });

  it('a domain prefix must be one Cognito accepts', () => {
    expect(validDomainPrefix('homestead-exit-zibo')).toBe(true);
    for (const bad of ['Homestead', '-exit', 'exit-', 'my-aws-portal', 'cognito-x', 'a_b', 'x'.repeat(64)]) {
      expect(validDomainPrefix(bad), bad).toBe(false);
    }
    expect(() => synthesize({ cognitoDomainPrefix: 'Not_Valid' })).toThrow(/cognitoDomainPrefix/);
  });
});

describe('the portal with its assets and a custom domain', () => {
  let p: Synthesized;
  beforeAll(() => {
    // a one-page portal build, exit.example.cn and the Cognito domain prefix zibo-homestead-exit
    // (PORTAL_DOMAIN_CONTEXT), shared with the nag test's variant
    p = synthesizeWithPortal();
  });

  const deployments = () => resourcesOfType(p.json, 'Custom::CDKBucketDeployment');
  const one = (type: string, prefix: string): [string, Resource] => {
    const found = resourcesOfType(p.json, type).filter(([id]) => id.startsWith(prefix));
    if (found.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${found.length}`);
    return found[0] as [string, Resource];
  };

  it('deploys /config.json with the Cognito domain URL and the portal client id, which browsers revalidate', () => {
    const [, config] = deployments().find(([id]) => id.startsWith('PortalDeployConfig')) ?? [];
    if (!config) throw new Error('no config.json deployment');
    const [domainId] = one('AWS::Cognito::UserPoolDomain', 'ApiUsersDomain');
    const [clientId] = one('AWS::Cognito::UserPoolClient', 'ApiUsersPortal');
    const [siteId] = one('AWS::S3::Bucket', 'PortalSite');
    expect(config.Properties).toMatchObject({
      DestinationBucketName: { Ref: siteId },
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    // the staged file, with CDK's deploy-time markers put back to what they resolve to
    const key = (config.Properties.SourceObjectKeys as string[])[0] ?? '';
    const staged = readFileSync(join(p.app.outdir, `asset.${key.replace(/\.zip$/, '')}`, CONFIG_KEY), 'utf8');
    const markers = (config.Properties.SourceMarkers as Record<string, unknown>[])[0] ?? {};
    const parts = (text: string) =>
      text
        .split(/(<<marker:0xbaba:\d+>>)/)
        .filter(Boolean)
        .map((part) => markers[part] ?? part);
    const json = JSON.parse(staged) as { cognito: { domain: string; clientId: string } };
    expect(parts(json.cognito.domain)).toEqual([
      'https://',
      { Ref: domainId },
      '.auth.',
      { Ref: 'AWS::Region' },
      '.amazoncognito.com',
    ]);
    expect(parts(json.cognito.clientId)).toEqual([{ Ref: clientId }]);
    expect(Object.keys(json)).toEqual(['cognito']);
  });

  it('the assets sync neither overwrites nor prunes config.json, and the two share one deploy-time handler', () => {
    const [, assetsDeployment] = deployments().find(([id]) => /^PortalDeployCustomResource/.test(id)) ?? [];
    expect(assetsDeployment?.Properties).toMatchObject({ Prune: true, Exclude: [CONFIG_KEY] });
    expect(new Set(deployments().map(([, d]) => JSON.stringify(d.Properties.ServiceToken))).size).toBe(1);
    expect(deployments()).toHaveLength(2);
  });

  it('sign-in may return to either origin, and the prefix from context names the domain', () => {
    const [distributionId] = one('AWS::CloudFront::Distribution', 'PortalCdn');
    const [, client] = one('AWS::Cognito::UserPoolClient', 'ApiUsersPortal');
    expect(client.Properties.CallbackURLs).toEqual([
      onDistribution(distributionId, CALLBACK_PATH),
      `https://exit.example.cn${CALLBACK_PATH}`,
    ]);
    expect(client.Properties.LogoutURLs).toEqual([
      onDistribution(distributionId, '/'),
      'https://exit.example.cn/',
    ]);
    expect(one('AWS::Cognito::UserPoolDomain', 'ApiUsersDomain')[1].Properties.Domain).toBe(
      'zibo-homestead-exit',
    );
  });

  it('has no dependency cycle either', () => {
    expect(findCycle(p.json)).toBeUndefined();
  });
});

describe('observability', () => {
  const alarmsOn = (metricName: string) =>
    resourcesOfType(s.json, 'AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.MetricName === metricName,
    );

  it('alarms on failed executions, dead-letter depth, API 5xx and throttles, each with an action', () => {
    expect(alarmsOn('ExecutionsFailed')).toHaveLength(1);
    expect(alarmsOn('ExecutionsTimedOut')).toHaveLength(1);
    expect(alarmsOn('ExecutionThrottled')).toHaveLength(1);
    expect(alarmsOn('ApproximateNumberOfMessagesVisible')).toHaveLength(5);
    expect(alarmsOn('5xx')).toHaveLength(1);
    expect(alarmsOn('Throttles')).toHaveLength(1);
    for (const [id, alarm] of resourcesOfType(s.json, 'AWS::CloudWatch::Alarm')) {
      expect((alarm.Properties.AlarmActions as unknown[]).length, id).toBe(1);
    }
  });

  it('every dead-letter queue has its depth alarm', () => {
    const dlqs = resourcesOfType(s.json, 'AWS::SQS::Queue').filter(([id]) => /DeadLetters/.test(id));
    const watched = alarmsOn('ApproximateNumberOfMessagesVisible').map(
      ([, a]) =>
        (a.Properties.Dimensions as { Value: { 'Fn::GetAtt': [string, string] } }[])[0]?.Value[
          'Fn::GetAtt'
        ][0],
    );
    expect(watched.sort()).toEqual(dlqs.map(([id]) => id).sort());
  });

  it('outputs what the portal and operators need', () => {
    expect(Object.keys(s.json.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'PortalUrl',
        'UserPoolId',
        'UserPoolClientId',
        'UserPoolDomain',
        'StateMachineArn',
      ]),
    );
  });
});
