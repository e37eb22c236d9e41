import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
// shared/contract/index.ts does not re-export the milestones' module yet: its type straight from there
import type { MilestoneRecorded } from '../../../../shared/contract/milestones';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import type { CaseView } from '../../api/contract';
import { keys } from '../../api/hooks';
import {
  CheckboxGroup,
  FormCard,
  fieldErrorsFrom,
  onePerField,
  RadioGroup,
  SubmitButton,
  TextField,
  useLiveForm,
  useSubmit,
} from '../../components/form';
import { fieldError } from '../../components/ui';
import {
  DISPOSITIONS,
  emptyMilestoneForm,
  type MilestoneFormState,
  type MilestoneKind,
  milestoneBody,
  milestoneFieldOf,
  NAME_MAX,
  NO_MAX,
} from '../../lib/milestoneForm';
import { checkMilestoneLive } from '../../lib/milestoneFormSchema';

/**
 * The record of one land-leg milestone (POST /cases/{caseId}/milestones): the fields of its kind only.
 * Each field is checked as soon as it is changed, every field once the form is sent, by the form's own
 * checks and the API's body schema (useLiveForm, lib/milestoneFormSchema.ts); a change answers the
 * API's objection to that field. The API's refusals that are not about a field (403 not this
 * person's duty or separation of duties, 409 no longer pending) go to the banner in the reader's words.
 */
export function MilestoneFormBody({
  c,
  kind,
  registeredAreaM2,
  onDone,
}: {
  c: CaseView;
  kind: MilestoneKind;
  /** the registered area of the exited parcels, where the page could read it */
  registeredAreaM2: number | undefined;
  onDone: (r: MilestoneRecorded) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [form, setForm] = useState<MilestoneFormState>(emptyMilestoneForm);
  // the server's registered area, when it refused an area above it and the page could not read it
  const [serverArea, setServerArea] = useState<number>();
  const request = useSubmit();
  const area = registeredAreaM2 ?? serverArea;

  // the form's own checks and the API's schema, on every change (useLiveForm)
  const live = useLiveForm(form, (f) => checkMilestoneLive(kind, f, { registeredAreaM2: area }));
  const errorFor = (field: string) => fieldError(live.errors, field, t);
  const set = (field: string, change: Partial<MilestoneFormState>) => {
    setForm((f) => ({ ...f, ...change }));
    live.touch(field);
  };

  const submit = async () => {
    request.clearError();
    const checked = live.attempt();
    if (checked.length > 0) return;
    const body = milestoneBody(kind, form);
    const res = await request.run(
      () =>
        apiFetch<MilestoneRecorded>(`/cases/${encodeURIComponent(c.caseId)}/milestones`, {
          body,
          idempotencyKey: bodyKey(nonce.current, body),
          retryWhileNotReady: true,
        }),
      (error) => {
        if (!(error instanceof ApiError) || error.status !== 400) return false;
        const reported = (error.problem as Record<string, unknown>).registeredAreaM2;
        if (typeof reported === 'number') setServerArea(reported);
        const placed = fieldErrorsFrom(error, milestoneFieldOf, 'land.err.server');
        const once = onePerField(placed);
        if (once.length === 0) return false;
        live.serverSaid(once);
        return true;
      },
    );
    if (!res.ok) return;
    onDone(res.value);
    await qc.invalidateQueries({ queryKey: keys.case(c.caseId) });
    await qc.invalidateQueries({ queryKey: ['cases'] });
  };

  const photos = c.documents.filter((d) => d.kind === 'photo');
  return (
    <FormCard
      id="milestone-form"
      title={t(`land.formTitle.${kind}`)}
      lead={<p className="meta">{t(`land.formLead.${kind}`)}</p>}
      errors={live.summary}
      focusKey={live.attempts}
      problem={request.error}
      onSubmit={() => void submit()}
    >
      {kind === 'vacated' && (
        <CheckboxGroup
          id="documentIds"
          name="documentIds"
          legend={t('land.photos')}
          hint={t('land.photosHint')}
          error={errorFor('documentIds')}
          value={form.documentIds}
          onChange={(documentIds) => set('documentIds', { documentIds })}
          options={photos.map((d) => ({
            value: d.documentId,
            title: `${t('docKind.photo')} ${d.documentId}`,
            description: t(`docStatus.${d.status}`),
            // only a photo that passed its checks counts (the API refuses any other)
            disabled: d.status !== 'accepted',
          }))}
        >
          {photos.length === 0 && <p className="meta">{t('land.noPhotos')}</p>}
        </CheckboxGroup>
      )}
      {kind === 'disposed' && (
        <>
          <RadioGroup
            id="disposition"
            name="disposition"
            legend={t('land.dispositionLegend')}
            error={errorFor('disposition')}
            value={form.disposition}
            onChange={(disposition) => set('disposition', { disposition })}
            options={DISPOSITIONS.map((d) => ({
              value: d,
              title: t(`land.disposition.${d}`),
              description: t(`land.dispositionDesc.${d}`),
            }))}
          />
          {form.disposition === 'reclaimed' && (
            <>
              <TextField
                id="acceptanceNo"
                label={t('land.acceptanceNo')}
                error={errorFor('acceptanceNo')}
                value={form.acceptanceNo}
                maxLength={NO_MAX}
                onChange={(acceptanceNo) => set('acceptanceNo', { acceptanceNo })}
              />
              <TextField
                id="acceptedArea"
                label={t('land.acceptedArea')}
                hint={
                  area === undefined
                    ? t('land.acceptedAreaHintUnknown')
                    : t('land.acceptedAreaHint', { area: area.toFixed(2) })
                }
                error={errorFor('acceptedArea')}
                value={form.acceptedArea}
                inputMode="decimal"
                short
                onChange={(acceptedArea) => set('acceptedArea', { acceptedArea })}
              />
            </>
          )}
          {(form.disposition === 'direct_use' || form.disposition === 'development') && (
            <TextField
              id="planApprovalNo"
              label={t('land.planApprovalNo')}
              error={errorFor('planApprovalNo')}
              value={form.planApprovalNo}
              maxLength={NO_MAX}
              onChange={(planApprovalNo) => set('planApprovalNo', { planApprovalNo })}
            />
          )}
        </>
      )}
      {kind === 'certificate_cancelled' && (
        <TextField
          id="cancellationNo"
          label={t('land.cancellationNo')}
          hint={t('land.cancellationNoHint')}
          error={errorFor('cancellationNo')}
          value={form.cancellationNo}
          maxLength={NO_MAX}
          onChange={(cancellationNo) => set('cancellationNo', { cancellationNo })}
        />
      )}
      {kind === 'handed_over' && (
        <>
          <TextField
            id="takerName"
            label={t('land.takerName')}
            hint={t('land.takerNameHint')}
            error={errorFor('takerName')}
            value={form.takerName}
            maxLength={NAME_MAX}
            onChange={(takerName) => set('takerName', { takerName })}
          />
          <TextField
            id="creditCode"
            label={t('land.creditCode')}
            hint={t('land.creditCodeHint')}
            error={errorFor('creditCode')}
            value={form.creditCode}
            maxLength={18}
            autoComplete="off"
            onChange={(creditCode) => set('creditCode', { creditCode })}
          />
        </>
      )}
      <div className="btn-row">
        <SubmitButton busy={request.busy}>{t(`land.submit.${kind}`)}</SubmitButton>
      </div>
    </FormCard>
  );
}
