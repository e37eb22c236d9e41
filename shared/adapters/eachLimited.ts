/**
 * Runs `fn` on every element, at most `limit` at a time, in order of start (a pool of workers taking the
 * next element): the requests a batch sends side by side, never more than the store or the run allows.
 */
export async function eachLimited<T>(
  list: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next;
      next += 1;
      await fn(list[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
}
