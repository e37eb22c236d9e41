/**
 * The size of an item as DynamoDB counts it against its 400 KB limit ("Item sizes and formats" in the
 * DynamoDB developer guide): for every attribute, its name in UTF-8 plus its value, where
 * - a string is its UTF-8 bytes;
 * - a number is 1 byte plus 1 byte per two significant digits (leading and trailing zeros trimmed);
 * - a boolean or null is 1 byte;
 * - a list or map is 3 bytes, plus 1 byte per element, plus its elements (a map's with their names).
 * `undefined` values are dropped, as the table's document client is told to (removeUndefinedValues).
 */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8(name) + valueSize(value);
  }
  return size;
}

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function numberSize(n: number): number {
  const digits = Math.abs(n)
    .toExponential()
    .replace(/e.*$/, '')
    .replace('.', '')
    .replace(/^0+|0+$/g, '');
  return 1 + Math.ceil(Math.max(1, digits.length) / 2);
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) {
    return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  }
  if (typeof value === 'object') {
    let size = 3;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      size += 1 + utf8(k) + valueSize(v);
    }
    return size;
  }
  throw new Error(`no DynamoDB size for a ${typeof value}`);
}
