import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey, newIdempotencyKey } from '../../../api/client';
import type { CaseView, DocumentKind } from '../../../api/contract';
import { UploadKind, useUploads } from '../../../components/DocumentUploader';
import { ConfirmDialog, SubmitButton, TextField } from '../../../components/form';
import { ServerError } from '../../../components/ui';
import { APPEAL_MAX } from './rules';
import { useAction } from './useAction';

/** The household's own moves on a case: resubmit after a return, appeal a rejection, withdraw, rescind. */

export function Resubmit({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const uploads = useUploads(c.caseId);
  const action = useAction(c.caseId);
  // a surrendered qualification right needs its proof of other housing again if that was the problem
  const surrender =
    (c.qualificationRight ??
      (c.application.type === 'homestead_exit' ? c.application.qualificationRight : undefined)) ===
    'surrender';
  const kinds: DocumentKind[] = [
    ...(surrender ? (['housing_certificate'] as const) : []),
    'id_card',
    'hukou',
    'property_certificate',
    'consent_form',
    'social_insurance',
    'residence_proof',
    'other',
  ];
  return (
    <section className="card card--accent" aria-labelledby="resubmit-title">
      <h2 id="resubmit-title">{t('resubmit.title')}</h2>
      <p>{t('resubmit.lead')}</p>
      <details>
        <summary className="linklike">{t('resubmit.addDocuments')}</summary>
        <p className="hint">{t('upload.rules')}</p>
        {kinds.map((k) => (
          <UploadKind
            key={k}
            kind={k}
            documents={c.documents}
            uploads={uploads.uploads}
            onAdd={uploads.add}
            onRetry={uploads.retry}
          />
        ))}
      </details>
      <ServerError error={action.error} />
      <div className="btn-row">
        <SubmitButton
          type="button"
          busy={action.busy}
          onClick={() =>
            void action.run(() =>
              apiFetch(`/cases/${encodeURIComponent(c.caseId)}/submit`, {
                method: 'POST',
                idempotencyKey: `resubmit-${c.caseId}-${c.timeline.length}`,
                retryWhileNotReady: true,
              }),
            )
          }
        >
          {t('resubmit.submit')}
        </SubmitButton>
      </div>
    </section>
  );
}

export function Appeal({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const action = useAction(c.caseId);
  const key = useRef(newIdempotencyKey());
  return (
    <section className="card card--accent" aria-labelledby="appeal-title">
      <h2 id="appeal-title">{t('appeal.title')}</h2>
      <p>{t('appeal.lead')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) {
            setError('appeal.err.text');
            document.getElementById('appeal-text')?.focus();
            return;
          }
          setError(undefined);
          void action.run(() =>
            apiFetch(`/cases/${encodeURIComponent(c.caseId)}/appeal`, {
              body: { text: text.trim() },
              idempotencyKey: bodyKey(key.current, text.trim()),
              retryWhileNotReady: true,
            }),
          );
        }}
      >
        <TextField
          id="appeal-text"
          label={t('appeal.text')}
          hint={t('appeal.hint')}
          error={error ? t(error) : undefined}
          value={text}
          onChange={setText}
          maxLength={APPEAL_MAX}
          multiline
        />
        <ServerError error={action.error} />
        <SubmitButton busy={action.busy}>{t('appeal.submit')}</SubmitButton>
      </form>
    </section>
  );
}

export function Withdraw({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const action = useAction(c.caseId);
  const withdraw = async () => {
    const ok = await action.run(() =>
      apiFetch(`/cases/${encodeURIComponent(c.caseId)}/withdraw`, {
        method: 'POST',
        idempotencyKey: `withdraw-${c.caseId}`,
        // the workflow writes a waiting case too (each escalation of the ladder): a write that lands
        // between this one's read and write answers STALE_WRITE, and the same request is sent again
        retryWhileNotReady: true,
      }),
    );
    if (ok) setConfirming(false);
  };
  return (
    <section className="card" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('withdraw.title')}</h2>
      <p>{t('withdraw.lead')}</p>
      {!confirming && <ServerError error={action.error} />}
      <button type="button" className="btn btn--danger" onClick={() => setConfirming(true)}>
        {t('withdraw.button')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('withdraw.confirm')}
        confirmLabel={t('withdraw.yes')}
        cancelLabel={t('withdraw.no')}
        busy={action.busy}
        danger
        onConfirm={() => void withdraw()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('withdraw.confirmText', { id: c.caseId })}</p>
        <ServerError error={action.error} />
      </ConfirmDialog>
    </section>
  );
}

/** 冷静期: the household undoes its signed agreement while the cooling-off runs. */
export function Rescind({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const action = useAction(c.caseId);
  const rescind = async () => {
    const ok = await action.run(() =>
      apiFetch(`/cases/${encodeURIComponent(c.caseId)}/rescind`, {
        method: 'POST',
        idempotencyKey: `rescind-${c.caseId}`,
        retryWhileNotReady: true,
      }),
    );
    if (ok) setConfirming(false);
  };
  return (
    <section className="card card--accent" aria-labelledby="rescind-title">
      <h2 id="rescind-title">{t('rescind.title')}</h2>
      <p>{t('rescind.lead')}</p>
      {!confirming && <ServerError error={action.error} />}
      <button type="button" className="btn btn--danger" onClick={() => setConfirming(true)}>
        {t('rescind.button')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('rescind.confirm')}
        confirmLabel={t('rescind.yes')}
        cancelLabel={t('rescind.no')}
        busy={action.busy}
        danger
        onConfirm={() => void rescind()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('rescind.confirmText', { id: c.caseId })}</p>
        <ServerError error={action.error} />
      </ConfirmDialog>
    </section>
  );
}
