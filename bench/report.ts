import { cpus } from 'node:os';
import type { BundleSize } from './bundles.js';
import { costReport } from './costReport.js';
import type { LevelResult, Spread } from './levelResult.js';
import { f, table } from './table.js';

const CORES = cpus().length;

/**
 * Everything the run measured, as the text `npm run bench` prints: the run's circumstances, then one
 * table per figure (throughput, per case, DynamoDB by function and command, states, durations,
 * conflicts, read latency), the bundle sizes and the failures.
 */
export function report(results: LevelResult[], bundles: BundleSize[], meta: Record<string, string>): string {
  const out: string[] = [];
  out.push(
    `commit: ${meta.commit}`,
    `machine: ${meta.machine}`,
    `java: ${meta.java}`,
    `date: ${meta.date}`,
    `startup: ${meta.startup}`,
    `machine busy before the start (other processes): ${meta.baseline}`,
    `Powertools metrics warnings dropped from the output: ${meta.droppedWarnings}`,
    '',
  );
  out.push('Throughput (cases from draft to closed, LOCAL_FAST_WAITS=1, automatic decisions)', '');
  out.push(
    table(
      [
        'concurrent',
        'cases',
        'closed',
        'failed',
        'wall s',
        'cases/s',
        'case p50 s',
        'case p99 s',
        'escalations',
        'registrations > 1 s',
        '5xx',
        'node % of a core',
        'java % of a core',
        'machine busy % (all cores)',
        'rest of machine % of a core',
        'iowait %',
      ],
      results.map((r) => [
        r.concurrency,
        r.cases,
        r.completed,
        r.failures.length,
        f(r.wallSeconds),
        f(r.casesPerSecond, 2),
        f(r.caseSeconds.p50, 2),
        f(r.caseSeconds.p99, 2),
        r.escalations,
        r.slowRegistrations,
        r.serverErrors.length,
        f((100 * r.cpu.nodeSeconds) / r.wallSeconds, 0),
        r.cpu.javaSeconds === undefined ? '–' : f((100 * r.cpu.javaSeconds) / r.wallSeconds, 0),
        r.cpu.machine ? f(r.cpu.machine.busyPercent, 0) : '–',
        r.cpu.machine && r.cpu.javaSeconds !== undefined
          ? f(
              Math.max(
                0,
                r.cpu.machine.busyPercent * CORES -
                  (100 * (r.cpu.nodeSeconds + r.cpu.javaSeconds)) / r.wallSeconds,
              ),
              0,
            )
          : '–',
        r.cpu.machine ? f(r.cpu.machine.iowaitPercent, 0) : '–',
      ]),
    ),
    '',
  );
  out.push('Per closed case', '');
  out.push(
    table(
      [
        'concurrent',
        'DynamoDB requests',
        'conditional writes refused',
        'states entered (min–max)',
        'Task states',
        'driver GETs',
        'DynamoDB per GET /cases/{id}',
      ],
      results.map((r) => [
        r.concurrency,
        f(r.dynamoPerCase),
        f(r.conflictsPerCase, 2),
        r.statesPerCase ? `${f(r.statesPerCase.mean)} (${r.statesPerCase.min}–${r.statesPerCase.max})` : '–',
        f(r.taskStatesPerCase),
        f(r.driverReadsPerCase),
        f(r.dynamoPerCaseRead, 1),
      ]),
    ),
    '',
  );
  const fns = [...new Set(results.flatMap((r) => Object.keys(r.dynamoByFunction)))].sort();
  out.push(
    "DynamoDB requests per closed case, by function (and the function's invocations per closed case)",
    '',
  );
  out.push(
    table(
      ['function', ...results.flatMap((r) => [`×${r.concurrency}`, `×${r.concurrency} calls`])],
      fns.map((fn) => [
        fn,
        ...results.flatMap((r) => [f(r.dynamoByFunction[fn] ?? 0, 2), f(r.invocationsPerCase[fn] ?? 0, 2)]),
      ]),
    ),
    '',
  );
  const commands = [...new Set(results.flatMap((r) => Object.keys(r.dynamoByCommand)))].sort();
  out.push('DynamoDB requests per closed case, by command', '');
  out.push(
    table(
      ['command', ...results.map((r) => `×${r.concurrency}`)],
      commands.map((cmd) => [cmd, ...results.map((r) => f(r.dynamoByCommand[cmd] ?? 0, 2))]),
    ),
    '',
  );
  const types = [...new Set(results.flatMap((r) => Object.keys(r.statesByType)))].sort();
  if (types.length > 0) {
    out.push('States entered per closed case, by state type', '');
    out.push(
      table(
        ['type', ...results.map((r) => `×${r.concurrency}`)],
        types.map((t) => [t, ...results.map((r) => f(r.statesByType[t] ?? 0, 2))]),
      ),
      '',
    );
  }
  const spreadTable = (title: string, pick: (r: LevelResult) => Record<string, Spread>) => {
    const keys = [...new Set(results.flatMap((r) => Object.keys(pick(r))))].sort();
    out.push(title, '');
    out.push(
      table(
        ['', ...results.flatMap((r) => [`×${r.concurrency} n`, 'p50', 'p99'])],
        keys.map((k) => [
          k,
          ...results.flatMap((r) => {
            const x = pick(r)[k];
            return x ? [x.n, f(x.p50), f(x.p99)] : ['0', '–', '–'];
          }),
        ]),
      ),
      '',
    );
  };
  spreadTable('Handler duration (ms; routes and workflow tasks, in this process)', (r) => r.handlerMs);
  spreadTable('DynamoDB round trip per command (ms; DynamoDB Local)', (r) => r.dynamoMs);
  const conflictFns = [...new Set(results.flatMap((r) => Object.keys(r.conflictsByFunction)))].sort();
  if (conflictFns.length > 0) {
    out.push(
      'Conditional writes refused (lost races, duplicate deliveries) per closed case, by function',
      '',
    );
    out.push(
      table(
        ['function', ...results.map((r) => `×${r.concurrency}`)],
        conflictFns.map((fn) => [fn, ...results.map((r) => f(r.conflictsByFunction[fn] ?? 0, 2))]),
      ),
      '',
    );
  }
  out.push('Read latency while the cases run (ms)', '');
  out.push(
    table(
      ['concurrent', 'GET /cases/{id} n', 'p50', 'p99', 'reviewer queue n', 'p50', 'p99', 'errors'],
      results.map((r) => [
        r.concurrency,
        r.latency.getCase.n,
        f(r.latency.getCase.p50),
        f(r.latency.getCase.p99),
        r.latency.reviewerQueue.n,
        f(r.latency.reviewerQueue.p50),
        f(r.latency.reviewerQueue.p99),
        r.latency.errors,
      ]),
    ),
    '',
  );
  if (bundles.length > 0) {
    const kb = (n: number) => (n / 1024).toFixed(1);
    out.push('Lambda bundles (esbuild as infra/constructs/appFunction.ts; KiB)', '');
    out.push(
      table(
        ['function', 'entry', 'index.mjs', 'gzip -9', 'source map', 'layer files'],
        [...bundles]
          .sort((a, b) => b.codeBytes - a.codeBytes)
          .map((b) => [
            b.functionId,
            b.entry,
            kb(b.codeBytes),
            kb(b.gzipBytes),
            kb(b.mapBytes),
            b.layerBytes > 0 ? kb(b.layerBytes) : '—',
          ]),
      ),
      '',
    );
    const total = bundles.reduce((a, b) => a + b.codeBytes, 0);
    out.push(`${bundles.length} functions, ${kb(total)} KiB of code in total`, '');
    const largest = [...bundles].sort((a, b) => b.codeBytes - a.codeBytes)[0];
    const smallest = [...bundles].sort((a, b) => a.codeBytes - b.codeBytes)[0];
    for (const b of [largest, smallest]) {
      if (!b) continue;
      out.push(`What ${b.entry} is made of (KiB):`, '');
      out.push(
        table(
          ['package', 'KiB', '%'],
          b.packages.slice(0, 10).map((p) => [p.name, kb(p.bytes), f((100 * p.bytes) / b.codeBytes, 1)]),
        ),
        '',
      );
    }
  }
  out.push(...costReport(results));
  for (const r of results) {
    if (r.serverErrors.length > 0) {
      out.push(`5xx answers at ×${r.concurrency}:`, ...r.serverErrors.slice(0, 5).map((m) => `  ${m}`));
    }
    if (r.failures.length > 0)
      out.push(`failures at ×${r.concurrency}:`, ...r.failures.slice(0, 5).map((m) => `  ${m}`));
  }
  return out.join('\n');
}
