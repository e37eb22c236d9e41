import type { Case } from '../domain/model/case.js';
import type { CaseStatus } from '../domain/model/status.js';
import type { QuarterPeriod } from '../domain/period.js';

/** A move of a case into a status, when it happened. */
export interface Arrival {
  status: CaseStatus;
  ms: number;
  at: string;
}

/** Status changes of a case in the order they were written (same-status entries are notes, not moves). */
export function arrivals(c: Pick<Case, 'timeline'>): Arrival[] {
  const out: Arrival[] = [];
  for (const entry of c.timeline) {
    if (out.at(-1)?.status === entry.status) continue;
    const ms = Date.parse(entry.at);
    if (!Number.isFinite(ms)) continue;
    out.push({ status: entry.status, ms, at: entry.at });
  }
  return out;
}

export function inQuarter(ms: number, p: QuarterPeriod): boolean {
  return ms >= p.startMs && ms < p.endMs;
}
