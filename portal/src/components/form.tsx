import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Choice, ErrorSummary, Field, FieldSet, type FormError, ServerError } from './ui';

// the state and checks behind a form (no markup), kept apart; importers keep importing them from here
export {
  fieldErrorsFrom,
  onePerField,
  type PlaceIssue,
  schemaErrors,
  useLiveForm,
  useSubmit,
} from './formState';

/**
 * The form parts every screen repeats: a labelled text input or text area wired to its hint and error,
 * groups of radio and checkbox choices, the form card with its error summary and problem banner, the
 * submit button with its busy state, a confirmation dialog, and the request state behind a form.
 */

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
