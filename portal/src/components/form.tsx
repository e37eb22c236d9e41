import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as z from 'zod';
import { ApiError } from '../api/client';
import { Choice, ErrorSummary, Field, FieldSet, type FormError, ServerError } from './ui';

/**
 * The form parts every screen repeats: a labelled text input or text area wired to its hint and error,
 * groups of radio and checkbox choices, the form card with its error summary and problem banner, the
 * submit button with its busy state, a confirmation dialog, and the request state behind a form.
 */

/**
 * A form's request: busy while it runs, the failure for the problem banner. `run` answers whether it
 * succeeded; `onError` may take a failure over (field errors) and answer true to keep it off the banner.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async <T,>(
    fn: () => Promise<T>,
    onError?: (error: unknown) => boolean,
  ): Promise<{ ok: true; value: T } | { ok: false }> => {
    setBusy(true);
    setError(undefined);
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      if (!onError?.(e)) setError(e);
      return { ok: false };
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clearError: () => setError(undefined) };
}

/**
 * A 400's field errors as form errors beside their fields: `fieldFor` names the form's field for an API
 * path (without `body.`), `key` the message that carries the server's words as `detail` (in the
 * reader's language when it is shown, see FormError).
 */
export function fieldErrorsFrom(
  error: unknown,
  fieldFor: (path: string) => string,
  key: string,
): FormError[] {
  if (!(error instanceof ApiError)) return [];
  const fields = error.fieldErrors();
  return Object.entries(fields).map(([path, words]) => ({ field: fieldFor(path), key, words }));
}

/**
 * One zod issue of the API's own schema, placed on a form: the field it belongs beside and the message
 * key (with values) that says it in the reader's language; undefined leaves it to the form's own checks.
 */
export type PlaceIssue = (issue: z.core.$ZodIssue) => FormError | undefined;

/**
 * The errors the API's schema finds in the body the form would send (the very schema the handler parses
 * with, so client and server cannot disagree on a rule), one per field.
 */
export function schemaErrors(schema: z.ZodType, body: unknown, place: PlaceIssue): FormError[] {
  const result = schema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map(place).filter((e): e is FormError => e !== undefined);
}

/** The first error of each field, in order (a field shows one message at a time). */
export function onePerField(errors: FormError[]): FormError[] {
  return errors.filter((e, i) => errors.findIndex((x) => x.field === e.field) === i);
}

/**
 * Live validation, as react-hook-form's `mode: 'onTouched'` with `reValidateMode: 'onChange'`: `check`
 * gives everything wrong with the form now (its own checks and the API's schema, `schemaErrors`); an
 * error shows beside its field once that field was changed or the form was sent, follows every change
 * and goes as soon as the field is right. A 400's field errors (`serverSaid`) stand until their field
 * changes. The summary at the top lists the errors that remain, and takes the focus only when the form
 * is sent, never while someone types.
 */
export function useLiveForm<F>(form: F, check: (form: F) => FormError[]) {
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempts, setAttempts] = useState(0);
  const [server, setServer] = useState<FormError[]>([]);
  const now = onePerField(check(form));
  const live = attempts > 0 ? now : now.filter((e) => touched.has(e.field));
  const errors = [...live, ...server.filter((s) => !live.some((l) => l.field === s.field))];
  return {
    /** beside the fields */
    errors,
    /** for FormCard: the summary (after a first attempt) and when it takes the focus */
    summary: attempts > 0 ? errors : [],
    attempts,
    /** a field changed: its error follows its value from now on, the server's word about it is old */
    touch(field: string) {
      setTouched((t) => (t.has(field) ? t : new Set([...t, field])));
      setServer((s) => (s.some((e) => e.field === field) ? s.filter((e) => e.field !== field) : s));
    },
    /** the form is sent: every error shows; answers what is wrong now (nothing: send it) */
    attempt(): FormError[] {
      setAttempts((n) => n + 1);
      setServer([]);
      return now;
    },
    /** the API refused the body: its field errors beside their fields */
    serverSaid(errors: FormError[]) {
      setServer(errors);
      setAttempts((n) => n + 1);
    },
    /** the form was sent and emptied for the next one: nothing is wrong with a form nobody touched */
    reset() {
      setTouched(new Set());
      setAttempts(0);
      setServer([]);
    },
  };
}

/**
 * A form in a card: its title, the summary of its errors (each a link to its field), the banner for a
 * failed request, and the fields. Browser validation is off: the errors are the portal's, in the
 * reader's language, beside their fields.
 */
export function FormCard({
  id,
  title,
  lead,
  errors,
  problem,
  onSubmit,
  accent = true,
  children,
  label,
  focusKey,
}: {
  id: string;
  title?: ReactNode;
  lead?: ReactNode;
  errors?: FormError[];
  /** a live form's attempts (useLiveForm): the summary takes the focus when it changes */
  focusKey?: number;
  problem?: unknown;
  onSubmit: () => void;
  accent?: boolean;
  children: ReactNode;
  /** the form's accessible name when the card has no title */
  label?: string;
}) {
  const titleId = `${id}-title`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <section
      className={`card${accent ? ' card--accent' : ''}`}
      aria-labelledby={title ? titleId : undefined}
      aria-label={title ? undefined : label}
    >
      {title && <h2 id={titleId}>{title}</h2>}
      {lead}
      <ErrorSummary errors={errors ?? []} {...(focusKey === undefined ? {} : { focusKey })} />
      <ServerError error={problem} />
      <form noValidate onSubmit={submit}>
        {children}
      </form>
    </section>
  );
}

interface TextFieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  type?: 'text' | 'date' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal';
  maxLength?: number;
  max?: string;
  short?: boolean;
  autoComplete?: string;
  placeholder?: string;
  disabled?: boolean;
}

export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  multiline,
  type = 'text',
  inputMode,
  maxLength,
  max,
  short,
  autoComplete,
  placeholder,
  disabled,
}: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      {({ id: inputId, describedBy, invalid }) =>
        multiline ? (
          <textarea
            id={inputId}
            value={value}
            maxLength={maxLength}
            disabled={disabled}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            placeholder={placeholder}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            id={inputId}
            type={type}
            inputMode={inputMode}
            className={short ? 'input--short' : undefined}
            autoComplete={autoComplete}
            value={value}
            max={max}
            maxLength={maxLength}
            disabled={disabled}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            placeholder={placeholder}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

export interface RadioOption<V extends string> {
  value: V;
  title: ReactNode;
  description?: ReactNode;
}

/** What a group of choices shares: the fieldset's id, legend, hint and error, and the inputs' name. */
export interface GroupProps {
  id: string;
  name: string;
  legend: ReactNode;
  legendClass?: string;
  hint?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
}

/** One question answered by one of a few options (a fieldset of radios with one legend and one error). */
export function RadioGroup<V extends string>({
  options,
  value,
  onChange,
  ...group
}: GroupProps & {
  options: RadioOption<V>[];
  value: V | undefined;
  onChange: (value: V) => void;
}) {
  return (
    <FieldSet
      id={group.id}
      legend={group.legend}
      legendClass={group.legendClass}
      hint={group.hint}
      error={group.error}
    >
      {options.map((o) => (
        <Choice
          key={o.value}
          type="radio"
          name={group.name}
          value={o.value}
          checked={value === o.value}
          disabled={group.disabled}
          onChange={() => onChange(o.value)}
          title={o.title}
          description={o.description}
        />
      ))}
    </FieldSet>
  );
}

export interface CheckOption {
  value: string;
  title: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
}

/** Any number of a list (parcels, plots, members' consent): a fieldset of checkboxes with one error. */
export function CheckboxGroup({
  options,
  value,
  onChange,
  children,
  ...group
}: GroupProps & {
  options: CheckOption[];
  value: string[];
  onChange: (value: string[]) => void;
  /** shown above the options (e.g. "nothing to choose from") */
  children?: ReactNode;
}) {
  return (
    <FieldSet
      id={group.id}
      legend={group.legend}
      legendClass={group.legendClass}
      hint={group.hint}
      error={group.error}
    >
      {children}
      {options.map((o) => (
        <Choice
          key={o.value}
          type="checkbox"
          name={group.name}
          value={o.value}
          checked={!o.disabled && value.includes(o.value)}
          disabled={group.disabled || o.disabled}
          onChange={(on) => onChange(on ? [...value, o.value] : value.filter((x) => x !== o.value))}
          title={o.title}
          description={o.description}
        />
      ))}
    </FieldSet>
  );
}

export function SubmitButton({
  busy,
  children,
  kind = 'primary',
  onClick,
  type = 'submit',
}: {
  busy?: boolean;
  children: ReactNode;
  kind?: 'primary' | 'secondary' | 'danger';
  onClick?: () => void;
  type?: 'submit' | 'button';
}) {
  return (
    <button type={type} className={`btn btn--${kind}`} disabled={busy} aria-busy={busy} onClick={onClick}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

/**
 * "Are you sure?" as a modal dialog: the browser's own <dialog> keeps keyboard focus inside it, Escape
 * cancels, and focus returns to the button that opened it. The safe answer has the focus first.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  busy,
  danger,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: ReactNode;
  cancelLabel?: ReactNode;
  busy?: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const auto = useId().replace(/:/g, '');
  const titleId = `dialog-${auto}-title`;
  const bodyId = `dialog-${auto}-body`;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancelRef.current?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children && <div id={bodyId}>{children}</div>}
      <div className="btn-row">
        <SubmitButton type="button" kind={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </SubmitButton>
        <button
          ref={cancelRef}
          type="button"
          className="btn btn--secondary"
          disabled={busy}
          onClick={onCancel}
        >
          {cancelLabel ?? t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
