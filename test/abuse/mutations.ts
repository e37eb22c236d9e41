import fc from 'fast-check';
import { arbitraryOf, type Hints, type JsonSchema } from './schemaArbitrary.js';

/**
 * What the sweep sends as a body: its raw text, built only when sent (a 9 MB string is made once, for
 * the one request that carries it, not kept in every sample), and a short label that names it in a
 * failure report. `undefined` text means no body at all.
 */
export interface Body {
  label: string;
  text: () => string | undefined;
}

/** The API's body limit is 10 MB (API Gateway HTTP API, local/runtime/httpApi.ts); stay under it. */
export const BODY_LIMIT = 10 * 1024 * 1024;
const HUGE = BODY_LIMIT - 512 * 1024;

type Path = (string | number)[];

/** Every path into a JSON value (object keys and array indexes), the root `[]` included. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  }
  return here;
}

function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, rest, replacement) : v));
  const record = { ...(value as Record<string, unknown>) };
  record[head as string] = setAt(record[head as string], rest, replacement);
  return record;
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);
}

function removeAt(value: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parent = getAt(value, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent))
    return setAt(
      value,
      path.slice(0, -1),
      parent.filter((_, i) => i !== last),
    );
  if (parent && typeof parent === 'object') {
    const { [last as string]: _gone, ...rest } = parent as Record<string, unknown>;
    return setAt(value, path.slice(0, -1), rest);
  }
  return value;
}

/** A marker put where raw JSON text (a token JSON.stringify cannot write) goes. */
const HOLE = '@@abuse-hole@@';
function withHole(value: unknown, path: Path, raw: () => string): () => string {
  const shaped = setAt(value, path, HOLE);
  return () => {
    const text = JSON.stringify(shaped) ?? 'null';
    return text.replace(JSON.stringify(HOLE), raw);
  };
}

const json = (v: unknown) => () => (v === undefined ? undefined : JSON.stringify(v));

const short = (path: Path) => (path.length === 0 ? '<root>' : path.join('.'));

/** Values of the wrong type for almost every field. */
const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  '',
  ' ',
  'x',
  [],
  {},
  [null],
  { a: 1 },
  'NaN',
];

/** Number tokens as a client may write them: near 2^53, out of double range, fractional, negative. */
const NUMBER_TOKENS = [
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '18014398509481984',
  '1e308',
  '1e309',
  '-1e309',
  '5e-324',
  '1e-400',
  '0.1',
  '-0',
  '-1',
  '0',
  '1.0000000000000002',
  '123456789012345678901234567890',
  '1E2',
];

/** Strings that are valid JSON but odd as text: lone surrogates, controls, direction marks, blanks. */
const ODD_STRINGS = [
  '\ud800',
  '\udfff\ud800',
  '\u0000',
  '\u0000'.repeat(100),
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ufeff',
  '\u200b\u200c\u200d',
  '\u3000\u3000',
  '\u0085',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  '👨‍👩‍👧‍👦'.repeat(50),
  '\t\r\n',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, sent as text on purpose
  '${jndi:ldap://x}',
  '../../etc/passwd',
  '%00',
  'CASE#C-20250101-00000000',
];

const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'zz-extra',
  '',
  ' ',
  'PK',
  'SK',
  'version',
  'status',
  '💩',
  'a'.repeat(1000),
];

/** One change to a generated body: the label names it; `at` picks the path (mod the number of paths). */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('wrong type' as const),
    value: fc.constantFrom(...WRONG_VALUES),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('huge string' as const),
    bytes: fc.constantFrom(10_000, 100_000, 1_000_000, HUGE),
    char: fc.constantFrom('a', '张', '😀'),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('deep nesting' as const),
    depth: fc.constantFrom(64, 1_000, 10_000, 200_000),
    open: fc.constantFrom('[', '{"a":'),
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant('number' as const), token: fc.constantFrom(...NUMBER_TOKENS), at: fc.nat() }),
  fc.record({ kind: fc.constant('unicode' as const), value: fc.constantFrom(...ODD_STRINGS), at: fc.nat() }),
  fc.record({
    kind: fc.constant('extra field' as const),
    key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })),
    value: fc.jsonValue({ maxDepth: 2 }),
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant('missing field' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('10 000 items' as const),
    item: fc.constantFrom<unknown>(0, 'x', {}, null, '张'.repeat(100)),
    copy: fc.boolean(),
    at: fc.nat(),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function nested(depth: number, open: string): string {
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(depth)}0${close.repeat(depth)}`;
}

function mutate(value: unknown, m: Mutation): Body {
  const paths = pathsOf(value);
  const path = paths[m.at % paths.length] ?? [];
  const where = short(path);
  switch (m.kind) {
    case 'wrong type':
      return { label: `${where} = ${JSON.stringify(m.value)}`, text: json(setAt(value, path, m.value)) };
    case 'huge string': {
      const count = Math.floor(m.bytes / Buffer.byteLength(m.char));
      return {
        label: `${where} = ${JSON.stringify(m.char)} × ${count} (${m.bytes} bytes)`,
        text: withHole(value, path, () => `"${m.char.repeat(count)}"`),
      };
    }
    case 'deep nesting':
      return {
        label: `${where} nested ${m.depth} deep with ${m.open}`,
        text: withHole(value, path, () => nested(m.depth, m.open)),
      };
    case 'number':
      return { label: `${where} = ${m.token}`, text: withHole(value, path, () => m.token) };
    case 'unicode':
      return {
        label: `${where} = ${JSON.stringify(m.value).slice(0, 60)}`,
        text: json(setAt(value, path, m.value)),
      };
    case 'extra field': {
      const target = getAt(value, path);
      const obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
      // defineProperty: a plain assignment of "__proto__" would set the prototype, not a key
      Object.defineProperty(obj, m.key, {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return {
        label: `${where} gets extra key ${JSON.stringify(m.key.slice(0, 40))}`,
        text: json(setAt(value, path, obj)),
      };
    }
    case 'missing field':
      return { label: `${where} removed`, text: json(removeAt(value, path)) };
    case '10 000 items': {
      const current = getAt(value, path);
      const item = m.copy && current !== undefined ? current : m.item;
      return {
        label: `${where} = 10 000 × ${JSON.stringify(item)?.slice(0, 40)}`,
        text: withHole(
          value,
          path,
          () => `[${new Array(10_000).fill(JSON.stringify(item) ?? 'null').join(',')}]`,
        ),
      };
    }
  }
}

/** Whole bodies no route can take: not JSON, or JSON of the wrong kind, or a prototype-pollution try. */
const WHOLESALE = [
  '',
  ' ',
  'null',
  'true',
  '0',
  '[]',
  '""',
  '{',
  '{"a":',
  '}',
  'NaN',
  '{}{}',
  '[1,]',
  '{"a":1,}',
  "{'a':1}",
  '\ufeff{}',
  '\u0000',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
];

const wholesale: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom(...WHOLESALE).map((t) => ({ label: `raw ${JSON.stringify(t)}`, text: () => t })),
  fc.string({ maxLength: 60 }).map((t) => ({ label: `raw ${JSON.stringify(t)}`, text: () => t })),
  // a million unclosed brackets: JSON.parse spends ~0.6 s on them (10 MB of them take ~7 s of CPU, a
  // finding reported with issue 16, left out here to keep the sweep's time)
  fc.constant<Body>({ label: 'raw [ × 1 000 000', text: () => '['.repeat(1_000_000) }),
);

/**
 * Bodies for one route: valid ones generated from its schema (typical or maximal), so that the
 * handlers past validation are reached, and broken ones: generated and then mutated once, or wholesale
 * garbage.
 */
export function validBodyArbitrary(schema: JsonSchema, hints: Hints): fc.Arbitrary<Body> {
  const typical = arbitraryOf(schema, 'typical', schema, 0, hints);
  const maximal = arbitraryOf(schema, 'maximal', schema, 0, hints);
  return fc.oneof(
    {
      weight: 2,
      arbitrary: typical.map((v) => ({ label: `valid (typical) ${clipJson(v)}`, text: json(v) })),
    },
    {
      weight: 1,
      arbitrary: maximal.map((v) => ({ label: `valid (maximal) ${clipJson(v)}`, text: json(v) })),
    },
  );
}

export function brokenBodyArbitrary(schema: JsonSchema, hints: Hints): fc.Arbitrary<Body> {
  const typical = arbitraryOf(schema, 'typical', schema, 0, hints);
  const maximal = arbitraryOf(schema, 'maximal', schema, 0, hints);
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(typical, mutation).map(([v, m]) => mutate(v, m)) },
    { weight: 1, arbitrary: fc.tuple(maximal, mutation).map(([v, m]) => mutate(v, m)) },
    { weight: 1, arbitrary: wholesale },
  );
}

function clipJson(v: unknown): string {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length <= 160 ? text : `${text.slice(0, 160)}… (${text.length} characters)`;
}

/** Path parameter values no id can be, besides bad percent-encoding as a client would send it. */
export const BAD_PATH_VALUES = [
  'C%E0%A4%A',
  '%',
  '%%',
  '%00',
  '..',
  '../a b?c',
  '',
  ' ',
  'a'.repeat(65),
  'a'.repeat(10_000),
  '\u0000',
  '\ud800',
  '💩',
  'CASE#C-1',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  '0x10',
  'NaN',
];

export const oddString = fc.oneof(
  fc.constantFrom(...BAD_PATH_VALUES, ...ODD_STRINGS),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
