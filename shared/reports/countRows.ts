import type { CountRow } from './quarterlyTypes.js';

/**
 * Count rows with their labels: in the given order (every key, zeros included), else largest count
 * first and then by key, so the same figures always print the same way.
 */
export function countRows<K extends string>(
  counts: Map<K, number>,
  label: (k: K) => { zh: string; en: string },
  order?: readonly K[],
): (CountRow & { key: K })[] {
  const keys = order ?? [...counts.keys()];
  const rows = keys.map((key) => ({
    key,
    labelZh: label(key).zh,
    labelEn: label(key).en,
    count: counts.get(key) ?? 0,
  }));
  return order ? rows : rows.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
