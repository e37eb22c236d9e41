import { existsSync } from 'node:fs';
import { LAYER_SOURCE_METADATA } from '../../infra/layers/documentFonts.js';
import { projectPath } from '../../infra/paths.js';
import {
  type AslDefinition,
  lambdaEntries,
  stateMachineDefinition,
  type TemplateJson,
} from '../../infra/workflow/asl.js';

/**
 * Everything the local runtime runs, read from the synthesized CDK template, never declared again by
 * hand: the state-machine definition, each Lambda's handler file and environment, the table's key
 * schema and indexes, bucket names, EventBridge rules and targets, API routes, S3 notifications.
 * Change the stack and the local runtime follows.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface LocalFunction {
  logicalId: string;
  entry: string;
  environment: Record<string, string>;
  /** the template's Timeout (Lambda's default, 3 s, when it states none): what the context's remaining time counts down from */
  timeoutSeconds: number;
  /** the template's MemorySize (Lambda's default, 128 MB) */
  memoryMb: number;
}

export type RuleTarget =
  | { kind: 'lambda'; functionId: string }
  /**
   * an SQS queue consumed by a Lambda through an event source mapping, with the mapping's batch size
   * and batching window (seconds; 0 when the mapping sets none)
   */
  | { kind: 'queue'; queueArn: string; functionId: string; batchSize: number; batchingWindowSeconds: number }
  | { kind: 'unsupported'; arn: string };

export interface LocalTopology {
  definition: AslDefinition;
  stateMachineArn: string;
  functions: Record<string, LocalFunction>;
  table: { name: string; properties: Record<string, unknown> };
  bucketNames: Record<string, string>;
  documentsBucket: string;
  eventBusName: string;
  rules: { busName: string; pattern: Record<string, unknown>; targets: RuleTarget[] }[];
  routes: { method: string; path: string; functionId: string; authorized: boolean }[];
  s3Notifications: { bucket: string; prefix: string; suffix: string; functionId: string }[];
}

const physicalNameIn = (
  type: string,
  logicalId: string,
  props: Record<string, unknown> = {},
  stackName?: string,
): string => {
  if (type === 'AWS::S3::Bucket') return `hx-${logicalId.toLowerCase()}`.slice(0, 63);
  if (type === 'AWS::DynamoDB::Table' && stackName) return `${stackName}-${logicalId}`;
  if (type === 'AWS::Events::EventBus' && typeof props.Name === 'string') return props.Name;
  if (type === 'AWS::StepFunctions::StateMachine' && typeof props.StateMachineName === 'string')
    return props.StateMachineName;
  return logicalId;
};

export function readTopology(
  template: TemplateJson,
  opts: { stackName?: string | undefined } = {},
): LocalTopology {
  const resources = template.Resources as Record<string, Resource>;
  const physicalName = (type: string, logicalId: string, props: Record<string, unknown> = {}) =>
    physicalNameIn(type, logicalId, props, opts.stackName);
  const arnOf = (logicalId: string): string => {
    const r = resources[logicalId];
    if (!r) throw new Error(`template references unknown resource ${logicalId}`);
    const name = physicalName(r.Type, logicalId, r.Properties);
    switch (r.Type) {
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
      default:
        return `arn:aws:${r.Type.split('::')[1]?.toLowerCase()}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
    }
  };
  const refOf = (logicalId: string): string => {
    const pseudo: Record<string, string> = {
      'AWS::Region': LOCAL_REGION,
      'AWS::AccountId': LOCAL_ACCOUNT,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'HomesteadExit',
    };
    if (pseudo[logicalId]) return pseudo[logicalId];
    const r = resources[logicalId];
    if (!r) throw new Error(`template references unknown resource ${logicalId}`);
    // Ref gives an ARN for state machines and topics, a name for tables, buckets, buses and functions
    if (r.Type === 'AWS::StepFunctions::StateMachine' || r.Type === 'AWS::SNS::Topic')
      return arnOf(logicalId);
    return physicalName(r.Type, logicalId, r.Properties);
  };
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return refOf(v.Ref);
    if (Array.isArray(v['Fn::GetAtt'])) {
      const [id, attr] = v['Fn::GetAtt'] as [string, string];
      if (attr === 'Arn') return arnOf(id);
      return refOf(id);
    }
    if (Array.isArray(v['Fn::Join'])) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    throw new Error(`unsupported intrinsic ${JSON.stringify(value)}`);
  };
  const idFromArn = (value: unknown): string | undefined => {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v?.['Fn::GetAtt'])) return (v['Fn::GetAtt'] as string[])[0];
    return undefined;
  };

  const entries = lambdaEntries(template);
  const functions: Record<string, LocalFunction> = {};
  for (const [id, entry] of Object.entries(entries)) {
    const props = resources[id]?.Properties;
    const vars = ((props?.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {}) as Record<
      string,
      unknown
    >;
    // Lambda unpacks a function's layers under /opt: locally /opt/… is the layer's own folder in the
    // project, which the layer resource names in its metadata (infra/constructs/documentFonts.ts)
    const layerDirs = ((props?.Layers as unknown[]) ?? []).flatMap((layer) => {
      const layerId = (layer as { Ref?: string }).Ref;
      const source = layerId ? resources[layerId]?.Metadata?.[LAYER_SOURCE_METADATA] : undefined;
      return typeof source === 'string' ? [source] : [];
    });
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(vars)) {
      const value = resolve(v);
      const mounted = value.startsWith('/opt/')
        ? layerDirs.map((dir) => projectPath(dir, value.slice('/opt/'.length))).find((p) => existsSync(p))
        : undefined;
      environment[k] = mounted ?? value;
    }
    const timeoutSeconds = typeof props?.Timeout === 'number' ? props.Timeout : 3;
    const memoryMb = typeof props?.MemorySize === 'number' ? props.MemorySize : 128;
    functions[id] = { logicalId: id, entry, environment, timeoutSeconds, memoryMb };
  }

  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [tableEntry, ...moreTables] = of('AWS::DynamoDB::Table');
  if (!tableEntry || moreTables.length > 0) throw new Error('expected exactly one table');
  const machines = of('AWS::StepFunctions::StateMachine');
  const [machineId] = machines[0] ?? [];
  if (!machineId) throw new Error('no state machine in the template');
  const buses = of('AWS::Events::EventBus');
  const [busId] = buses[0] ?? [];
  if (!busId) throw new Error('no event bus in the template');

  const bucketNames: Record<string, string> = {};
  for (const [id, r] of of('AWS::S3::Bucket')) bucketNames[id] = physicalName(r.Type, id, r.Properties);

  const integrations = new Map<string, string>();
  for (const [id, r] of of('AWS::ApiGatewayV2::Integration')) {
    const fn = idFromArn(r.Properties?.IntegrationUri);
    if (fn) integrations.set(id, fn);
  }
  const routes: LocalTopology['routes'] = [];
  for (const [, r] of of('AWS::ApiGatewayV2::Route')) {
    const [method, path] = String(r.Properties?.RouteKey).split(' ');
    const target = resolve(r.Properties?.Target);
    const integrationId = target.replace(/^integrations\//, '');
    const functionId = integrations.get(integrationId);
    if (!method || !path || !functionId) continue;
    routes.push({ method, path, functionId, authorized: r.Properties?.AuthorizationType === 'JWT' });
  }

  // queue → consuming function, from the event source mappings
  const consumers = new Map<
    string,
    { functionId: string; batchSize: number; batchingWindowSeconds: number }
  >();
  for (const [, r] of of('AWS::Lambda::EventSourceMapping')) {
    const queueId = idFromArn(r.Properties?.EventSourceArn);
    const fn = r.Properties?.FunctionName as { Ref?: string } | undefined;
    if (queueId && fn?.Ref && functions[fn.Ref])
      consumers.set(queueId, {
        functionId: fn.Ref,
        // SQS's defaults when the mapping names none
        batchSize: Number(r.Properties?.BatchSize ?? 10),
        batchingWindowSeconds: Number(r.Properties?.MaximumBatchingWindowInSeconds ?? 0),
      });
  }
  const rules: LocalTopology['rules'] = of('AWS::Events::Rule').map(([, r]) => ({
    busName: resolve(r.Properties?.EventBusName ?? 'default'),
    pattern: r.Properties?.EventPattern as Record<string, unknown>,
    targets: ((r.Properties?.Targets as { Arn: unknown }[]) ?? []).map((t): RuleTarget => {
      const id = idFromArn(t.Arn);
      if (id && functions[id]) return { kind: 'lambda', functionId: id };
      const consumer = id ? consumers.get(id) : undefined;
      if (id && consumer) return { kind: 'queue', queueArn: arnOf(id), ...consumer };
      return { kind: 'unsupported', arn: resolve(t.Arn) };
    }),
  }));

  const s3Notifications: LocalTopology['s3Notifications'] = [];
  for (const [, r] of of('Custom::S3BucketNotifications')) {
    const bucket = resolve(r.Properties?.BucketName);
    const config = r.Properties?.NotificationConfiguration as {
      LambdaFunctionConfigurations?: {
        LambdaFunctionArn: unknown;
        Filter?: { Key?: { FilterRules?: { Name: string; Value: string }[] } };
      }[];
    };
    for (const c of config.LambdaFunctionConfigurations ?? []) {
      const functionId = idFromArn(c.LambdaFunctionArn);
      if (!functionId) continue;
      const rulesOf = c.Filter?.Key?.FilterRules ?? [];
      s3Notifications.push({
        bucket,
        functionId,
        prefix: rulesOf.find((x) => x.Name.toLowerCase() === 'prefix')?.Value ?? '',
        suffix: rulesOf.find((x) => x.Name.toLowerCase() === 'suffix')?.Value ?? '',
      });
    }
  }

  const documentsBucket = s3Notifications[0]?.bucket;
  if (!documentsBucket) throw new Error('no bucket notification for documents in the template');
  return {
    definition: stateMachineDefinition(template, {
      arnOf,
      pseudo: { region: LOCAL_REGION, account: LOCAL_ACCOUNT },
    }),
    stateMachineArn: arnOf(machineId),
    functions,
    table: { name: refOf(tableEntry[0]), properties: tableEntry[1].Properties ?? {} },
    bucketNames,
    documentsBucket,
    eventBusName: refOf(busId),
    rules,
    routes,
    s3Notifications,
  };
}
