/**
 * The progress of a local runtime's start (issue 18 item 7): `npm start` was silent for about 17 s on a
 * fresh start. The runtime reports its phases to a callback rather than printing them, because the tests
 * start runtimes too and must stay quiet; local/start.ts prints them.
 */
/** The phases of a start, in the order they run. */
export const RUNTIME_PHASES = ['template', 'dynamodb', 's3', 'storage', 'seed', 'redrive', 'ready'] as const;
export type RuntimePhase = (typeof RUNTIME_PHASES)[number];

export interface RuntimeProgress {
  phase: RuntimePhase;
  state: 'start' | 'done';
  /** milliseconds since `startRuntime` was called */
  elapsedMs: number;
  /** on `done`: how long the phase took */
  tookMs?: number;
  /**
   * on `done`, where it tells something: `dynamodb` → `external` (one already running); `seed` → `seeded`
   * (the first start) or `kept` (data from an earlier start); `redrive` → how many open cases were re-driven
   */
  detail?: string;
}

/** Runs one phase of the start between its `start` and `done` reports. */
export function startProgress(onProgress: ((progress: RuntimeProgress) => void) | undefined) {
  const t0 = performance.now();
  const tell = (p: Omit<RuntimeProgress, 'elapsedMs'>) => {
    try {
      onProgress?.({ ...p, elapsedMs: Math.round(performance.now() - t0) });
    } catch {
      // a progress printer that fails must not fail the start
    }
  };
  const run = async <T>(
    phase: RuntimePhase,
    work: () => Promise<T>,
    detail?: (result: T) => string | undefined,
  ): Promise<T> => {
    const started = performance.now();
    tell({ phase, state: 'start' });
    const result = await work();
    const said = detail?.(result);
    tell({
      phase,
      state: 'done',
      tookMs: Math.round(performance.now() - started),
      ...(said ? { detail: said } : {}),
    });
    return result;
  };
  /** `ready` is a moment, not a phase: one `done` report whose `tookMs` is the whole start */
  const ready = () => tell({ phase: 'ready', state: 'done', tookMs: Math.round(performance.now() - t0) });
  return { run, ready };
}
