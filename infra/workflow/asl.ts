/**
 * The state machine as the synthesized template holds it, back as plain Amazon States Language: for
 * the tests (asl-validator, structure), the diagram in docs/state-machine.md, and the local runtime,
 * which runs the same definition with aws-local-stepfunctions.
 */

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

export interface AslChoiceRule {
  Variable?: string;
  Next: string;
  StringEquals?: string;
  IsPresent?: boolean;
  [operator: string]: unknown;
}

export interface AslState {
  Type: 'Task' | 'Choice' | 'Wait' | 'Pass' | 'Succeed' | 'Fail' | 'Map' | 'Parallel';
  Comment?: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ResultPath?: string | null;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
  Choices?: AslChoiceRule[];
  Default?: string;
  Seconds?: number;
  SecondsPath?: string;
  Error?: string;
  Cause?: string;
  [field: string]: unknown;
}

export interface AslDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, AslState>;
  [field: string]: unknown;
}

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface TemplateJson {
  Resources: Record<string, TemplateResource>;
}

/** Metadata key on every Lambda function resource: its handler file, relative to the repository root. */
export const ENTRY_METADATA = 'homestead-exit:entry';

/** Values for the pseudo parameters a definition may reference. */
export interface Pseudo {
  partition: string;
  region: string;
  account: string;
}

const DEFAULT_PSEUDO: Pseudo = { partition: 'aws', region: 'cn-north-1', account: '123456789012' };

/**
 * The definition of the (only) state machine in the template. `arnOf` names each resource the
 * definition references (by logical id): by default a well-formed Lambda ARN ending in the logical id,
 * which the local runtime can map back to a handler with `lambdaEntries`.
 */
export function stateMachineDefinition(
  template: TemplateJson,
  opts: { arnOf?: (logicalId: string) => string; pseudo?: Partial<Pseudo> } = {},
): AslDefinition {
  const pseudo = { ...DEFAULT_PSEUDO, ...opts.pseudo };
  const arnOf =
    opts.arnOf ??
    ((id: string) => `arn:${pseudo.partition}:lambda:${pseudo.region}:${pseudo.account}:function:${id}`);
  const machines = Object.values(template.Resources).filter(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine',
  );
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const raw = machines[0]?.Properties?.DefinitionString;
  const resolve = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const p = part as Record<string, unknown>;
    if (Array.isArray(p['Fn::GetAtt'])) return arnOf(String((p['Fn::GetAtt'] as unknown[])[0]));
    if (typeof p.Ref === 'string') {
      const pseudoRefs: Record<string, string> = {
        'AWS::Partition': pseudo.partition,
        'AWS::Region': pseudo.region,
        'AWS::AccountId': pseudo.account,
        'AWS::URLSuffix': pseudo.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
      };
      return pseudoRefs[p.Ref] ?? arnOf(p.Ref);
    }
    throw new Error(`unsupported intrinsic in the definition: ${JSON.stringify(part)}`);
  };
  const text =
    typeof raw === 'string'
      ? raw
      : Array.isArray((raw as Record<string, unknown> | undefined)?.['Fn::Join'])
        ? ((raw as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1] ?? []).map(resolve).join('')
        : undefined;
  if (text === undefined) throw new Error('the state machine has no DefinitionString');
  return JSON.parse(text) as AslDefinition;
}

/** Lambda logical id → handler file, from the metadata AppFunction writes on every function. */
export function lambdaEntries(template: TemplateJson): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [id, r] of Object.entries(template.Resources)) {
    const entry = r.Metadata?.[ENTRY_METADATA];
    if (r.Type === 'AWS::Lambda::Function' && typeof entry === 'string') entries[id] = entry;
  }
  return entries;
}

/** Every state a state can go to next, with why (for graphs and diagrams). */
export function transitions(
  state: AslState,
): { to: string; label?: string; kind: 'next' | 'choice' | 'catch' }[] {
  const out: { to: string; label?: string; kind: 'next' | 'choice' | 'catch' }[] = [];
  if (state.Next) out.push({ to: state.Next, kind: 'next' });
  for (const rule of state.Choices ?? []) {
    const value =
      rule.StringEquals ??
      (rule.IsPresent === false ? `no ${rule.Variable ?? ''}` : rule.IsPresent ? 'present' : '');
    out.push({ to: rule.Next, label: String(value), kind: 'choice' });
  }
  if (state.Default) out.push({ to: state.Default, label: 'otherwise', kind: 'choice' });
  for (const c of state.Catch ?? []) out.push({ to: c.Next, label: c.ErrorEquals.join(', '), kind: 'catch' });
  return out;
}

/** The states reachable from `from` (default: StartAt), itself included. */
export function reachable(def: AslDefinition, from: string = def.StartAt): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const state = def.States[name];
    if (!state) throw new Error(`transition to unknown state ${name}`);
    for (const t of transitions(state)) queue.push(t.to);
  }
  return seen;
}
