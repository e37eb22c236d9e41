import type { Api } from './http.js';

/** Nearest-rank percentile of unsorted samples (NaN when there are none). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export interface LatencySamples {
  getCase: number[];
  reviewerQueue: number[];
  errors: number;
}

/**
 * Samples read latency while the cases run: one request at a time, alternating GET /cases/{id} (a case
 * in flight, as that village's reviewer) and the reviewer's queue GET /cases?status=village_review,
 * with `pauseMs` between requests so the sampler itself stays a light, steady extra load.
 * Stops when `stop()` returns true, after `maxSamples` pairs, or at the deadline.
 */
export async function sampleLatency(
  api: Api,
  opts: {
    reviewerToken: string;
    caseIds: () => readonly string[];
    stop: () => boolean;
    pauseMs: number;
    maxSamples: number;
    deadline: number;
  },
): Promise<LatencySamples> {
  const out: LatencySamples = { getCase: [], reviewerQueue: [], errors: 0 };
  const pause = () => new Promise((resolve) => setTimeout(resolve, opts.pauseMs));
  for (let i = 0; i < opts.maxSamples && !opts.stop() && Date.now() < opts.deadline; i += 1) {
    const ids = opts.caseIds();
    const id = ids[Math.floor(Math.random() * ids.length)];
    if (id) {
      const a = await api.call('GET', `/cases/${id}`, { token: opts.reviewerToken });
      if (a.status === 200) out.getCase.push(a.ms);
      else out.errors += 1;
      await pause();
    }
    const q = await api.call('GET', '/cases?status=village_review&limit=20', { token: opts.reviewerToken });
    if (q.status === 200) out.reviewerQueue.push(q.ms);
    else out.errors += 1;
    await pause();
  }
  return out;
}
