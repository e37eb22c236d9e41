/**
 * EventBridge event patterns, the subset rules in this project (and CDK patterns generally) use: exact
 * values, nested objects, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`, `exists`,
 * `numeric` and `$or`. Semantics follow AWS: every pattern field must match; a leaf lists alternatives;
 * an array in the event matches when any of its elements does; a missing field only matches
 * `{exists: false}`. Patterns are validated when compiled, so a typo fails at startup, not silently.
 */

export type EventPatternObject = { readonly [field: string]: unknown };
export type EventMatcher = (event: unknown) => boolean;

export class InvalidEventPatternError extends Error {
  constructor(path: string, message: string) {
    super(`invalid event pattern at ${path === '' ? '(root)' : path}: ${message}`);
    this.name = 'InvalidEventPatternError';
  }
}

type Scalar = string | number | boolean | null;
type ScalarTest = (value: Scalar) => boolean;

/** A leaf condition: is the field there, and (if so) what it holds. */
interface LeafCondition {
  test(present: boolean, value: unknown): boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function singleKey(condition: Record<string, unknown>, path: string): [string, unknown] {
  const entries = Object.entries(condition);
  const first = entries[0];
  if (entries.length !== 1 || first === undefined) {
    throw new InvalidEventPatternError(path, 'a filter object must have exactly one operator');
  }
  return first;
}

function stringOperand(value: unknown, path: string, operator: string): string {
  if (typeof value !== 'string') throw new InvalidEventPatternError(path, `${operator} takes a string`);
  return value;
}

function wildcardTest(glob: string): ScalarTest {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (v) => typeof v === 'string' && regex.test(v);
}

/** The string matchers shared by a leaf and `anything-but`: prefix, suffix, equals-ignore-case, wildcard. */
function stringMatcher(operator: string, operand: unknown, path: string): ScalarTest | undefined {
  switch (operator) {
    case 'prefix':
    case 'suffix': {
      // `{"prefix": {"equals-ignore-case": "x"}}` is allowed too.
      let text: string;
      let fold = false;
      if (isPlainObject(operand)) {
        const [inner, value] = singleKey(operand, at(path, operator));
        if (inner !== 'equals-ignore-case') {
          throw new InvalidEventPatternError(path, `${operator} only nests equals-ignore-case`);
        }
        text = stringOperand(value, path, operator);
        fold = true;
      } else {
        text = stringOperand(operand, path, operator);
      }
      const wanted = fold ? text.toLowerCase() : text;
      return (v) => {
        if (typeof v !== 'string') return false;
        const s = fold ? v.toLowerCase() : v;
        return operator === 'prefix' ? s.startsWith(wanted) : s.endsWith(wanted);
      };
    }
    case 'equals-ignore-case': {
      const wanted = stringOperand(operand, path, operator).toLowerCase();
      return (v) => typeof v === 'string' && v.toLowerCase() === wanted;
    }
    case 'wildcard':
      return wildcardTest(stringOperand(operand, path, operator));
    default:
      return undefined;
  }
}

const NUMERIC_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numericTest(operand: unknown, path: string): ScalarTest {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) {
    throw new InvalidEventPatternError(path, 'numeric takes [operator, number, ...] pairs');
  }
  const checks: Array<(v: number) => boolean> = [];
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i];
    const bound = operand[i + 1];
    const compare =
      typeof op === 'string' && Object.hasOwn(NUMERIC_OPERATORS, op) ? NUMERIC_OPERATORS[op] : undefined;
    if (compare === undefined || typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new InvalidEventPatternError(
        path,
        `numeric: bad operator or bound ${JSON.stringify([op, bound])}`,
      );
    }
    checks.push((v) => compare(v, bound));
  }
  return (v) => typeof v === 'number' && checks.every((check) => check(v));
}

function anythingButTest(operand: unknown, path: string): ScalarTest {
  if (isScalar(operand)) return (v) => v !== operand;
  if (Array.isArray(operand)) {
    if (operand.length === 0 || !operand.every(isScalar)) {
      throw new InvalidEventPatternError(path, 'anything-but takes a value, a list of values or a filter');
    }
    return (v) => !operand.includes(v);
  }
  if (isPlainObject(operand)) {
    const [operator, inner] = singleKey(operand, at(path, 'anything-but'));
    const matcher = stringMatcher(operator, inner, path);
    if (matcher === undefined)
      throw new InvalidEventPatternError(path, `anything-but cannot nest ${operator}`);
    return (v) => typeof v === 'string' && !matcher(v);
  }
  throw new InvalidEventPatternError(path, 'anything-but takes a value, a list of values or a filter');
}

/** An event value seen as a leaf: its scalars (any element of an array counts), or none. */
function scalarsOf(value: unknown): Scalar[] {
  if (Array.isArray(value)) return value.filter(isScalar);
  return isScalar(value) ? [value] : [];
}

function compileCondition(condition: unknown, path: string): LeafCondition {
  if (isScalar(condition)) {
    return { test: (present, value) => present && scalarsOf(value).some((v) => v === condition) };
  }
  if (!isPlainObject(condition)) {
    throw new InvalidEventPatternError(path, 'a leaf lists values or filter objects');
  }
  const [operator, operand] = singleKey(condition, path);
  if (operator === 'exists') {
    if (typeof operand !== 'boolean') throw new InvalidEventPatternError(path, 'exists takes true or false');
    // Only leaves exist for EventBridge: a field holding an object does not satisfy `exists: true`.
    return { test: (present, value) => (operand ? present && !isPlainObject(value) : !present) };
  }
  let scalarTest: ScalarTest | undefined;
  if (operator === 'numeric') scalarTest = numericTest(operand, path);
  else if (operator === 'anything-but') scalarTest = anythingButTest(operand, path);
  else scalarTest = stringMatcher(operator, operand, path);
  if (scalarTest === undefined)
    throw new InvalidEventPatternError(path, `unsupported operator "${operator}"`);
  const test = scalarTest;
  return { test: (present, value) => present && scalarsOf(value).some(test) };
}

type ObjectMatcher = (value: unknown) => boolean;

function compileObject(pattern: unknown, path: string): ObjectMatcher {
  if (!isPlainObject(pattern)) throw new InvalidEventPatternError(path, 'expected an object');
  const fields = Object.entries(pattern);
  if (fields.length === 0)
    throw new InvalidEventPatternError(path, 'an empty pattern matches nothing useful');
  const checks = fields.map(([key, sub]): ObjectMatcher => {
    const subPath = at(path, key);
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length === 0) {
        throw new InvalidEventPatternError(subPath, '$or takes a list of patterns');
      }
      const alternatives = sub.map((alternative, i) => compileObject(alternative, `${subPath}[${i}]`));
      return (value) => alternatives.some((alternative) => alternative(value));
    }
    if (Array.isArray(sub)) {
      if (sub.length === 0) throw new InvalidEventPatternError(subPath, 'a leaf needs at least one value');
      const conditions = sub.map((condition, i) => compileCondition(condition, `${subPath}[${i}]`));
      return (value) => {
        const present = isPlainObject(value) && Object.hasOwn(value, key) && value[key] !== undefined;
        const fieldValue = present ? value[key] : undefined;
        return conditions.some((condition) => condition.test(present, fieldValue));
      };
    }
    if (isPlainObject(sub)) {
      const nested = compileObject(sub, subPath);
      return (value) => {
        const fieldValue = isPlainObject(value) ? value[key] : undefined;
        // EventBridge flattens arrays of objects: any element may satisfy the nested pattern.
        if (Array.isArray(fieldValue)) return fieldValue.some((element) => nested(element));
        return nested(fieldValue);
      };
    }
    throw new InvalidEventPatternError(subPath, 'a field holds a list of values or a nested pattern');
  });
  return (value) => checks.every((check) => check(value));
}

/** Validates the pattern once and returns a matcher; throws InvalidEventPatternError. */
export function compilePattern(pattern: EventPatternObject): EventMatcher {
  const match = compileObject(pattern, '');
  return (event) => isPlainObject(event) && match(event);
}

/** One-off match; for a rule checked against many events, compilePattern once instead. */
export function matchesPattern(pattern: EventPatternObject, event: unknown): boolean {
  return compilePattern(pattern)(event);
}

/**
 * A CDK `events.EventPattern` (camelCase `detailType`) in the wire form that rules and matchesPattern
 * use (`detail-type`); the other top-level names are the same in both.
 */
export function fromCdkEventPattern(pattern: EventPatternObject): EventPatternObject {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    if (value !== undefined) out[key === 'detailType' ? 'detail-type' : key] = value;
  }
  return out;
}
