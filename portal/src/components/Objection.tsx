import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TEXT_CHARS } from '../../../shared/domain/model/limits';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey } from '../api/client';
import type { CaseStatus, CaseView, ObjectionFiled } from '../api/contract';
import { keys, usePolicyParameters } from '../api/hooks';
import { formatDateTime, formatDeadline, normaliseCaseNumber } from '../lib/format';
import { fieldErrorsFrom, SubmitButton, TextField, useSubmit } from './form';
import { Alert, ErrorSummary, type FormError, fieldError, ServerError } from './ui';

/** createObjection's schema: the text, trimmed, 1 to 2000 characters. */
export const OBJECTION_MAX = MAX_TEXT_CHARS;
/**
 * What the case field takes: the case number printed on the notice (370302-20261206-0042, issue 18) or
 * an internal id as the API accepts it (idSchema); the route finds the case by either.
 */
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const DAY_MS = 24 * 3600_000;

/**
 * The notice's start (the last move into public_notice) and end: the API's `noticeEndsAt` when it sends
 * one, otherwise the start plus the notice days in force in the district.
 */
export function noticePeriod(c: CaseView, noticeDays: number | undefined): { start?: string; end?: string } {
  const i = c.timeline.findLastIndex(
    (e, n) => e.status === 'public_notice' && c.timeline[n - 1]?.status !== 'public_notice',
  );
  const start = i >= 0 ? c.timeline[i]?.at : undefined;
  if (c.noticeEndsAt) return { start, end: c.noticeEndsAt };
  if (!start || noticeDays === undefined) return { start };
  return { start, end: new Date(Date.parse(start) + noticeDays * DAY_MS).toISOString() };
}

/**
 * An objection to a public notice (公示异议), which anyone signed in may raise while the case is on
 * notice: `POST /cases/{caseId}/objections`. Without a `caseId` the form asks for the case number, as
 * a villager reads it from the notice board.
 */
export function ObjectionForm({
  caseId,
  idPrefix = 'objection',
  initialCaseNumber = '',
}: {
  caseId?: string;
  idPrefix?: string;
  /** a notice's QR code may carry the case number (`/objection?case=C-…`) */
  initialCaseNumber?: string;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [caseNumber, setCaseNumber] = useState(initialCaseNumber);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [conflict, setConflict] = useState<{ status?: CaseStatus }>();
  const request = useSubmit();
  const [filed, setFiled] = useState<ObjectionFiled>();
  const caseField = `${idPrefix}-case`;
  const textField = `${idPrefix}-text`;
  const errorFor = (f: string) => fieldError(errors, f, t);

  const submit = async () => {
    const target = caseId ?? normaliseCaseNumber(caseNumber);
    const found: FormError[] = [];
    if (!caseId && !target) found.push({ field: caseField, key: 'objection.err.caseRequired' });
    else if (!caseId && !CASE_ID.test(target))
      found.push({ field: caseField, key: 'objection.err.caseFormat' });
    const body = { text: text.trim() };
    if (!body.text) found.push({ field: textField, key: 'objection.err.text' });
    else if (body.text.length > OBJECTION_MAX)
      found.push({ field: textField, key: 'objection.err.tooLong', values: { max: OBJECTION_MAX } });
    setErrors(found);
    setConflict(undefined);
    setFiled(undefined);
    request.clearError();
    if (found.length > 0) return;
    const res = await request.run(
      () =>
        apiFetch<ObjectionFiled>(`/cases/${encodeURIComponent(target)}/objections`, {
          body,
          idempotencyKey: bodyKey(`${nonce.current}-${target}`, body),
        }),
      (error) => placeError(error, target),
    );
    if (!res.ok) return;
    setFiled(res.value);
    setText('');
    nonce.current = newIdempotencyKey();
    await qc.invalidateQueries({ queryKey: keys.case(res.value.caseId) });
  };

  /** 409 (not on notice), 404 (no such case) and 400 go beside their fields; anything else to the banner. */
  const placeError = (error: unknown, target: string): boolean => {
    if (!(error instanceof ApiError)) return false;
    if (error.status === 409) {
      const status = error.problem.caseStatus;
      setConflict(status ? { status } : {});
      void qc.invalidateQueries({ queryKey: keys.case(target) });
      if (caseId) return true;
      setErrors([
        {
          field: caseField,
          key: status ? 'objection.err.notOnNoticeStatus' : 'objection.err.notOnNotice',
          values: { status: t(`status.${status ?? 'draft'}`) },
        },
      ]);
      return true;
    }
    if (error.status === 404 && !caseId) {
      setErrors([{ field: caseField, key: 'objection.err.notFound', values: { id: target } }]);
      return true;
    }
    if (error.status === 400) {
      const fields = fieldErrorsFrom(
        error,
        (path) => (path === 'text' ? textField : caseField),
        'objection.err.server',
      );
      setErrors(fields);
      return fields.length > 0;
    }
    return false;
  };

  const left = OBJECTION_MAX - text.trim().length;
  return (
    <div className="objection">
      {filed && (
        <Alert kind="ok" title={t('objection.filedTitle')} live>
          <p>
            {t('objection.filedText', { id: filed.objectionId, caseId: filed.caseNumber ?? filed.caseId })}
          </p>
          <p>{t('objection.filedNext')}</p>
        </Alert>
      )}
      <ErrorSummary errors={errors} />
      {conflict && caseId && (
        <Alert kind="err" title={t('objection.conflictTitle')} live>
          <p>
            {conflict.status
              ? t('objection.conflictStatus', { status: t(`status.${conflict.status}`) })
              : t('objection.conflictText')}
          </p>
        </Alert>
      )}
      <ServerError error={request.error} />
      <form
        noValidate
        aria-label={t('objection.formLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {!caseId && (
          <TextField
            id={caseField}
            label={t('objection.caseNumber')}
            hint={t('names.caseNumberHint')}
            error={errorFor(caseField)}
            value={caseNumber}
            onChange={setCaseNumber}
            autoComplete="off"
            maxLength={64}
          />
        )}
        <TextField
          id={textField}
          label={t('objection.text')}
          hint={
            <>
              {t('objection.textHint')}{' '}
              <span className={left < 0 ? 'overdue' : undefined}>
                {left >= 0 ? t('objection.left', { count: left }) : t('objection.over', { count: -left })}
              </span>
            </>
          }
          error={errorFor(textField)}
          value={text}
          onChange={setText}
          multiline
        />
        <SubmitButton busy={request.busy}>{t('objection.submit')}</SubmitButton>
      </form>
    </div>
  );
}

/** The public notice on a case page: when it ends, what an objection does, and the form. */
export function PublicNotice({ c, audience }: { c: CaseView; audience: 'household' | 'reviewer' }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const params = usePolicyParameters(c.districtCode ?? c.village.slice(0, 6));
  const { start, end } = noticePeriod(c, params.data?.publicNoticeDays);
  const open = (c.objections ?? []).filter((o) => !o.resolved);
  return (
    <section className="card card--accent" aria-labelledby="notice-title">
      <h2 id="notice-title">{t('notice.title')}</h2>
      <dl className="facts">
        {start && (
          <>
            <dt>{t('notice.start')}</dt>
            <dd>{formatDateTime(start, lang)}</dd>
          </>
        )}
        <dt>{t('notice.end')}</dt>
        <dd>
          <strong>{end ? formatDeadline(end, lang) : t('notice.endUnknown')}</strong>
          {params.data && !c.noticeEndsAt && (
            <span className="meta"> · {t('notice.days', { count: params.data.publicNoticeDays })}</span>
          )}
        </dd>
      </dl>
      <p>{t(audience === 'household' ? 'notice.leadHousehold' : 'notice.leadReviewer')}</p>
      {open.length > 0 && (
        <Alert kind="warn">
          <p>{t('notice.objectionsOpen', { count: open.length })}</p>
        </Alert>
      )}
      <h3>{t('objection.formTitle')}</h3>
      <ObjectionForm caseId={c.caseId} />
    </section>
  );
}
