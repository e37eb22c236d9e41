import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { AslDefinition } from '../../infra/workflow/asl.js';
import { AwsJsonError } from '../aws/awsJsonProtocol.js';
import { type LocalExecutionDescription, type LocalSfnBackend, SFN_ERRORS } from '../aws/sfnEndpoint.js';
import type { LambdaHost } from './lambdaHost.js';
import {
  FAST_WAIT_SECONDS,
  type HumanStepState,
  localDefinition,
  MAX_TIMER_SECONDS,
  TIMEOUT_PARAMETER,
  TOKEN_PLACEHOLDER,
} from './localDefinition.js';

// aws-local-stepfunctions 3 uses Promise.withResolvers, which Node 20 lacks
const promiseCtor = Promise as unknown as { withResolvers?: unknown };
if (!promiseCtor.withResolvers) {
  promiseCtor.withResolvers = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

interface Waiting {
  executionArn: string;
  state: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

interface Execution extends LocalExecutionDescription {
  abort(): void;
  done: Promise<void>;
}

/** An error thrown by a task, named as Step Functions names it, so Retry and Catch match. */
class TaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const functionIdOf = (arn: string) => arn.split(':').pop() ?? arn;

/**
 * The local Step Functions: the synthesized definition run by aws-local-stepfunctions, every Lambda
 * task calling the real handler module, every `.waitForTaskToken` task registering a unique token that
 * only SendTaskSuccess / SendTaskFailure (through the same SFN client code as on AWS) can resume, once.
 */
export class LocalStepFunctions implements LocalSfnBackend {
  private readonly machine: StateMachine;
  private readonly definition: AslDefinition;
  private readonly humanSteps: Record<string, HumanStepState>;
  private readonly executions = new Map<string, Execution>();
  private readonly byName = new Map<string, string>();
  private readonly tokens = new Map<string, Waiting>();
  private readonly finishedTokens = new Set<string>();
  /** state transitions entered, for the benchmark */
  transitions = 0;

  constructor(
    source: AslDefinition,
    private readonly stateMachineArn: string,
    private readonly host: LambdaHost,
    private readonly opts: { fastWaits: boolean; onError?: (error: unknown) => void },
  ) {
    const local = localDefinition(source, { fastWaits: opts.fastWaits });
    this.humanSteps = local.humanSteps;
    this.definition = local.definition;
    this.machine = new StateMachine(local.definition as never, {
      validationOptions: { checkArn: false, checkPaths: false },
    });
  }

  private overrides(executionArn: string): Record<string, (input: unknown) => Promise<unknown>> {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, state] of Object.entries(this.definition.States)) {
      if (state.Type !== 'Task') continue;
      const human = this.humanSteps[name];
      handlers[name] = human
        ? (input) => this.runHumanStep(executionArn, human, input as Record<string, unknown>)
        : (input) => this.runLambda(name, String(state.Resource), input);
    }
    return handlers;
  }

  private async runLambda(state: string, resource: string, input: unknown): Promise<unknown> {
    this.transitions += 1;
    try {
      return await this.host.invoke(functionIdOf(resource), input);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      throw new TaskError(e.name || 'Error', `${state}: ${e.message}`);
    }
  }

  private async runHumanStep(executionArn: string, step: HumanStepState, input: Record<string, unknown>) {
    this.transitions += 1;
    const token = `local-${randomUUID()}`;
    const { [TIMEOUT_PARAMETER]: fromInput, FunctionName: _fn, Payload, ...rest } = input;
    const payload = JSON.parse(
      JSON.stringify(Payload ?? rest).replaceAll(TOKEN_PLACEHOLDER, token),
    ) as unknown;
    const deadline = fromInput ?? step.timeoutSeconds;
    // fast waits cap a step's first deadline at a second; the wait after an escalation keeps the handlers'
    // (longer) cap, so a waiting demo case climbs the escalation ladder once a minute, not every second
    const seconds =
      deadline === undefined
        ? MAX_TIMER_SECONDS
        : Math.min(
            this.opts.fastWaits && !step.reEscalation ? FAST_WAIT_SECONDS : MAX_TIMER_SECONDS,
            Number(deadline),
          );
    const outcome = new Promise<unknown>((resolve, reject) => {
      this.tokens.set(token, { executionArn, state: step.name, resolve, reject });
    });
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (this.tokens.delete(token)) this.finishedTokens.add(token);
        reject(new TaskError('States.Timeout', `${step.name} timed out after ${seconds} s`));
      }, seconds * 1000);
    });
    // the deadline may pass while the registration below still runs; its rejection is observed by the
    // race afterwards, and must not count as unhandled in the meantime (Node would end the process)
    expiry.catch(() => undefined);
    try {
      // the task's own Lambda stores the token on the case; its failure fails the task as on AWS
      await this.host.invoke(functionIdOf(step.functionArn), payload).catch((error: unknown) => {
        this.tokens.delete(token);
        const e = error instanceof Error ? error : new Error(String(error));
        throw new TaskError(e.name || 'Error', e.message);
      });
      return await Promise.race([outcome, expiry]);
    } finally {
      clearTimeout(timer);
    }
  }

  private take(token: string): Waiting {
    const waiting = this.tokens.get(token);
    if (!waiting) {
      throw new AwsJsonError(
        this.finishedTokens.has(token) ? SFN_ERRORS.taskTimedOut : SFN_ERRORS.taskDoesNotExist,
        'Task does not exist anymore',
      );
    }
    this.tokens.delete(token);
    this.finishedTokens.add(token);
    return waiting;
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new AwsJsonError(SFN_ERRORS.invalidOutput, 'output is not JSON');
    }
    this.take(taskToken).resolve(parsed);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.take(taskToken).reject(new TaskError(error ?? 'TaskFailed', cause ?? ''));
  }

  sendTaskHeartbeat(taskToken: string): void {
    if (!this.tokens.has(taskToken))
      throw new AwsJsonError(SFN_ERRORS.taskDoesNotExist, 'Task does not exist');
  }

  async startExecution(stateMachineArn: string, name: string, input: string) {
    if (stateMachineArn !== this.stateMachineArn) {
      throw new AwsJsonError(
        SFN_ERRORS.stateMachineDoesNotExist,
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    const existingArn = this.byName.get(name);
    const existing = existingArn ? this.executions.get(existingArn) : undefined;
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.executionArn, startDate: existing.startDate };
      }
      throw new AwsJsonError(
        SFN_ERRORS.executionAlreadyExists,
        `Execution Already Exists: '${existing.executionArn}'`,
      );
    }
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const parsed = JSON.parse(input) as unknown;
    const startDate = new Date();
    const run = this.machine.run(parsed as never, {
      overrides: { taskResourceLocalHandlers: this.overrides(executionArn) as never },
      // the Context Object fields the definition reads, as on AWS
      context: {
        Execution: {
          Id: executionArn,
          Name: name,
          Input: parsed as never,
          StartTime: startDate.toISOString(),
        },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn,
      name,
      status: 'RUNNING',
      startDate,
      input,
      abort: () => run.abort(),
      done: Promise.resolve(),
    };
    execution.done = run.result.then(
      (output) => {
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output ?? null);
        execution.stopDate = new Date();
      },
      (error: unknown) => {
        if (execution.status === 'ABORTED') return;
        execution.status = 'FAILED';
        const cause = (error as { cause?: { name?: string; message?: string } }).cause;
        execution.error = cause?.name ?? (error as Error).name;
        execution.cause = cause?.message ?? (error as Error).message;
        execution.stopDate = new Date();
        this.opts.onError?.(error);
      },
    );
    this.executions.set(executionArn, execution);
    this.byName.set(name, executionArn);
    return { executionArn, startDate: execution.startDate };
  }

  describeExecution(executionArn: string): LocalExecutionDescription {
    const e = this.executions.get(executionArn);
    if (!e)
      throw new AwsJsonError(SFN_ERRORS.executionDoesNotExist, `Execution Does Not Exist: '${executionArn}'`);
    const { abort: _a, done: _d, ...description } = e;
    return description;
  }

  stopExecution(executionArn: string, error?: string, cause?: string) {
    const e = this.executions.get(executionArn);
    if (!e)
      throw new AwsJsonError(SFN_ERRORS.executionDoesNotExist, `Execution Does Not Exist: '${executionArn}'`);
    if (e.status === 'RUNNING') {
      e.status = 'ABORTED';
      e.stopDate = new Date();
      if (error) e.error = error;
      if (cause) e.cause = cause;
      e.abort();
      for (const [token, w] of this.tokens) if (w.executionArn === executionArn) this.tokens.delete(token);
    }
    return { stopDate: e.stopDate ?? new Date() };
  }

  /** Executions still running (waiting at a human step counts). */
  running(): number {
    let n = 0;
    for (const e of this.executions.values()) if (e.status === 'RUNNING') n += 1;
    return n;
  }

  /** Stops every execution: the process is going down; cases are re-driven from their status on start. */
  stopAll(): void {
    for (const e of this.executions.values()) if (e.status === 'RUNNING') this.stopExecution(e.executionArn);
  }
}
