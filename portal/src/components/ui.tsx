import i18next from 'i18next';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../shared/contract';
import { ApiError, NetworkError, type ServerWords, wordsIn } from '../api/client';
import { Link } from '../app/router';

/** The page title; focused when the page opens so screen readers announce where the person landed. */
export function PageHeader({
  title,
  lead,
  back,
  actions,
}: {
  title: ReactNode;
  lead?: ReactNode;
  back?: { to: string; label: string };
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <>
      {back && (
        <Link to={back.to} className="back-link">
          ‹ {back.label}
        </Link>
      )}
      <div className="page-head">
        <div>
          <h1 ref={ref} tabIndex={-1}>
            {title}
          </h1>
          {lead && <p className="lead">{lead}</p>}
        </div>
        {actions}
      </div>
    </>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Alert({
  kind,
  title,
  children,
  live,
}: {
  kind: 'info' | 'ok' | 'warn' | 'err';
  title?: ReactNode;
  children?: ReactNode;
  live?: boolean;
}) {
  const Heading = 'h2';
  return (
    <div className={`alert alert--${kind}`} {...(live ? { role: kind === 'err' ? 'alert' : 'status' } : {})}>
      {title && <Heading>{title}</Heading>}
      {children}
    </div>
  );
}

/** What went wrong with a request, in the reader's language; server details stay secondary. */
export function errorMessage(error: unknown, t: T): string {
  if (error instanceof NetworkError) return t('errors.network');
  if (error instanceof ApiError) {
    switch (error.status) {
      case 400:
        return t('errors.badRequest');
      case 401:
        return t('errors.unauthorized');
      case 403:
        return t('errors.forbidden');
      case 404:
        return t('errors.notFound');
      case 409:
        return t('errors.conflict');
      case 422:
        return t('errors.refused');
      default:
        return t('errors.server');
    }
  }
  return t('errors.unknown');
}

/**
 * A failed request, worded at render time in the reader's language, with the server's detail beneath
 * when there is one in that language, and a retry button for a read that can simply be tried again.
 */
export function ProblemBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  if (error === undefined || error === null) return null;
  const detail = error instanceof ApiError ? error.detailIn(i18n.language) : undefined;
  return (
    <Alert kind="err" title={errorMessage(error, t)} live>
      {detail && <p className="meta">{detail}</p>}
      {onRetry && (
        <button type="button" className="btn btn--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </Alert>
  );
}

/** A failed request of a form. */
export function ServerError({ error }: { error: unknown }) {
  return <ProblemBanner error={error} />;
}

/** A failed read, with a retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return <ProblemBanner error={error} {...(onRetry ? { onRetry } : {})} />;
}

/** The next page of a paged list, for lists that grow downwards (cases, queues). */
export function LoadMore({ list }: { list: { hasNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <button type="button" className="btn btn--secondary" onClick={() => void list.fetchNextPage()}>
      {t('common.more')}
    </button>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

const STATUS_TONE: Record<CaseStatus, 'progress' | 'action' | 'ok' | 'stop' | 'neutral'> = {
  draft: 'neutral',
  submitted: 'progress',
  eligibility: 'progress',
  ineligible: 'stop',
  rights_blocked: 'stop',
  village_review: 'progress',
  returned: 'action',
  resubmitted: 'progress',
  rejected: 'stop',
  public_notice: 'progress',
  town_review: 'progress',
  district_approval: 'progress',
  offers: 'action',
  agreement_signed: 'progress',
  cooling_off: 'action',
  fund_review: 'progress',
  awaiting_funds: 'progress',
  disbursed: 'ok',
  reserved: 'ok',
  vacating: 'progress',
  disposing: 'progress',
  cancelling: 'progress',
  handing_over: 'progress',
  // the collective pays a tranche, then the household confirms it: someone acts, the case waits for them
  paying: 'progress',
  closed: 'ok',
  withdrawn: 'neutral',
  rescinded: 'neutral',
  failed: 'stop',
};

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`status status--${STATUS_TONE[status]}`}>{t(`status.${status}`)}</span>;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  id?: string;
}

/** A control's hint and error, each with the id its control points to (aria-describedby). */
function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="error-text" id={`${id}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')}</span>
          {error}
        </span>
      )}
    </>
  );
}

function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  return (
    [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') ||
    undefined
  );
}

/** A labelled control with its hint and its error directly above it (the error is where the eye is). */
export function Field({ label, hint, error, children, id: given }: FieldProps) {
  const auto = useId();
  const id = given ?? `f${auto.replace(/:/g, '')}`;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
      {children({ id, describedBy: describedBy(id, hint, error), invalid: Boolean(error) })}
    </div>
  );
}

/** A group of radios or checkboxes with one legend and one error. */
export function FieldSet({
  legend,
  hint,
  error,
  children,
  id,
  legendClass,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
  id: string;
  legendClass?: string;
}) {
  return (
    <div className={`field${error ? ' field--error' : ''}`} id={id} tabIndex={-1}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend className={legendClass}>{legend}</legend>
        <HintAndError id={id} hint={hint} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

export function Choice({
  type,
  name,
  value,
  checked,
  onChange,
  title,
  description,
  disabled,
  id,
}: {
  type: 'radio' | 'checkbox';
  name: string;
  value: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  id?: string;
}) {
  const auto = useId();
  const inputId = id ?? `c${auto.replace(/:/g, '')}`;
  const descId = description ? `${inputId}-desc` : undefined;
  return (
    <label className="choice" htmlFor={inputId}>
      <input
        id={inputId}
        type={type}
        name={name}
        value={value}
        checked={checked}
        disabled={disabled}
        aria-describedby={descId}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="choice__body">
        <span className="choice__title">{title}</span>
        {description && (
          <span className="choice__desc" id={descId}>
            {description}
          </span>
        )}
      </span>
    </label>
  );
}

/**
 * A form error as a translation key, not as text: switching the language re-words every error already
 * on the screen, next to its field. The server's own words for a field (`errors[].message` and
 * `messageZh`) are kept in both languages and fill the key's `{{detail}}` when it is shown.
 */
export interface FormError {
  field: string;
  key: string;
  values?: Record<string, unknown>;
  words?: ServerWords;
}

type T = (key: string, values?: Record<string, unknown>) => string;

/** A form error in the reader's language (the one place where a form error becomes text). */
function formErrorText(e: FormError, t: T): string {
  return t(e.key, e.words ? { ...e.values, detail: wordsIn(e.words, i18next.language) } : e.values);
}

export function fieldError(errors: FormError[], field: string, t: T): string | undefined {
  const e = errors.find((x) => x.field === field);
  return e ? formErrorText(e, t) : undefined;
}

/** The list of a form's errors at its top, each a link to its field (and focused when it appears). */
export function ErrorSummary({ errors, focusKey }: { errors: FormError[]; focusKey?: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors
    .map((e) => `${e.field}:${e.key}:${JSON.stringify(e.values ?? {})}:${e.words?.en ?? ''}`)
    .join('|');
  // a live form (useLiveForm) follows every keystroke: it focuses the summary on each attempt only
  const focusOn = focusKey ?? signature;
  const shown = useRef(false);
  shown.current = errors.length > 0;
  useEffect(() => {
    if (focusOn && shown.current) ref.current?.focus();
  }, [focusOn]);
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary')}</h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.field}-${e.key}`}>
            <a
              href={`#${e.field}`}
              onClick={(ev) => {
                ev.preventDefault();
                const el = document.getElementById(e.field);
                el?.focus();
                el?.scrollIntoView({ block: 'center' });
              }}
            >
              {formErrorText(e, t)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Money({ fen, lang }: { fen: number; lang: string }) {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
  const cents = String(abs % 100).padStart(2, '0');
  return (
    <span className="money">
      {negative ? '−' : ''}¥{yuan}.{cents}
    </span>
  );
}
