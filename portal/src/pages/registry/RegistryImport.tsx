import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_REGISTRY_FILE_BYTES,
  type RegistryImportFormat,
  type RegistryImportView,
} from '../../../../shared/contract/registryImports';
import { apiFetch } from '../../api/client';
import {
  type ImportPhase,
  importFormatOf,
  UploadFailed,
  uploadAndStartImport,
} from '../../api/registryImport';
import { navigate, useLocation } from '../../app/router';
import { DownloadButtons } from '../../components/DownloadButtons';
import { fieldErrorsFrom, useSubmit } from '../../components/formState';
import { FileIcon } from '../../components/icons';
import {
  Alert,
  type FormError,
  fieldError,
  Loading,
  PageHeader,
  ProblemBanner,
  QueryError,
} from '../../components/ui';
import { formatBytes } from '../../lib/format';
import { ImportErrors } from './ImportErrors';
import { ImportProgress } from './ImportProgress';
import './registryImport.css';

export const IMPORT_PATH = '/registry/import';
const FILE_FIELD = 'import-file';
/** How often a running import is read again: its progress is written as households are applied. */
const POLL_MS = 1000;

/**
 * The import with all its findings: the API answers them a page at a time (`errorsFrom`), so a finished
 * import's pages are read one after the other (a running one is polled for its counts only).
 */
async function importWithEveryFinding(importId: string, signal: AbortSignal): Promise<RegistryImportView> {
  const path = `/registry/imports/${encodeURIComponent(importId)}`;
  const first = await apiFetch<RegistryImportView>(path, { signal });
  if (first.status === 'running') return first;
  const errors = [...first.errors];
  for (let from = first.nextErrorsFrom; from !== undefined; ) {
    const page = await apiFetch<RegistryImportView>(`${path}?errorsFrom=${from}`, { signal });
    errors.push(...page.errors);
    from = page.nextErrorsFrom;
  }
  return { ...first, errors };
}

/**
 * 登记簿导入 for registrars (issue 19 item 2): download the template, upload a filled-in file (as a
 * document of kind `registry_import`) and start its import, follow its progress, and read its error
 * report. The import's id stays in the address (?importId=), so a reload or a shared link shows it again.
 */
export function RegistryImport() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const importId = search.get('importId') ?? undefined;
  const view = useQuery({
    queryKey: ['registryImport', importId],
    enabled: importId !== undefined,
    queryFn: ({ signal }) => importWithEveryFinding(importId ?? '', signal),
    // polled while it runs; a finished import does not change any more
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
    staleTime: (q) => (q.state.data?.status === 'running' ? 0 : Number.POSITIVE_INFINITY),
  });
  return (
    <>
      <PageHeader title={t('importPage.title')} lead={t('importPage.lead')} />
      <section className="card" aria-labelledby="import-template-title">
        <h2 id="import-template-title">{t('importPage.templateTitle')}</h2>
        <p>{t('importPage.templateLead')}</p>
        <DownloadButtons path="/registry/imports/template" query={{}} name={t('importPage.templateFile')} />
      </section>
      <UploadForm />
      {importId && view.isPending && <Loading />}
      {view.isError && <QueryError error={view.error} onRetry={() => void view.refetch()} />}
      {view.data && <ImportProgress view={view.data} />}
      {view.data && view.data.errors.length > 0 && (
        <ImportErrors errors={view.data.errors} importId={view.data.importId} />
      )}
    </>
  );
}

function UploadForm() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File>();
  const [format, setFormat] = useState<RegistryImportFormat>();
  const [phase, setPhase] = useState<ImportPhase>();
  // the chosen file's own fault (its type, its size), until another is chosen; and what the API said
  const [fileProblem, setFileProblem] = useState<FormError>();
  const [serverSaid, setServerSaid] = useState<FormError[]>([]);
  const submit = useSubmit();
  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    const f = chosen ? importFormatOf(chosen) : undefined;
    setFormat(f);
    submit.clearError();
    setServerSaid([]);
    if (chosen && !f) setFileProblem({ field: FILE_FIELD, key: 'importPage.wrongType' });
    else if (chosen && chosen.size > MAX_REGISTRY_FILE_BYTES)
      setFileProblem({
        field: FILE_FIELD,
        key: 'importPage.tooLarge',
        values: { max: formatBytes(MAX_REGISTRY_FILE_BYTES) },
      });
    else setFileProblem(undefined);
  };
  const start = async () => {
    setServerSaid([]);
    if (!file) {
      setFileProblem({ field: FILE_FIELD, key: 'importPage.noFile' });
      return;
    }
    if (!format || fileProblem) return;
    const result = await submit.run(
      () => uploadAndStartImport(file, format, setPhase),
      (error) => {
        // a 400 (not the template, a field refused): its words go beside the file as well as in the banner
        setServerSaid(fieldErrorsFrom(error, () => FILE_FIELD, 'importPage.serverSaid'));
        return false;
      },
    );
    setPhase(undefined);
    if (result.ok) navigate(`${IMPORT_PATH}?importId=${encodeURIComponent(result.value)}`);
  };
  const errors = fileProblem ? [fileProblem] : serverSaid;
  // every field the API named is the file's: all its messages are shown, not the first only
  const error = errors.map((e) => fieldError([e], FILE_FIELD, t)).join('；') || undefined;
  const hintId = `${FILE_FIELD}-hint`;
  const errorId = `${FILE_FIELD}-error`;
  return (
    <section className="card" aria-labelledby="import-upload-title">
      <h2 id="import-upload-title">{t('importPage.uploadTitle')}</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <div className={`field${error ? ' field--error' : ''}`}>
          <label htmlFor={FILE_FIELD}>{t('importPage.fileLabel')}</label>
          <span className="hint" id={hintId}>
            {t('importPage.fileHint')}
          </span>
          {error && (
            <span className="error-text" id={errorId}>
              <span className="visually-hidden">{t('form.errorPrefix')}</span>
              {error}
            </span>
          )}
          {/* the browser's own file button speaks the browser's language: a button of the page's instead */}
          <div className="file-buttons">
            <div className="btn btn--secondary file-label">
              <FileIcon /> {t('upload.choose')}
              <input
                id={FILE_FIELD}
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                aria-describedby={error ? `${hintId} ${errorId}` : hintId}
                aria-invalid={error ? true : undefined}
                disabled={submit.busy}
                onChange={(e) => choose(e.target.files?.[0])}
              />
            </div>
          </div>
          {file && format && (
            <p className="meta">
              {t('importPage.chosen', {
                name: file.name,
                size: formatBytes(file.size),
                format: format === 'xlsx' ? 'Excel' : 'CSV',
              })}
            </p>
          )}
        </div>
        <button type="submit" className="btn btn--primary" disabled={submit.busy} aria-busy={submit.busy}>
          {submit.busy && <span className="spinner" aria-hidden="true" />}
          {t('importPage.start')}
        </button>
        <p className="meta" role="status">
          {phase ? t(`importPage.phase.${phase}`) : ''}
        </p>
      </form>
      {submit.error instanceof UploadFailed ? (
        <Alert kind="err" title={t('importPage.uploadFailed', { status: submit.error.status })} live />
      ) : (
        <ProblemBanner error={submit.error} />
      )}
    </section>
  );
}
