import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsJsonError } from '../../local/aws/awsJsonProtocol.js';
import {
  createSfnEndpoint,
  type LocalExecutionDescription,
  type LocalSfnBackend,
  SFN_ERRORS,
} from '../../local/aws/sfnEndpoint.js';
import { LOCAL_SDK_CONFIG, serve, type TestServer } from './httpHarness.js';

const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:CaseWorkflow';
const STARTED_AT = new Date('2026-03-01T08:00:00.250Z');

/** Just enough of an engine to see what the endpoint passes through and what it refuses. */
class FakeBackend implements LocalSfnBackend {
  executions = new Map<string, LocalExecutionDescription>();
  tokens = new Map<string, string>();
  calls: unknown[][] = [];
  failNext: Error | undefined;

  async startExecution(stateMachineArn: string, name: string, input: string) {
    this.calls.push(['start', stateMachineArn, name, input]);
    if (this.failNext) throw this.failNext;
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    if (this.executions.has(executionArn)) {
      throw new AwsJsonError(
        SFN_ERRORS.executionAlreadyExists,
        `Execution Already Exists: '${executionArn}'`,
      );
    }
    this.executions.set(executionArn, {
      executionArn,
      stateMachineArn,
      name,
      status: 'RUNNING',
      startDate: STARTED_AT,
      input,
    });
    return { executionArn, startDate: STARTED_AT };
  }

  private consume(token: string): string {
    const arn = this.tokens.get(token);
    if (arn === undefined) throw new AwsJsonError(SFN_ERRORS.taskDoesNotExist, 'Task does not exist anymore');
    this.tokens.delete(token);
    return arn;
  }

  sendTaskSuccess(token: string, output: string) {
    this.calls.push(['success', token, output]);
    this.consume(token);
  }

  sendTaskFailure(token: string, error?: string, cause?: string) {
    this.calls.push(['failure', token, error, cause]);
    this.consume(token);
  }

  sendTaskHeartbeat(token: string) {
    this.calls.push(['heartbeat', token]);
    if (!this.tokens.has(token)) throw new AwsJsonError(SFN_ERRORS.taskDoesNotExist, 'Task does not exist');
  }

  describeExecution(arn: string) {
    const found = this.executions.get(arn);
    if (!found)
      throw new AwsJsonError(SFN_ERRORS.executionDoesNotExist, `Execution Does Not Exist: '${arn}'`);
    return found;
  }

  stopExecution(arn: string, error?: string, cause?: string) {
    const found = this.describeExecution(arn);
    const stopDate = new Date('2026-03-01T09:00:00.000Z');
    this.executions.set(arn, {
      ...found,
      status: 'ABORTED',
      stopDate,
      ...(error ? { error } : {}),
      ...(cause ? { cause } : {}),
    });
    return { stopDate };
  }
}

async function errorOf(promise: Promise<unknown>): Promise<SFNServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SFNServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('sfnEndpoint with the real @aws-sdk/client-sfn', () => {
  let server: TestServer;
  let backend: FakeBackend;
  let sfn: SFNClient;
  const internalErrors: unknown[] = [];

  beforeAll(async () => {
    backend = new FakeBackend();
    server = await serve(
      createSfnEndpoint(
        {
          // Indirection so each test can get a fresh FakeBackend.
          startExecution: (...a) => backend.startExecution(...a),
          sendTaskSuccess: (...a) => backend.sendTaskSuccess(...a),
          sendTaskFailure: (...a) => backend.sendTaskFailure(...a),
          sendTaskHeartbeat: (...a) => backend.sendTaskHeartbeat(...a),
          describeExecution: (...a) => backend.describeExecution(...a),
          stopExecution: (...a) => backend.stopExecution(...a),
        },
        { onInternalError: (error) => internalErrors.push(error) },
      ),
    );
    // maxAttempts 1: a 500 must be seen once, not retried into the backend three times.
    sfn = new SFNClient({ ...LOCAL_SDK_CONFIG, endpoint: server.endpoint, maxAttempts: 1 });
  });

  afterAll(async () => {
    sfn?.destroy();
    await server?.close();
  });

  beforeEach(() => {
    backend = new FakeBackend();
    internalErrors.length = 0;
  });

  it('starts an execution and returns its arn and start date', async () => {
    const out = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'case-C1', input: '{"caseId":"C1"}' }),
    );
    expect(out.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:CaseWorkflow:case-C1');
    expect(out.startDate).toEqual(STARTED_AT);
    expect(backend.calls).toEqual([['start', MACHINE, 'case-C1', '{"caseId":"C1"}']]);
  });

  it('surfaces ExecutionAlreadyExists by name for a reused execution name', async () => {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'case-C2', input: '{}' }));
    const error = await errorOf(
      sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'case-C2', input: '{}' })),
    );
    expect(error.name).toBe('ExecutionAlreadyExists');
    expect(error).toBeInstanceOf(ExecutionAlreadyExists);
    expect(error.message).toContain('case-C2');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('names an unnamed execution and defaults its input to {}', async () => {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE }));
    const [, , name, input] = backend.calls[0] ?? [];
    expect(name).toMatch(/^[0-9a-f-]{36}$/);
    expect(input).toBe('{}');
  });

  it.each([
    [
      'a malformed state machine arn',
      { stateMachineArn: 'not-an-arn', name: 'x', input: '{}' },
      'InvalidArn',
    ],
    ['a name with a space', { stateMachineArn: MACHINE, name: 'case C1', input: '{}' }, 'InvalidName'],
    [
      'a name with a control character',
      { stateMachineArn: MACHINE, name: 'case\u0001', input: '{}' },
      'InvalidName',
    ],
    [
      'a name of 81 characters',
      { stateMachineArn: MACHINE, name: 'n'.repeat(81), input: '{}' },
      'InvalidName',
    ],
    [
      'input that is not JSON',
      { stateMachineArn: MACHINE, name: 'x', input: '{caseId' },
      'InvalidExecutionInput',
    ],
    [
      'input over 256 KiB',
      { stateMachineArn: MACHINE, name: 'x', input: JSON.stringify('x'.repeat(256 * 1024)) },
      'InvalidExecutionInput',
    ],
  ])('refuses %s before the backend sees it', async (_, request, code) => {
    const error = await errorOf(sfn.send(new StartExecutionCommand(request)));
    expect(error.name).toBe(code);
    expect(backend.calls).toEqual([]);
  });

  it('passes a task success through once, then TaskDoesNotExist for the used token', async () => {
    backend.tokens.set('tok-1', 'exec');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: 'tok-1', output: '{"outcome":"approve"}' }));
    expect(backend.calls).toEqual([['success', 'tok-1', '{"outcome":"approve"}']]);
    const error = await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: 'tok-1', output: '{}' })));
    expect(error.name).toBe('TaskDoesNotExist');
  });

  it('answers TaskDoesNotExist for an unknown token and InvalidToken for a malformed one', async () => {
    const unknown = await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: 'nope', output: '{}' })));
    expect(unknown.name).toBe('TaskDoesNotExist');
    expect(unknown).toBeInstanceOf(TaskDoesNotExist);
    const empty = await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: '', output: '{}' })));
    expect(empty.name).toBe('InvalidToken');
    const long = await errorOf(sfn.send(new SendTaskHeartbeatCommand({ taskToken: 't'.repeat(2049) })));
    expect(long.name).toBe('InvalidToken');
  });

  it('refuses a task output that is not JSON', async () => {
    backend.tokens.set('tok-2', 'exec');
    const error = await errorOf(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'tok-2', output: 'approve' })),
    );
    expect(error.name).toBe('InvalidOutput');
    expect(backend.tokens.has('tok-2')).toBe(true);
  });

  it('passes task failure and heartbeat through', async () => {
    backend.tokens.set('tok-3', 'exec');
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'tok-3' }));
    await sfn.send(new SendTaskFailureCommand({ taskToken: 'tok-3', error: 'Rejected', cause: 'no quorum' }));
    expect(backend.calls).toEqual([
      ['heartbeat', 'tok-3'],
      ['failure', 'tok-3', 'Rejected', 'no quorum'],
    ]);
    const again = await errorOf(sfn.send(new SendTaskFailureCommand({ taskToken: 'tok-3' })));
    expect(again.name).toBe('TaskDoesNotExist');
    const tooLong = await errorOf(
      sfn.send(new SendTaskFailureCommand({ taskToken: 'tok-3', error: 'e'.repeat(257) })),
    );
    expect(tooLong.name).toBe('ValidationException');
  });

  it('describes and stops an execution, with dates as Date objects', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'case-C3', input: '{"caseId":"C3"}' }),
    );
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(running).toMatchObject({
      executionArn,
      stateMachineArn: MACHINE,
      name: 'case-C3',
      status: 'RUNNING',
      startDate: STARTED_AT,
      input: '{"caseId":"C3"}',
    });
    expect(running.stopDate).toBeUndefined();
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'applicant' }),
    );
    expect(stopped.stopDate).toEqual(new Date('2026-03-01T09:00:00.000Z'));
    const after = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(after).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'applicant' });
  });

  it('answers ExecutionDoesNotExist and InvalidArn for executions', async () => {
    const missing = await errorOf(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:000000000000:execution:CaseWorkflow:none',
        }),
      ),
    );
    expect(missing.name).toBe('ExecutionDoesNotExist');
    const bad = await errorOf(sfn.send(new StopExecutionCommand({ executionArn: MACHINE })));
    expect(bad.name).toBe('InvalidArn');
  });

  it('turns an unexpected backend error into a 500 and reports it', async () => {
    backend.failNext = new Error('engine exploded');
    const error = await errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'x' })));
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$fault).toBe('server');
    expect(error.message).toBe('engine exploded');
    expect(internalErrors).toEqual([backend.failNext]);
  });
});

describe('shared/ports/workflow.ts through the SDK environment, against sfnEndpoint', () => {
  const saved = { ...process.env };
  let server: TestServer;
  const backend = new FakeBackend();

  beforeAll(async () => {
    server = await serve(createSfnEndpoint(backend));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SFN: server.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: 'unused',
      STATE_MACHINE_ARN: MACHINE,
    });
    const [{ resetClients }, { resetAppConfig }] = await Promise.all([
      import('../../shared/adapters/clients.js'),
      import('../../shared/adapters/config.js'),
    ]);
    resetClients();
    resetAppConfig();
  });

  afterAll(async () => {
    process.env = saved;
    const { resetClients } = await import('../../shared/adapters/clients.js');
    resetClients();
    await server?.close();
  });

  it('treats a repeated startCase as done and resumes a waiting task once', async () => {
    const { stepFunctionsWorkflow } = await import('../../shared/ports/workflow.js');
    await stepFunctionsWorkflow.startCase('case-P1', { caseId: 'P1' });
    await stepFunctionsWorkflow.startCase('case-P1', { caseId: 'P1' });
    expect([...backend.executions.keys()]).toEqual([
      'arn:aws:states:us-east-1:000000000000:execution:CaseWorkflow:case-P1',
    ]);
    backend.tokens.set('tok-P1', 'exec');
    await stepFunctionsWorkflow.resumeTask('tok-P1', { outcome: 'approve' });
    expect(backend.calls.at(-1)).toEqual(['success', 'tok-P1', '{"outcome":"approve"}']);
    await expect(stepFunctionsWorkflow.resumeTask('tok-P1', { outcome: 'approve' })).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
  });
});
