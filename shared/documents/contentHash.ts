import { createHash } from 'node:crypto';

/**
 * The content hash of every issued document (the agreement, a receipt, the notice list): SHA-256 of a
 * canonical JSON of the document's content object, so that anyone holding the content can recompute it
 * without the PDF, and two renderings of one content carry one hash whatever their bytes.
 *
 * Canonical: object keys sorted by UTF-16 code unit order (Array.prototype.sort's default, as RFC 8785
 * does), no whitespace, `undefined` members left out (as JSON.stringify does), strings and finite
 * numbers as JSON.stringify writes them. Anything JSON cannot carry exactly (bigint, NaN, a Date, a
 * function, a class instance) is refused rather than coerced, so a hash never silently stands for
 * something else.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(
          `canonicalJson: a ${proto?.constructor?.name ?? 'non-plain'} object is not JSON data`,
        );
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .filter((k) => record[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON data`);
  }
}

/** The hex SHA-256 of the content's canonical JSON (UTF-8): the 内容校验码 on every page. */
export function contentSha256(content: object): string {
  // node:crypto directly, not publish.ts's sha256Hex: that module loads the S3 and DynamoDB clients,
  // which a pure content function (and its tests) should not pull in
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
