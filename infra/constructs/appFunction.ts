import { createRequire } from 'node:module';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IRole, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TABLE_INDEXES } from '../../shared/adapters/tableDesign.js';
import { acknowledge, nagRef } from '../nag.js';
import { entryFile, projectPath } from '../paths.js';
import { ENTRY_METADATA } from '../workflow/asl.js';
import type { DocumentFonts } from './documentFonts.js';

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
}

/**
 * read: GetItem/Query only; readAppend: also PutItem, for a read that must leave a record (the document
 * view's audit entry) and never updates or deletes anything; readWrite: everything but Scan.
 */
export type TableAccess = 'read' | 'readAppend' | 'readWrite';

const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  // no Scan: every access pattern of docs/data-model.md is a GetItem or a Query
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  readAppend: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
};

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
    this.policy = new Policy(this, 'Policy', { roles: [role] });
    // instead of AWSLambdaBasicExecutionRole (logs:* on every group): only this function's group
    this.policy.addStatements(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
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
        externalModules: ['@aws-sdk/*'],
        // Powertools' tracer (and other CommonJS dependencies) call require(), which ESM lacks
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        forceDockerBundling: false,
        // the bundles' size tables would bury the synth output; warnings and errors still show
        logLevel: LogLevel.WARNING,
      },
    });
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

  /** TABLE_NAME and read or read-write data access on the table and its named indexes (no `index/*`). */
  bindTable(table: ITable, access: TableAccess): this {
    const indexArns = TABLE_INDEXES.map((i) => `${table.tableArn}/index/${i.indexName}`);
    this.policy.addStatements(
      new PolicyStatement({ actions: TABLE_ACTIONS[access], resources: [table.tableArn] }),
      // secondary indexes are only ever queried
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }),
    );
    return this.addEnvironment('TABLE_NAME', table.tableName);
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
        'Object permissions are scoped to the key prefixes this handler works on (cases/… uploads, quarantine/, agreements, receipts, previews/, notices/); S3 object ARNs can only name a prefix with a trailing wildcard.',
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
