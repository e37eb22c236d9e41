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

/** Tests and the local runtime swap the implementation; production never calls this. */
export function setWorkflowPort(port: WorkflowPort): void {
  current = port;
}
