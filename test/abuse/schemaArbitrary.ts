import fc from 'fast-check';
import * as z from 'zod';

/**
 * fast-check arbitraries from a route's zod schema, through `z.toJSONSchema` (zod 4's documented,
 * stable way to look at a schema; `_zod.def` is internal). `io: 'input'` describes what a client sends
 * (before defaults and transforms), and `unrepresentable: 'any'` turns what JSON Schema cannot say
 * (`z.undefined()`, a transform) into `{}`, which generates any JSON value. A route whose schema cannot
 * be converted at all throws here, so the sweep's "every route has a generator" test fails.
 *
 * Two shapes of valid-looking values: `typical` (short strings, a few items) and `maximal` (every
 * string at its maxLength in three-byte characters where no pattern forbids them, every array at its
 * maxItems): a maximal body is what a client may legally send, and what must never make an item over
 * DynamoDB's 400 KB.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

export type Shape = 'typical' | 'maximal';

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Characters that are three bytes in UTF-8 (a farmer's Chinese), the worst case for an item's size. */
const WIDE = fc.constantFrom(
  ...'张李王刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕',
);

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

function patternArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 200;
  // the patterns here are ids, codes and dates (short by nature): both shapes take fast-check's own
  // lengths, and a value outside the length bounds is drawn again
  return fc.stringMatching(new RegExp(s.pattern ?? '')).filter((v) => v.length >= min && v.length <= max);
}

function stringArbitrary(s: JsonSchema, shape: Shape): fc.Arbitrary<string> {
  if (s.pattern) return patternArbitrary(s);
  const min = s.minLength ?? 0;
  const max = s.maxLength;
  if (s.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (shape === 'maximal') {
    const length = max ?? 2_000;
    return fc.string({ unit: WIDE, minLength: length, maxLength: length });
  }
  const upper = Math.max(min, Math.min(max ?? 40, 40));
  return fc.oneof(
    fc.string({ minLength: min, maxLength: upper }),
    fc.string({ unit: WIDE, minLength: min, maxLength: upper }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: upper }),
  );
}

function numberArbitrary(s: JsonSchema, integer: boolean, shape: Shape): fc.Arbitrary<number> {
  const lowerExcluded = s.exclusiveMinimum !== undefined;
  const upperExcluded = s.exclusiveMaximum !== undefined;
  const min = s.minimum ?? s.exclusiveMinimum ?? (integer ? -SAFE_MAX : -1e15);
  const max = s.maximum ?? s.exclusiveMaximum ?? (integer ? SAFE_MAX : 1e15);
  if (integer) {
    const lo = Math.ceil(lowerExcluded ? min + 1 : min);
    const hi = Math.floor(upperExcluded ? max - 1 : max);
    if (shape === 'maximal') return fc.constantFrom(lo, hi);
    // fc.integer is 32-bit; the whole safe range comes from maxSafeInteger, clamped
    const inRange = fc.maxSafeInteger().map((n) => Math.min(hi, Math.max(lo, n)));
    if (lo >= -(2 ** 31) && hi < 2 ** 31) return fc.oneof(fc.integer({ min: lo, max: hi }), inRange);
    return fc.oneof(inRange, fc.integer({ min: Math.max(lo, -1000), max: Math.min(hi, 1000) }));
  }
  if (shape === 'maximal') return fc.constant(upperExcluded ? max - 1 : max);
  // amounts and areas are decimals of a few places (a refinement JSON Schema does not carry): mostly
  // whole numbers and hundredths, now and then any double in range
  const lo = lowerExcluded ? min + 0.01 : min;
  const hi = upperExcluded ? max - 0.01 : max;
  const cents = fc
    .integer({
      min: Math.max(-(2 ** 31), Math.ceil(lo * 100)),
      max: Math.min(2 ** 31 - 1, Math.floor(hi * 100)),
    })
    .map((n) => n / 100);
  const whole = fc.integer({
    min: Math.max(-(2 ** 31), Math.ceil(lo)),
    max: Math.min(2 ** 31 - 1, Math.floor(hi)),
  });
  const any = fc.double({
    min,
    max,
    minExcluded: lowerExcluded,
    maxExcluded: upperExcluded,
    noNaN: true,
    noDefaultInfinity: true,
  });
  return fc.oneof(
    { weight: 3, arbitrary: whole },
    { weight: 3, arbitrary: cents },
    { weight: 1, arbitrary: any },
  );
}

/** Resolves `#/$defs/name` against the root schema. */
function resolve(root: JsonSchema, s: JsonSchema): JsonSchema {
  if (!s.$ref) return s;
  const name = s.$ref.replace(/^#\/\$defs\//, '');
  const target = root.$defs?.[name];
  if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
  return target;
}

/**
 * Values of real records by property name (`householdId`, `caseId`, `memberId`, …): a generated body
 * that names the seeded household gets past "no such household" to the rules behind it. Each hint is
 * one choice among the schema's own values, so odd but valid values still come.
 */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>;

/** A value of the schema's shape (usually valid, sometimes not: refinements are not in JSON Schema). */
export function arbitraryOf(
  root: JsonSchema,
  shape: Shape,
  node: JsonSchema = root,
  depth = 0,
  hints: Hints = {},
): fc.Arbitrary<unknown> {
  const s = resolve(root, node);
  const recurse = (child: JsonSchema) => arbitraryOf(root, shape, child, depth + 1, hints);
  if (depth > 12) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(recurse));
  if (s.allOf) return recurse(Object.assign({}, ...s.allOf));
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) {
    return fc.oneof(...types.map((t) => recurse({ ...s, type: t })));
  }
  switch (types[0]) {
    case 'string':
      return stringArbitrary(s, shape);
    case 'integer':
      return numberArbitrary(s, true, shape);
    case 'number':
      return numberArbitrary(s, false, shape);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = s.items ? recurse(s.items) : fc.jsonValue({ maxDepth: 1 });
      const minLength = s.minItems ?? 0;
      const maxItems = s.maxItems ?? (shape === 'maximal' ? 100 : 4);
      if (shape === 'maximal') return fc.array(item, { minLength: maxItems, maxLength: maxItems });
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(maxItems, 4)) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(props).map(([k, v]) => {
          const own = recurse(v);
          const hint = hints[k];
          return [k, hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: own }) : own];
        }),
      );
      const requiredKeys = (s.required ?? []).filter((k) => k in props);
      if (shape === 'maximal') return fc.record(model);
      return fc.record(model, { requiredKeys });
    }
    default:
      // `{}`: anything JSON, or nothing at all (a route that takes no body)
      return fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
  }
}
