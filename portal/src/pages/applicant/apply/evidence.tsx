import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDocument, HouseholdRecord } from '../../../api/contract';
import { Link } from '../../../app/router';
import { UploadKind, type useUploads } from '../../../components/DocumentUploader';
import { Alert } from '../../../components/ui';
import { housingProof } from '../../../lib/applyChoices';
import { type Answers, documentsFor, type Step } from './answers';
import { useMissingAdults } from './questions';

type Uploads = ReturnType<typeof useUploads>;

/** The evidence screen: one uploader per document kind the type of exit asks for, recommended first. */
export function Evidence({
  answers,
  documents,
  uploads,
}: {
  answers: Answers;
  documents: CaseDocument[];
  uploads: Uploads;
}) {
  const { t } = useTranslation();
  if (!answers.caseId || !answers.type) return null;
  return (
    <>
      <p>{t('apply.step.documents.hint')}</p>
      <p className="hint">{t('upload.rules')}</p>
      {documentsFor(answers).map((d) => (
        <UploadKind
          key={d.kind}
          kind={d.kind}
          recommended={d.recommended}
          documents={documents}
          uploads={uploads.uploads}
          onAdd={uploads.add}
          onRetry={uploads.retry}
        />
      ))}
    </>
  );
}

/** Check your answers: every answer with a link back to change it, before the submission. */
export function CheckAnswers({
  answers,
  household: h,
  documents: docs,
  uploads,
}: {
  answers: Answers;
  household: HouseholdRecord;
  documents: CaseDocument[];
  uploads: Uploads;
}) {
  const { t } = useTranslation();
  const missingAdults = useMissingAdults(h, answers.consents);
  const parcelById = new Map(h.homesteads.map((p) => [p.parcelId, p]));
  const plotById = new Map(h.contractPlots.map((p) => [p.plotId, p]));
  const memberById = new Map(h.members.map((m) => [m.memberId, m]));
  const uploading = uploads.uploads.some((u) => u.state.phase !== 'uploaded' && u.state.phase !== 'failed');
  // a surrender of the qualification right is refused at submission without an accepted proof of housing
  const proof =
    answers.type === 'homestead_exit' && answers.qualificationRight === 'surrender'
      ? housingProof(docs)
      : 'accepted';
  const rows: { key: string; label: string; value: ReactNode; edit?: Step }[] = [
    { key: 'type', label: t('check.type'), value: answers.type ? t(`caseType.${answers.type}`) : '' },
  ];
  if (answers.type === 'homestead_exit') {
    rows.push({
      key: 'parcels',
      label: t('check.parcels'),
      value: answers.parcelIds
        .map((id) => t('apply.parcelTitle', { id, area: parcelById.get(id)?.areaM2 ?? '?' }))
        .join('；'),
    });
    rows.push({
      key: 'qualification',
      label: t('check.qualification'),
      value: t(`qualification.${answers.qualificationRight}`),
    });
  } else if (answers.type === 'equity_exit') {
    rows.push({
      key: 'shares',
      label: t('check.shares'),
      value: t('check.sharesOf', { shares: answers.shares.trim(), holding: h.rights.equityShares }),
    });
  } else {
    rows.push({
      key: 'scope',
      label: t('check.scope'),
      value: answers.scope ? t(`scope.${answers.scope}`) : '',
    });
    if (answers.scope === 'partial')
      rows.push({
        key: 'plots',
        label: t('check.plots'),
        value: answers.plotIds
          .map((id) => t('apply.plotTitle', { id, area: plotById.get(id)?.areaMu ?? '?' }))
          .join('；'),
      });
    rows.push({
      key: 'term',
      label: t('check.term'),
      value: answers.term ? t(`term.${answers.term}`) : '',
    });
  }
  rows.push({
    key: 'consent',
    label: t('check.consent'),
    value: answers.consents.map((id) => memberById.get(id)?.name ?? id).join('、'),
  });
  rows.push({ key: 'declaration', label: t('check.declaration'), value: t('check.voluntaryYes') });
  rows.push({
    key: 'documents',
    label: t('check.documents'),
    value:
      docs.length === 0
        ? t('check.noDocuments')
        : docs.map((d) => `${t(`docKind.${d.kind}`)}（${t(`docStatus.${d.status}`)}）`).join('、'),
    edit: 'documents',
  });
  return (
    <>
      <dl className="summary-list card">
        {rows.map((r) => (
          <div key={r.key}>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
            <dd>
              {r.edit && (
                <Link to={`/apply?step=${r.edit}`}>
                  {t('check.change')}
                  <span className="visually-hidden"> {r.label}</span>
                </Link>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {missingAdults.length > 0 && (
        <Alert kind="warn">
          {t('apply.missingConsent', { names: missingAdults.map((m) => m.name).join('、') })}
        </Alert>
      )}
      {proof !== 'accepted' && (
        <Alert kind={proof === 'pending' ? 'info' : 'warn'} title={t(`check.housingProof.${proof}`)}>
          <p>{t('check.housingProofText')}</p>
          {proof !== 'pending' && <Link to="/apply?step=documents">{t('check.housingProofUpload')}</Link>}
        </Alert>
      )}
      {uploading && <Alert kind="info">{t('check.stillUploading')}</Alert>}
      <p>{t('check.promise')}</p>
    </>
  );
}
