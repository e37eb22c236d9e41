import { PARAMETER_SPECS, type ParameterSpec, UNIT_WORDS } from './parameterSpecs.js';

/**
 * The checks of a proposed parameter version that need no schema library: one list of bad fields, each
 * with its name, unit and range in both languages. The API (./proposedParameters.ts) and the portal's
 * proposal form run these same checks, so the form says what the server would say, as the user types.
 */

/** One bad field of a proposal, named by its path inside `parameters`, in both languages. */
export interface ParameterError {
  path: string;
  message: string;
  messageZh: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function valueAt(raw: Record<string, unknown>, path: string): unknown {
  let here: unknown = raw;
  for (const key of path.split('.')) {
    if (!isObject(here)) return undefined;
    here = here[key];
  }
  return here;
}

/** A bound as a person reads it: basis points also as a percentage, fen also in yuan. */
function shown(spec: ParameterSpec, n: number): { zh: string; en: string } {
  const unit = UNIT_WORDS[spec.unit];
  if (spec.unit === 'bp') {
    const pct = `${(n / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
    return { zh: `${pct}（${n} 基点）`, en: `${pct} (${n} bp)` };
  }
  if (spec.unit.startsWith('fen')) {
    const yuan = `¥${(n / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    return { zh: `${yuan}（${n} ${unit.zh}）`, en: `${yuan} (${n} ${unit.en})` };
  }
  return { zh: `${n} ${unit.zh}`, en: `${n} ${unit.en}` };
}

function decimalsOf(n: number): number {
  const text = String(n);
  if (text.includes('e')) return Number.POSITIVE_INFINITY;
  return text.split('.')[1]?.length ?? 0;
}

function fieldError(spec: ParameterSpec, value: unknown): ParameterError | undefined {
  const name = { zh: spec.zh, en: spec.en };
  const err = (en: string, zh: string): ParameterError => ({
    path: spec.path,
    message: `${name.en}: ${en}`,
    messageZh: `${name.zh}：${zh}`,
  });
  if (value === undefined) return err('required', '必填');
  if (spec.unit === 'flag')
    return typeof value === 'boolean' ? undefined : err('must be true or false', '须为“是”或“否”');
  if (spec.unit === 'choice') {
    const choices = spec.choices ?? [];
    return typeof value === 'string' && choices.includes(value)
      ? undefined
      : err(`must be one of ${choices.join(', ')}`, `须为以下之一：${choices.join('、')}`);
  }
  const unit = UNIT_WORDS[spec.unit];
  if (typeof value !== 'number' || !Number.isFinite(value))
    return err(`must be a number of ${unit.en}`, `须为数字（单位：${unit.zh}）`);
  const decimals = spec.decimals ?? 0;
  if (decimalsOf(value) > decimals)
    return decimals === 0
      ? err(`must be a whole number of ${unit.en}`, `须为整数（单位：${unit.zh}）`)
      : err(`at most ${decimals} decimal places`, `最多 ${decimals} 位小数`);
  const min = spec.min ?? 0;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  if (value < min || value > max) {
    const lo = shown(spec, min);
    const hi = shown(spec, max);
    return err(`must be from ${lo.en} to ${hi.en}`, `须在 ${lo.zh} 至 ${hi.zh} 之间`);
  }
  return undefined;
}

/** Every leaf path of what was sent, to name the fields a version does not have. */
function leafPaths(raw: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(raw).flatMap(([k, v]) =>
    isObject(v) && Object.keys(v).length > 0 ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/**
 * Every bad field of a proposed version (`raw`: the parameters without version, district and day),
 * not the first one only; unknown fields are refused (a typo in a field's name must not leave the old
 * value silently in force). A proposal is a whole version: no field is defaulted.
 */
export function parameterFieldErrors(raw: unknown): ParameterError[] {
  if (!isObject(raw))
    return [{ path: '', message: 'must be an object of parameters', messageZh: '须为参数对象' }];
  const errors: ParameterError[] = [];
  for (const spec of PARAMETER_SPECS) {
    const e = fieldError(spec, valueAt(raw, spec.path));
    if (e) errors.push(e);
  }
  const known = new Set(PARAMETER_SPECS.map((s) => s.path));
  for (const path of leafPaths(raw)) {
    if (!known.has(path))
      errors.push({ path, message: 'not a policy parameter', messageZh: '不是政策参数，不接受此字段' });
  }
  const perCapita = valueAt(raw, 'perCapitaAreaM2');
  const most = valueAt(raw, 'maxAreaM2');
  if (errors.length === 0 && typeof perCapita === 'number' && typeof most === 'number' && most < perCapita)
    errors.push({
      path: 'maxAreaM2',
      message: 'resettlement area per household at most: must not be less than the area per person',
      messageZh: '安置住房户最大面积：不能小于人均面积',
    });
  return errors;
}

/** What changes from one version to the next, leaf by leaf, for the approver's diff. */
export function parameterChanges(from: object, to: object): { path: string; from: unknown; to: unknown }[] {
  const a = from as unknown as Record<string, unknown>;
  const b = to as unknown as Record<string, unknown>;
  return PARAMETER_SPECS.flatMap((s) => {
    const x = valueAt(a, s.path);
    const y = valueAt(b, s.path);
    return x === y ? [] : [{ path: s.path, from: x, to: y }];
  });
}
