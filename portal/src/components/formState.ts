import { useState } from 'react';
import type * as z from 'zod';
import { ApiError } from '../api/client';
import type { FormError } from './ui';

/**
 * What stands behind a form, without its markup (./form.tsx): the request's state, a 400's field errors
 * placed beside their fields, and the live checks from the API's own schemas (issue 18 item 5).
 */

/**
 * A form's request: busy while it runs, the failure for the problem banner. `run` answers whether it
 * succeeded; `onError` may take a failure over (field errors) and answer true to keep it off the banner.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async <T>(
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
