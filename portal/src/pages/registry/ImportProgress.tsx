import { useTranslation } from 'react-i18next';
import type { RegistryImportView } from '../../../../shared/contract/registryImports';
import { wordsIn } from '../../api/client';
import { Alert } from '../../components/ui';
import { formatDateTime } from '../../lib/format';

const TONE = { running: 'progress', done: 'ok', failed: 'stop' } as const;

/**
 * 进度: the import as the server last reported it: a progress bar of households applied while it runs,
 * then what became of the file's households (新增 / 更新 / 未变 / 冲突 / 退回) and its rows; a failed
 * import says why the whole file was refused.
 */
export function ImportProgress({ view }: { view: RegistryImportView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // the households are counted once the file is read: until then the bar has no length (indeterminate)
  const known = view.households > 0;
  const percent = known ? Math.min(100, Math.round((view.processed / view.households) * 100)) : 0;
  const counts = [
    ['rows', view.rows],
    ['created', view.created],
    ['updated', view.updated],
    ['unchanged', view.unchanged],
    ['conflicts', view.conflicts],
    ['rejected', view.rejected],
  ] as const;
  return (
    <section className="card" aria-labelledby="import-progress-title" data-status={view.status}>
      <h2 id="import-progress-title">
        {t('importPage.progressTitle')}{' '}
        <span className={`status status--${TONE[view.status]}`}>{t(`importPage.status.${view.status}`)}</span>
      </h2>
      <p className="meta">
        {t('importPage.which', {
          id: view.importId,
          format: view.format === 'xlsx' ? 'Excel' : 'CSV',
          who: view.startedByName ?? view.startedBy,
          at: formatDateTime(view.startedAt, lang),
        })}
        {view.finishedAt
          ? ` · ${t('importPage.finished', { at: formatDateTime(view.finishedAt, lang) })}`
          : ''}
      </p>
      {view.status !== 'failed' && (
        <>
          <div
            className="import-bar"
            role="progressbar"
            aria-label={t('importPage.progressLabel')}
            aria-valuemin={0}
            aria-valuemax={known ? view.households : undefined}
            aria-valuenow={known ? view.processed : undefined}
            aria-valuetext={
              known
                ? t('importPage.processed', { processed: view.processed, households: view.households })
                : t('importPage.reading')
            }
          >
            <div
              className={`import-bar__fill${known ? '' : ' import-bar__fill--busy'}`}
              style={{ width: known ? `${percent}%` : '30%' }}
            />
          </div>
          <p className="progress-text" aria-live="polite">
            {known
              ? t('importPage.processed', { processed: view.processed, households: view.households })
              : t('importPage.reading')}
            {known ? `（${percent}%）` : ''}
          </p>
        </>
      )}
      {view.failure && (
        <Alert kind="err" title={t('importPage.failedTitle')} live>
          <p>{wordsIn({ en: view.failure.messageEn, zh: view.failure.messageZh }, lang)}</p>
        </Alert>
      )}
      <dl className="kpis import-counts">
        {counts.map(([key, n]) => (
          <div className="kpi" key={key} data-count={key}>
            <dt className="kpi__label">{t(`importPage.count.${key}`)}</dt>
            <dd className="kpi__value">{n.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN')}</dd>
          </div>
        ))}
      </dl>
      {view.status === 'done' && (
        <Alert kind={view.conflicts + view.rejected > 0 ? 'warn' : 'ok'} live>
          <p>
            {view.conflicts + view.rejected > 0
              ? t('importPage.doneWithFindings', { count: view.errors.length })
              : t('importPage.doneClean')}
          </p>
        </Alert>
      )}
    </section>
  );
}
