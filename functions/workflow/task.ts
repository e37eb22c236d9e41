import type { Context } from 'aws-lambda';
import { logger, withLambdaContext } from '../../shared/adapters/observability.js';
import { InvalidTaskInputError } from '../../shared/cases/commands/steps/errors.js';
import { type TaskEvent, taskEventSchema } from '../../shared/workflow/contract.js';

/**
 * What is Lambda's in a workflow task: the invocation and its payload. What a step decides and writes
 * is its command in shared/cases/commands/steps/ (runStep.ts runs the read-decide-commit loop).
 */
export function parseTaskEvent(event: unknown): TaskEvent {
  const parsed = taskEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidTaskInputError(`the task input is not a TaskEvent (${issues.join('; ')})`);
  }
  return parsed.data;
}

/**
 * A workflow task as a Lambda handler: the logger with the invocation's context (case id and step as keys),
 * the input parsed before anything else, one clock reading per invocation.
 */
export function taskHandler<R>(run: (event: TaskEvent, now: string) => Promise<R>) {
  return withLambdaContext(
    async (event: unknown, _context: Context): Promise<R> => {
      const parsed = parseTaskEvent(event);
      logger.appendKeys({ caseId: parsed.caseId, ...(parsed.step ? { step: parsed.step } : {}) });
      return run(parsed, new Date().toISOString());
    },
    { resetKeys: true },
  );
}
