import { f, table } from '../table.js';
import type { RouteFigures } from './measure.js';

/** The benchmark's printed tables (Markdown, as docs/performance.md takes them). */

export interface SizeResult {
  cases: number;
  routes: RouteFigures[];
  /** start-up of the runtime on the filled data directory, re-drive included */
  startupSeconds: number;
  redriven: number;
  fillSeconds: number;
  items: string;
}

export function sizeTable(r: SizeResult): string {
  const rows = r.routes.map((x) => [
    x.name,
    x.calls,
    f(x.p50),
    f(x.p99),
    f(x.requestsPerCall, 2),
    f(x.readUnitsPerCall, 1),
    x.bytes >= 10_000 ? `${f(x.bytes / 1024, 0)} KiB` : `${f(x.bytes, 0)} B`,
    x.errors > 0 ? `${x.errors}: ${x.firstError?.slice(0, 80) ?? ''}` : '0',
  ]);
  return table(['route', 'calls', 'p50 ms', 'p99 ms', 'requests/call', 'RCU/call', 'answer', 'errors'], rows);
}

/** Ratio of the last size's figure to the first's, per route. */
export function growthTable(first: SizeResult, last: SizeResult): string {
  const rows = last.routes.map((l) => {
    const a = first.routes.find((x) => x.name === l.name);
    const ratio = (x: number | undefined, y: number) =>
      x !== undefined && Number.isFinite(x) && x > 0 ? `${f(y / x, 2)}×` : '–';
    return [
      l.name,
      f(a?.requestsPerCall ?? Number.NaN, 2),
      f(l.requestsPerCall, 2),
      ratio(a?.requestsPerCall, l.requestsPerCall),
      ratio(a?.readUnitsPerCall, l.readUnitsPerCall),
      f(a?.p99 ?? Number.NaN),
      f(l.p99),
      ratio(a?.p99, l.p99),
    ];
  });
  rows.push([
    'runtime start-up (re-drive included)',
    '',
    '',
    '',
    '',
    `${f(first.startupSeconds)} s`,
    `${f(last.startupSeconds)} s`,
    first.startupSeconds > 0 ? `${f(last.startupSeconds / first.startupSeconds, 2)}×` : '–',
  ]);
  const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  return table(
    [
      'route',
      `req/call ${k(first.cases)}`,
      `req/call ${k(last.cases)}`,
      'requests ×',
      'RCU ×',
      `p99 ms ${k(first.cases)}`,
      `p99 ms ${k(last.cases)}`,
      'p99 ×',
    ],
    rows,
  );
}
