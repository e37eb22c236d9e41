import {
  type ParameterError,
  parameterFieldErrors,
  valueAt,
} from '../../../../shared/domain/policy/parameterChecks';
import {
  PARAMETER_SPECS,
  type ParameterSpec,
  UNIT_WORDS,
} from '../../../../shared/domain/policy/parameterSpecs';
import { formatFen } from '../../lib/format';

/**
 * The parameters page's arithmetic on a version: its values as form text and back, a value as a person
 * reads it, the fields that differ between two versions. The checks are the API's own
 * (shared/domain/policy/parameterChecks.ts), run as the approver types.
 */
export type Draft = Record<string, string>;

export function specName(spec: ParameterSpec, lang: string): string {
  return lang === 'en' ? spec.en : spec.zh;
}

export function unitName(spec: ParameterSpec, lang: string): string {
  const u = UNIT_WORDS[spec.unit];
  return lang === 'en' ? u.en : u.zh;
}

/** A stored value as a person reads it: basis points also in %, fen as ¥, flags as 是/否. */
export function shownValue(spec: ParameterSpec, value: unknown, lang: string): string {
  if (value === undefined) return '—';
  if (spec.unit === 'flag') return value ? (lang === 'en' ? 'yes' : '是') : lang === 'en' ? 'no' : '否';
  if (typeof value !== 'number') return String(value);
  if (spec.unit === 'bp') return `${(value / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
  if (spec.unit.startsWith('fen')) return formatFen(value, lang);
  return `${value} ${unitName(spec, lang)}`;
}

export function draftOf(parameters: Record<string, unknown>): Draft {
  return Object.fromEntries(PARAMETER_SPECS.map((s) => [s.path, String(valueAt(parameters, s.path) ?? '')]));
}

/** The form's text back into a version's shape; what does not read as its kind stays text (the checks name it). */
export function parametersOf(draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of PARAMETER_SPECS) {
    const text = (draft[spec.path] ?? '').trim();
    let value: unknown = text;
    if (spec.unit === 'flag') value = text === 'true' ? true : text === 'false' ? false : text;
    else if (spec.unit !== 'choice' && text !== '' && Number.isFinite(Number(text))) value = Number(text);
    else if (text === '') value = undefined;
    const keys = spec.path.split('.');
    let here = out;
    for (const k of keys.slice(0, -1)) {
      here[k] ??= {};
      here = here[k] as Record<string, unknown>;
    }
    if (value !== undefined) here[keys.at(-1) as string] = value;
  }
  return out;
}

export function draftErrors(draft: Draft): Map<string, ParameterError> {
  return new Map(parameterFieldErrors(parametersOf(draft)).map((e) => [e.path, e]));
}
