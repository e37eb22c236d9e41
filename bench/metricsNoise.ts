/** The two Powertools warnings dropped from the bench's output, matched at the start of a write. */
const NOISE = ['No application metrics to publish', 'Dimension "route" has already been added'];

/**
 * The API handlers share one module-level Powertools Metrics instance, and here concurrent invocations
 * share the module, so one invocation's flush empties another's metrics: "No application metrics to
 * publish" and "Dimension \"route\" has already been added", thousands of times per run, written
 * through Powertools' own Console. They would bury the tables; exactly these two are dropped from
 * stdout and stderr and counted (the returned function tells how many so far).
 */
export function dropMetricsNoise(): () => number {
  let dropped = 0;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
      if (NOISE.some((n) => text.startsWith(n))) {
        dropped += 1;
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return () => dropped;
}
