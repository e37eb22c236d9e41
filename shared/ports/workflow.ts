import { SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import type { WorkflowInput } from '../workflow/contract.js';

/**
 * The port through which handlers drive the case workflow. On AWS (and locally, where the SFN client
 * points at the local runtime's endpoint) it is Step Functions; tests may install a recording double.
 */
export interface WorkflowPort {
  /** starts (or, for an existing name, leaves alone) the execution that carries the case */
  startCase(executionName: string, input: WorkflowInput): Promise<void>;
  /** resumes a waiting human step with its outcome */
  resumeTask(token: string, output: unknown): Promise<void>;
  failTask(token: string, error: string, cause: string): Promise<void>;
}

export const stepFunctionsWorkflow: WorkflowPort = {
  async startCase(executionName, input) {
    try {
      await sfnClient().send(
        new StartExecutionCommand({
          stateMachineArn: requireConfig('STATE_MACHINE_ARN'),
          name: executionName,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      // a retried submit must not start the case twice: the execution name is the idempotency key
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  },
  async resumeTask(token, output) {
    await sfnClient().send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  },
  async failTask(token, error, cause) {
    await sfnClient().send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
  },
};

let current: WorkflowPort = stepFunctionsWorkflow;

export function workflow(): WorkflowPort {
  return current;
}

/** Step Functions' answers for a token that is already closed (resumed, or expired at its deadline). */
export const CLOSED_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'TaskTimedOut',
  'InvalidToken',
  'TaskDoesNotExist',
]);

/**
 * Resumes a human step after its decision was saved. A token already closed (the deadline fired a moment
 * before, or a re-run already resumed it) is no error: the decision stands on the case, and the step's
 * next wait finds the case moved on and resumes itself. Anything else is a real failure. Returns whether
 * this call delivered the outcome.
 */
export async function resumeDecided(token: string, output: unknown): Promise<boolean> {
  try {
    await workflow().resumeTask(token, output);
    return true;
  } catch (error) {
    if (error instanceof Error && CLOSED_TOKEN_ERRORS.has(error.name)) return false;
    throw error;
  }
}

/** Tests and the local runtime swap the implementation; production never calls this. */
export function setWorkflowPort(port: WorkflowPort): void {
  current = port;
}
