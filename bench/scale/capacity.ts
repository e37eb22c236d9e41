import { AsyncLocalStorage } from 'node:async_hooks';
import { basename } from 'node:path';
import type { Runtime } from '../../local/runtime/runtime.js';
import { dynamoClient } from '../../shared/adapters/clients.js';

/**
 * Read capacity per handler: every command the handlers' own client sends asks for
 * ReturnConsumedCapacity TOTAL (DynamoDB Local answers it as DynamoDB does: 0.5 per 4 KB eventually
 * consistent, 1 per 4 KB strongly consistent, summed over the items a Query reads, filtered or not),
 * and the read units of the answer are summed by the Lambda whose invocation sent it. Request counts
 * come from bench/instrument.ts; this only adds the units, which that probe does not ask for.
 */
const READS = /^(Get|Query|Scan|BatchGet|TransactGet)/;

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
}

export interface CapacityProbe {
  readUnits(fn: string): number;
  reset(): void;
}

export function probeCapacity(runtime: Runtime): CapacityProbe {
  const names = new Map(
    Object.entries(runtime.topology.functions).map(([id, fn]) => [id, basename(fn.entry, '.ts')]),
  );
  const current = new AsyncLocalStorage<string>();
  let units = new Map<string, number>();

  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const command = (context.commandName ?? '').replace(/Command$/, '');
      if (input && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      if (READS.test(command)) {
        const c = (out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        const list = Array.isArray(c) ? c : c ? [c] : [];
        const sum = list.reduce((a, x) => a + (x.ReadCapacityUnits ?? x.CapacityUnits ?? 0), 0);
        const fn = current.getStore() ?? '(outside any handler)';
        units.set(fn, (units.get(fn) ?? 0) + sum);
      }
      return out;
    },
    { step: 'initialize', name: 'benchScaleCapacity' },
  );

  const host = runtime.host;
  const invoke = host.invoke.bind(host);
  host.invoke = (functionId, event) =>
    current.run(names.get(functionId) ?? functionId, () => invoke(functionId, event));

  return {
    readUnits: (fn) => units.get(fn) ?? 0,
    reset() {
      units = new Map();
    },
  };
}
