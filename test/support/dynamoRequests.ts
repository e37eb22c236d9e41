import { dynamoClient } from '../../shared/adapters/clients.js';

/** One DynamoDB command the handlers' client sent: its name (`QueryCommand` …) and the items it returned. */
export interface SentCommand {
  command: string;
  items: number;
}

/** The items a DynamoDB answer carries: a Query's `Count`, a GetItem's `Item`, a batch or transaction's `Responses`. */
function itemsIn(output: unknown): number {
  const out = output as { Count?: number; Item?: unknown; Responses?: unknown } | undefined;
  const responses = out?.Responses;
  const fromResponses = Array.isArray(responses)
    ? responses.length
    : Object.values((responses ?? {}) as Record<string, unknown>).reduce(
        (n: number, r) => n + (Array.isArray(r) ? r.length : 0),
        0,
      );
  return (out?.Count ?? 0) + (out?.Item ? 1 : 0) + fromResponses;
}

/**
 * Every DynamoDB command the handlers' own client (shared/adapters/clients.ts) sends while `run` runs,
 * in order, with the items each returned: the tests of issue 17 that a read costs the same whatever the
 * size of the table count with this.
 */
export async function dynamoCommandsDuring<T>(
  run: () => Promise<T>,
): Promise<{ result: T; sent: SentCommand[] }> {
  const sent: SentCommand[] = [];
  const name = `count-${Math.random()}`;
  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      const entry = { command: context.commandName ?? 'unknown', items: 0 };
      sent.push(entry);
      const result = await next(args);
      entry.items = itemsIn(result.output);
      return result;
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await run(), sent };
  } finally {
    dynamoClient().middlewareStack.remove(name);
  }
}

/** How many of the commands were of one kind (`QueryCommand`, `GetItemCommand` …). */
export const countOf = (sent: SentCommand[], command: string) =>
  sent.filter((c) => c.command === command).length;
