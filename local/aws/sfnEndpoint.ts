import { randomUUID } from 'node:crypto';
import {
  AwsJsonError,
  type AwsJsonRequestHandler,
  createAwsJsonService,
  optionalString,
  requiredString,
} from './awsJsonProtocol.js';

/**
 * The Step Functions API surface the handlers use (shared/ports/workflow.ts and the task Lambdas), served
 * over awsJson1_0 so `@aws-sdk/client-sfn` pointed at the local runtime works unchanged. Only the wire
 * format and the input checks AWS makes before touching an execution live here; running state machines
 * is the backend's job.
 */

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE';

export interface LocalExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * What the local Step Functions engine provides. Methods may be sync or async; refusals are thrown as
 * `new AwsJsonError(code, message)` with the codes AWS uses (SFN_ERRORS), anything else becomes a 500.
 */
export interface LocalSfnBackend {
  /**
   * As AWS: the same name and input as a RUNNING execution returns that execution again (a retried
   * call); the name of a finished execution, or with a different input, throws ExecutionAlreadyExists.
   * Unknown state machine: StateMachineDoesNotExist.
   */
  startExecution(
    stateMachineArn: string,
    name: string,
    input: string,
  ): Promise<{ executionArn: string; startDate: Date }>;
  /** Unknown, used or timed-out token: TaskDoesNotExist (TaskTimedOut for a timed-out one, if known). */
  sendTaskSuccess(taskToken: string, output: string): void | Promise<void>;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void | Promise<void>;
  sendTaskHeartbeat(taskToken: string): void | Promise<void>;
  /** Unknown execution: ExecutionDoesNotExist. */
  describeExecution(executionArn: string): LocalExecutionDescription | Promise<LocalExecutionDescription>;
  /** Unknown execution: ExecutionDoesNotExist; an execution already stopped keeps its stopDate. */
  stopExecution(
    executionArn: string,
    error?: string,
    cause?: string,
  ): { stopDate: Date } | Promise<{ stopDate: Date }>;
}

/** The error codes a backend (and this endpoint) throw; each is a modelled exception in client-sfn. */
export const SFN_ERRORS = {
  executionAlreadyExists: 'ExecutionAlreadyExists',
  executionDoesNotExist: 'ExecutionDoesNotExist',
  stateMachineDoesNotExist: 'StateMachineDoesNotExist',
  taskDoesNotExist: 'TaskDoesNotExist',
  taskTimedOut: 'TaskTimedOut',
  invalidToken: 'InvalidToken',
  invalidArn: 'InvalidArn',
  invalidName: 'InvalidName',
  invalidExecutionInput: 'InvalidExecutionInput',
  invalidOutput: 'InvalidOutput',
  validation: 'ValidationException',
} as const;

export const SFN_TARGET_PREFIX = 'AWSStepFunctions';
export const SFN_ERROR_NAMESPACE = 'com.amazonaws.states';

// AWS limits (Step Functions API reference and service quotas).
const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_TOKEN_LENGTH = 2048;
const MAX_NAME_LENGTH = 80;
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;
const MAX_ARN_LENGTH = 256;
const MAX_EXECUTION_ARN_LENGTH = 2048;

// Execution names may not contain whitespace, brackets, wildcards, these specials or control characters.
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

function isValidName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || FORBIDDEN_NAME_CHARACTERS.test(name))
    return false;
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return false;
  }
  return true;
}

function checkPayload(value: string, member: string, code: string): void {
  if (Buffer.byteLength(value, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new AwsJsonError(code, `${member} exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  }
  try {
    JSON.parse(value);
  } catch {
    throw new AwsJsonError(code, `${member} is not valid JSON`);
  }
}

function arnMember(input: Record<string, unknown>, member: string, kind: string, maxLength: number): string {
  const arn = requiredString(input, member, SFN_ERRORS.validation);
  const parts = arn.split(':');
  if (arn.length > maxLength || parts.length < 7 || parts[0] !== 'arn' || parts[5] !== kind) {
    throw new AwsJsonError(SFN_ERRORS.invalidArn, `Invalid Arn: '${arn}'`);
  }
  return arn;
}

function taskToken(input: Record<string, unknown>): string {
  const token = input.taskToken;
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new AwsJsonError(SFN_ERRORS.invalidToken, 'Invalid token');
  }
  return token;
}

function errorAndCause(input: Record<string, unknown>): { error?: string; cause?: string } {
  const error = optionalString(input, 'error');
  const cause = optionalString(input, 'cause');
  if (error !== undefined && error.length > MAX_ERROR_LENGTH) {
    throw new AwsJsonError(SFN_ERRORS.validation, `error exceeds ${MAX_ERROR_LENGTH} characters`);
  }
  if (cause !== undefined && cause.length > MAX_CAUSE_LENGTH) {
    throw new AwsJsonError(SFN_ERRORS.validation, `cause exceeds ${MAX_CAUSE_LENGTH} characters`);
  }
  return { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
}

export function createSfnEndpoint(
  backend: LocalSfnBackend,
  options: { onInternalError?: (error: unknown, operation: string) => void } = {},
): AwsJsonRequestHandler {
  return createAwsJsonService({
    targetPrefix: SFN_TARGET_PREFIX,
    version: '1.0',
    errorNamespace: SFN_ERROR_NAMESPACE,
    ...(options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError }),
    operations: {
      async StartExecution(input) {
        const stateMachineArn = arnMember(input, 'stateMachineArn', 'stateMachine', MAX_ARN_LENGTH);
        // AWS names an unnamed execution with a UUID.
        const name = optionalString(input, 'name', SFN_ERRORS.invalidName) ?? randomUUID();
        if (!isValidName(name)) {
          throw new AwsJsonError(SFN_ERRORS.invalidName, `Invalid Name: '${name}'`);
        }
        const executionInput = optionalString(input, 'input', SFN_ERRORS.invalidExecutionInput) ?? '{}';
        checkPayload(executionInput, 'input', SFN_ERRORS.invalidExecutionInput);
        const started = await backend.startExecution(stateMachineArn, name, executionInput);
        return { executionArn: started.executionArn, startDate: started.startDate };
      },
      async SendTaskSuccess(input) {
        const token = taskToken(input);
        const output = requiredString(input, 'output', SFN_ERRORS.invalidOutput);
        checkPayload(output, 'output', SFN_ERRORS.invalidOutput);
        await backend.sendTaskSuccess(token, output);
        return {};
      },
      async SendTaskFailure(input) {
        const token = taskToken(input);
        const { error, cause } = errorAndCause(input);
        await backend.sendTaskFailure(token, error, cause);
        return {};
      },
      async SendTaskHeartbeat(input) {
        await backend.sendTaskHeartbeat(taskToken(input));
        return {};
      },
      async DescribeExecution(input) {
        const arn = arnMember(input, 'executionArn', 'execution', MAX_EXECUTION_ARN_LENGTH);
        const d = await backend.describeExecution(arn);
        return {
          executionArn: d.executionArn,
          stateMachineArn: d.stateMachineArn,
          name: d.name,
          status: d.status,
          startDate: d.startDate,
          stopDate: d.stopDate,
          input: d.input,
          output: d.output,
          error: d.error,
          cause: d.cause,
        };
      },
      async StopExecution(input) {
        const arn = arnMember(input, 'executionArn', 'execution', MAX_EXECUTION_ARN_LENGTH);
        const { error, cause } = errorAndCause(input);
        const stopped = await backend.stopExecution(arn, error, cause);
        return { stopDate: stopped.stopDate };
      },
    },
  });
}
