import { createRequire } from 'node:module';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IRole, type Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { auditEntrySchema } from '../../shared/adapters/table/audit.js';
import { IDEMPOTENCY_PK_PREFIX, TABLE_INDEXES, TABLE_KEYS } from '../../shared/adapters/tableDesign.js';
import { CHECKPOINT_ITEM_ATTRIBUTES, CHECKPOINT_PARTITION } from '../../shared/fund/reconcileCheckpoint.js';
import { zodWithoutJsonSchema } from '../bundling/zodWithoutJsonSchema.js';
import { DOCUMENT_LIBRARY_PACKAGES } from '../layers/documentLibraries.js';
import { acknowledge, nagRef } from '../nag.js';
import { entryFile, projectPath } from '../paths.js';
import { ENTRY_METADATA } from '../workflow/asl.js';
import type { DocumentFonts } from './documentFonts.js';
import { DocumentLibraries } from './documentLibraries.js';

// NodejsFunction silently falls back to Docker when it cannot find esbuild; synth must never need
// Docker, so a missing esbuild is an error here rather than a container pull.
try {
  createRequire(import.meta.url).resolve('esbuild');
} catch {
  throw new Error('esbuild is not installed: run `npm ci` (bundling never falls back to Docker)');
}

/** Settings every function shares (Powertools reads these from the environment). */
export interface FunctionDefaults {
  serviceName: string;
  logLevel: string;
  metricsNamespace: string;
  logRetention: RetentionDays;
}

export const DEFAULTS: FunctionDefaults = {
  serviceName: 'homestead-exit',
  logLevel: 'INFO',
  metricsNamespace: 'HomesteadExit',
  logRetention: RetentionDays.ONE_YEAR,
};

export interface AppFunctionProps {
  /** handler file relative to the repository root, exporting `handler` */
  entry: string;
  description: string;
  timeout?: Duration;
  memorySize?: number;
  /** asynchronous invocations that still fail after Lambda's own retries land here */
  deadLetterQueue?: IQueue;
  defaults?: Partial<FunctionDefaults>;
  /**
   * the function sets a PDF, writes a spreadsheet or parses an upload: pdfmake, fontkit, exceljs and
   * pdf-lib stay out of its bundle and come from the stack's document library layer (DocumentLibraries)
   */
  documentLibraries?: boolean;
}

/**
 * read: GetItem and Query only. readAppend: also PutItem, but only of an audit item (a read that must
 * leave a record: a document view or download) in a case's or an entity's partition. readWrite: also
 * PutItem, UpdateItem and ConditionCheckItem anywhere (single items and the items of TransactWriteItems).
 * readCheckpoint (issue 17, `GET /fund`): also PutItem, but only of the reconciliation checkpoint, in its
 * own partition and with its attributes only (shared/fund/reconcileCheckpoint.ts).
 * Nobody gets Scan, BatchWriteItem or BatchGetItem (no code path uses them), and DeleteItem only under
 * the partitions `bindTable`'s `deletes` names.
 */
export type TableAccess = 'read' | 'readAppend' | 'readCheckpoint' | 'readWrite';

/**
 * The partitions a function may delete items in, each the one reason any code deletes (docs/data-model.md):
 * an idempotency record is removed when the request it guards fails (functions/api/http/idempotency.ts);
 * a case decision that ends a case gives back its land claims (HOUSEHOLD#…, CLAIM#…); the registry moves
 * a certificate number (CERT#…) off a parcel. Case, audit, ledger and fund items are never deleted.
 */
export const DELETABLE = {
  idempotency: IDEMPOTENCY_PK_PREFIX,
  landClaims: 'HOUSEHOLD#',
  certificates: 'CERT#',
} as const;
export type Deletable = keyof typeof DELETABLE;

/** Partitions an audit entry is written to (shared/adapters/keys.ts: caseAudit, entityAudit). */
export const AUDIT_PARTITIONS = ['CASE#', 'AUDIT#'] as const;
/** Every attribute an audit item has (shared/adapters/table/audit.ts auditPut): its keys, its type, the entry. */
export const AUDIT_ITEM_ATTRIBUTES: readonly string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  'itemType',
  ...auditEntrySchema.keyof().options,
];

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];

const leadingKeys = (prefixes: readonly string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) },
});

export interface ObjectAccess {
  /** key patterns such as `cases/*` */
  get?: string[];
  put?: string[];
  delete?: string[];
}

const OBJECT_ACTIONS: Record<keyof ObjectAccess, string> = {
  get: 's3:GetObject',
  put: 's3:PutObject',
  delete: 's3:DeleteObject',
};

/**
 * One Lambda function the way this project builds every one (in the spirit of Powertools'
 * FunctionWithLogGroup): Node 22 on arm64, an ESM bundle made by local esbuild (minified, source maps,
 * AWS SDK left to the runtime), X-Ray active, its own log group with a retention, its own role with no
 * managed policy, and `bind*` helpers that grant exactly one kind of access and set the environment
 * variable the handler reads (shared/adapters/config.ts) in the same line.
 */
export class AppFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;
  /** the role's inline policy: every grant of this construct lands here, and so do its acknowledgements */
  private readonly policy: Policy;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const logLevel = this.node.tryGetContext('logLevel');
    const defaults = {
      ...DEFAULTS,
      ...(typeof logLevel === 'string' ? { logLevel } : {}),
      ...props.defaults,
    };
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: defaults.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.entry}: its log group, X-Ray, and what bind* granted`,
    });
    this.role = role;
    // instead of AWSLambdaBasicExecutionRole (logs:* on every group): only this function's group
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    // One inline policy per function: the role's default policy, where CDK puts its own grants too (X-Ray
    // for active tracing, a dead-letter queue, an event source's queue). A second policy of our own beside
    // it cost one AWS::IAM::Policy per function against CloudFormation's 500 resources a stack (issue 19:
    // the registry import's routes and worker took the stack past it).
    this.policy = role.node.findChild('DefaultPolicy') as Policy;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: entryFile(props.entry),
      handler: 'handler',
      description: props.description,
      projectRoot: projectPath(),
      depsLockFilePath: projectPath('package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role,
      logGroup: this.logGroup,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: defaults.serviceName,
        POWERTOOLS_LOG_LEVEL: defaults.logLevel,
        POWERTOOLS_METRICS_NAMESPACE: defaults.metricsNamespace,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // the zh-CN messages as UTF-8 (3 bytes a character) rather than \u escapes (6): 2–7 KiB a bundle.
        // As an argument: aws-cdk-lib 2.276 declares `charset` but never passes it to esbuild
        // and zod without its JSON Schema generator, which no function calls (≈ 16 KiB a bundle)
        esbuildArgs: { '--charset': 'utf8', '--alias': `zod=${zodWithoutJsonSchema()}` },
        externalModules: ['@aws-sdk/*', ...(props.documentLibraries ? DOCUMENT_LIBRARY_PACKAGES : [])],
        // Powertools' tracer (and other CommonJS dependencies) call require(), which ESM lacks
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        forceDockerBundling: false,
        // the bundles' size tables would bury the synth output; warnings and errors still show
        logLevel: LogLevel.WARNING,
      },
    });
    if (props.documentLibraries) this.fn.addLayers(DocumentLibraries.of(this).layer);
    // lets the local runtime and the tests map a function in the template back to its source
    (this.fn.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
    // Tracing.ACTIVE puts xray:PutTraceSegments / PutTelemetryRecords on the role's default policy
    const tracingPolicy = role.node.tryFindChild('DefaultPolicy');
    if (tracingPolicy) {
      acknowledge(
        tracingPolicy,
        'AwsSolutions-IAM5',
        'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions: AWS documents Resource "*" as the only form; the statement holds nothing else.',
        ['Resource::*'],
      );
    }
    acknowledge(
      this.fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the project targets and tests (Powertools 2.35, the esbuild target node22, the local runtime); moving to a newer runtime is a deliberate upgrade, not a drift.',
    );
  }

  get functionArn(): string {
    return this.fn.functionArn;
  }

  addEnvironment(key: string, value: string): this {
    this.fn.addEnvironment(key, value);
    return this;
  }

  /**
   * TABLE_NAME, the item actions of `access` on the table (TableAccess), DeleteItem only in the
   * partitions `deletes` names (DELETABLE), and Query on the named indexes (never `index/*`).
   */
  bindTable(table: ITable, access: TableAccess, deletes: readonly Deletable[] = []): this {
    const indexArns = TABLE_INDEXES.map((i) => `${table.tableArn}/index/${i.indexName}`);
    const resources = [table.tableArn];
    this.policy.addStatements(
      new PolicyStatement({
        actions: access === 'readWrite' ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS,
        resources,
      }),
      // secondary indexes are only ever queried
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }),
    );
    if (access === 'readAppend') {
      // an audit-shaped item in an audit partition: no attribute of a case, document or ledger item
      // (data, status, version…) can be written, so the case item cannot be replaced by one
      this.policy.addStatements(
        new PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources,
          conditions: {
            ...leadingKeys(AUDIT_PARTITIONS),
            'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...AUDIT_ITEM_ATTRIBUTES] },
          },
        }),
      );
    }
    if (access === 'readCheckpoint') {
      // the checkpoint's own partition and attributes: no balance, ledger or case item can be written
      this.policy.addStatements(
        new PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources,
          conditions: {
            ...leadingKeys([CHECKPOINT_PARTITION]),
            'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...CHECKPOINT_ITEM_ATTRIBUTES] },
          },
        }),
      );
    }
    if (deletes.length > 0) {
      this.policy.addStatements(
        new PolicyStatement({
          actions: ['dynamodb:DeleteItem'],
          resources,
          conditions: leadingKeys([...new Set(deletes)].map((d) => DELETABLE[d])),
        }),
      );
    }
    return this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * BatchGetItem on the table (reads only, up to 100 items a request): the registry import's worker reads
   * the stored households of a whole file in bulk (issue 19). No other function holds it; bindTable first.
   */
  bindTableBatchRead(table: ITable): this {
    this.policy.addStatements(
      new PolicyStatement({ actions: ['dynamodb:BatchGetItem'], resources: [table.tableArn] }),
    );
    return this;
  }

  /** DOCUMENTS_BUCKET and exactly the object actions on exactly the key patterns given. */
  bindDocuments(bucket: IBucket, access: ObjectAccess): this {
    const evidence: string[] = [];
    const bucketCfn = bucket.node.defaultChild;
    for (const kind of Object.keys(OBJECT_ACTIONS) as (keyof ObjectAccess)[]) {
      const patterns = access[kind] ?? [];
      if (patterns.length === 0) continue;
      this.policy.addStatements(
        new PolicyStatement({
          actions: [OBJECT_ACTIONS[kind]],
          resources: patterns.map((p) => bucket.arnForObjects(p)),
        }),
      );
      if (bucketCfn) {
        for (const p of patterns) evidence.push(`Resource::${nagRef(bucketCfn as never)}/${p}`);
      }
    }
    if (evidence.length > 0) {
      acknowledge(
        this.policy,
        'AwsSolutions-IAM5',
        'Object permissions are scoped to the key prefixes this handler works on (cases/… uploads, quarantine/, agreements, receipts, previews/, notices/, registry-imports/); S3 object ARNs can only name a prefix with a trailing wildcard.',
        [...new Set(evidence)],
      );
    }
    return this.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName);
  }

  /** DOCUMENT_FONT: the documents' font, from its layer (only the functions that render a PDF). */
  bindDocumentFont(fonts: DocumentFonts): this {
    this.fn.addLayers(fonts.layer);
    return this.addEnvironment('DOCUMENT_FONT', fonts.fontPath);
  }

  /** EVENT_BUS_NAME and events:PutEvents on that bus only. */
  bindEvents(bus: IEventBus): this {
    bus.grantPutEventsTo(this.fn);
    return this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  }

  /**
   * STATE_MACHINE_ARN with `start` (StartExecution, for submit and appeal) and/or `respond`
   * (SendTaskSuccess/Failure/Heartbeat: only the handlers that decide a human step). The machine may be
   * given by its ARN alone, for a function the machine itself invokes (no reference cycle).
   */
  bindWorkflow(stateMachine: IStateMachine | string, access: readonly ('start' | 'respond')[]): this {
    const arn = typeof stateMachine === 'string' ? stateMachine : stateMachine.stateMachineArn;
    const actions = [
      ...(access.includes('start') ? ['states:StartExecution'] : []),
      ...(access.includes('respond')
        ? ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat']
        : []),
    ];
    this.policy.addStatements(new PolicyStatement({ actions, resources: [arn] }));
    return this.addEnvironment('STATE_MACHINE_ARN', arn);
  }

  /**
   * sns:Publish on one topic, its ARN in `envName`. Only for topics under the AWS-managed SNS key, whose
   * key policy already lets the account's publishers encrypt (Topic.grantPublish would add kms:* on
   * `key/*` for an imported alias).
   */
  bindTopic(topic: ITopic, envName: string): this {
    this.policy.addStatements(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    return this.addEnvironment(envName, topic.topicArn);
  }
}
