import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MilestoneRecorded } from '../../../../shared/contract/milestones';
import { ApiError } from '../../api/client';
import type { CaseView, HouseholdRecord } from '../../api/contract';
import { useCase, useHousehold } from '../../api/hooks';
import { useLocation } from '../../app/router';
import { MilestoneList } from '../../components/case/milestones';
import { Timeline } from '../../components/case/progress';
import { UploadKind, useUploads } from '../../components/DocumentUploader';
import { DocumentViewer } from '../../components/DocumentViewer';
import { Alert, Loading, PageHeader, QueryError, StatusBadge } from '../../components/ui';
import {
  caseNumberOf,
  formatDateTime,
  formatDeadline,
  formatFen,
  householdName,
  placeName,
} from '../../lib/format';
import { pendingMilestone } from '../../lib/milestoneForm';
import { paidSoFar } from '../../lib/paid';
import { escalationCount } from '../../lib/reviewChain';
import { LAND_DESKS, type LandDesk } from './desks';
import { MilestoneForm } from './MilestoneForm';

/**
 * The registered area of the parcels a homestead case exits (m²), summed in hundredths so that the
 * limit shown is the registry's to the cent; undefined where the registry cannot be read (the land
 * officer may not read the household record: it holds the members' identity numbers).
 */
function registeredArea(c: CaseView, h: HouseholdRecord | undefined): number | undefined {
  if (!h || c.application.type !== 'homestead_exit') return undefined;
  const ids = c.application.parcelIds;
  const parcels = h.homesteads.filter((p) => ids.includes(p.parcelId));
  if (parcels.length === 0) return undefined;
  return parcels.reduce((sum, p) => sum + Math.round(p.areaM2 * 100), 0) / 100;
}

/** What the desk needs to know of the case before it records: whose, which land, what was agreed and paid. */
function CaseSummary({ c, area }: { c: CaseView; area: number | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const paid = paidSoFar(c);
  const app = c.application;
  return (
    <dl className="facts">
      <dt>{t('check.type')}</dt>
      <dd>{t(`caseType.${c.type}`)}</dd>
      <dt>{t('land.household')}</dt>
      <dd>{householdName(c)}</dd>
      <dt>{t('land.villageDistrict')}</dt>
      <dd>
        {placeName(c)} · {t(`district.${c.districtCode}`, { defaultValue: c.districtCode })}
      </dd>
      {app.type === 'homestead_exit' ? (
        <>
          <dt>{t('check.parcels')}</dt>
          <dd>{app.parcelIds.join('、')}</dd>
          <dt>{t('land.registeredArea')}</dt>
          <dd>
            {area === undefined ? t('land.registeredAreaUnknown') : t('land.area', { area: area.toFixed(2) })}
          </dd>
        </>
      ) : app.type === 'contract_land_exit' ? (
        <>
          <dt>{t('check.scope')}</dt>
          <dd>{t(`scope.${app.scope}`)}</dd>
          {app.plotIds && (
            <>
              <dt>{t('check.plots')}</dt>
              <dd>{app.plotIds.join('、')}</dd>
            </>
          )}
        </>
      ) : (
        <>
          <dt>{t('check.shares')}</dt>
          <dd>{t('rights.shares', { count: app.shares })}</dd>
        </>
      )}
      {c.agreement && (
        <>
          <dt>{t('land.agreement')}</dt>
          <dd>
            {t(`option.${c.agreement.option}`, { defaultValue: c.agreement.option })} ·{' '}
            {formatDateTime(c.agreement.signedAt, lang)}
          </dd>
        </>
      )}
      {paid && (
        <>
          <dt>{t('land.paid')}</dt>
          <dd>
            {formatFen(paid.amountFen, lang)} · {formatDateTime(paid.lastPaidAt, lang)}
            {paid.tranches > 1
              ? ` · ${t('land.paidTranches', { paid: paid.paid, tranches: paid.tranches })}`
              : ''}
          </dd>
        </>
      )}
    </dl>
  );
}

/**
 * A case at a land-leg desk: the case in brief, the milestones recorded before, the photos (at the
 * village's vacating confirmation), then the record form of the milestone now pending when it is this
 * desk's; a case elsewhere is shown read-only with where it is.
 */
export function LandCase({ caseId, desk }: { caseId: string; desk: LandDesk }) {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const def = LAND_DESKS[desk];
  const q = useCase(caseId);
  // only where the role may read the registry (not the land officer's: the form says so instead)
  const household = useHousehold(q.data?.householdId, q.isSuccess && def.role !== 'land_officer');
  const [done, setDone] = useState<MilestoneRecorded>();
  // the village's clerk photographs the vacated land here (the API takes staff photos in the land leg)
  const uploads = useUploads(caseId);
  const district = search.get('district');
  const back = {
    to: `${def.base}${district ? `?district=${district}` : ''}`,
    label: t(`land.desk.${desk}.nav`),
  };
  if (q.isPending) return <Loading />;
  if (q.isError)
    return (
      <>
        <PageHeader title={t(`land.desk.${desk}.title`)} back={back} />
        {/* a refusal (403) or an unknown case (404) is not cured by asking again */}
        <QueryError
          error={q.error}
          {...(q.error instanceof ApiError && q.error.status < 500
            ? {}
            : { onRetry: () => void q.refetch() })}
        />
      </>
    );
  const c = q.data;
  const kind = pendingMilestone(c.status);
  const mine = kind !== undefined && def.kinds.includes(kind);
  const area = registeredArea(c, household.data);
  const escalations = escalationCount(c);
  const photos = c.documents.filter((d) => d.kind === 'photo');
  return (
    <>
      <PageHeader
        title={t('land.caseTitle', {
          step: t(`land.kind.${kind ?? def.kinds[0]}`),
          household: householdName(c),
        })}
        lead={
          <>
            {t(`caseType.${c.type}`)} · {t('case.number', { id: caseNumberOf(c) })} ·{' '}
            <StatusBadge status={c.status} />
          </>
        }
        back={back}
      />
      {c.pendingTask && mine && (
        <p className={Date.parse(c.pendingTask.dueAt) < Date.now() ? 'overdue' : 'meta'}>
          {t('review.dueAt', { date: formatDeadline(c.pendingTask.dueAt, i18n.language) })}
          {escalations > 0 ? ` · ${t('progress.escalations', { count: escalations })}` : ''}
        </p>
      )}
      <div className="grid-2">
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('land.summary')}</h2>
          <CaseSummary c={c} area={area} />
        </section>
        <section className="card" aria-labelledby="milestones-title">
          <h2 id="milestones-title">{t('land.milestones')}</h2>
          <MilestoneList milestones={c.milestones} />
        </section>
      </div>
      {desk === 'village' && (photos.length > 0 || (mine && kind === 'vacated')) && (
        <section className="card" aria-labelledby="photos-title">
          <h2 id="photos-title">{t('land.photosTitle')}</h2>
          {mine && kind === 'vacated' && !done && (
            <UploadKind
              kind="photo"
              documents={c.documents}
              uploads={uploads.uploads}
              onAdd={uploads.add}
              onRetry={uploads.retry}
            />
          )}
          {photos.length > 0 && <DocumentViewer caseId={c.caseId} documents={photos} />}
        </section>
      )}
      {done && (
        <Alert kind="ok" title={t(`land.done.${done.kind}`)} live>
          <p>{t('land.doneStatus', { status: t(`status.${done.status}`) })}</p>
        </Alert>
      )}
      {mine && !done && <MilestoneForm c={c} kind={kind} registeredAreaM2={area} onDone={setDone} />}
      {!mine && !done && (
        <Alert kind="info">
          {t('land.notOpen', { status: t(`status.${c.status}`), desk: t(`land.desk.${desk}.title`) })}
        </Alert>
      )}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} reviews={c.reviews} milestones={c.milestones} />
      </section>
    </>
  );
}
