import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../../api/contract';
import { FormCard, RadioGroup, SubmitButton, TextField, useLiveForm } from '../../../components/form';
import { fieldError } from '../../../components/ui';
import { todayInChina } from '../../../lib/format';
import {
  COUNTS,
  checkDecision,
  type Decision,
  type DecisionFormState,
  emptyDecision,
  placeRefusal,
  SHARES_GO_TO,
} from './decision';
import { ConditionalRefusal } from './refusal';
import { useReviewPost } from './useReviewPost';

const sharesOf = (c: CaseView) => (c.application.type === 'equity_exit' ? c.application.shares : 0);

/** The village's decision with the members' meeting resolution behind it (POST /cases/{caseId}/review). */
export function DecisionFormBody({ c, onDone }: { c: CaseView; onDone: (d: Decision) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<DecisionFormState>(emptyDecision);
  const { request, refusal, setRefusal, send } = useReviewPost(c, onDone);
  // an equity exit's meeting also decides where the shares go (DOMAIN.md wave 2, equity exit)
  const equity = c.type === 'equity_exit';
  // checked on every change: the majority error goes the moment the votes carry the decision
  const live = useLiveForm(form, (f) => checkDecision(f, { equity }).errors);
  const errorFor = (field: string) => fieldError(live.errors, field, t);
  const set = (change: Partial<DecisionFormState>) => {
    setForm((f) => ({ ...f, ...change }));
    for (const field of Object.keys(change)) live.touch(field);
    // the API's objection to the reasons was about the old words
    if ('reasons' in change) setRefusal(undefined);
  };

  const submit = async () => {
    setRefusal(undefined);
    const checked = checkDecision(form, { equity });
    live.attempt();
    request.clearError();
    const decision = form.decision;
    if (checked.errors.length > 0 || !decision) return;
    const body = {
      decision,
      reasons: checked.reasons,
      resolution: { meetingDate: form.meetingDate, ...checked.counts },
      ...(equity && form.sharesGoTo ? { sharesGoTo: form.sharesGoTo } : {}),
    };
    await send(decision, body, (error) => placeRefusal(error, checked), live.serverSaid);
  };

  return (
    <FormCard
      id="decision-form"
      title={t('review.decisionTitle')}
      errors={live.summary}
      focusKey={live.attempts}
      problem={request.error}
      onSubmit={() => void submit()}
    >
      <RadioGroup
        id="decision"
        name="decision"
        legend={t('review.decision')}
        error={errorFor('decision')}
        value={form.decision}
        onChange={(decision) => set({ decision })}
        options={(['approve', 'return', 'reject'] as const).map((d) => ({
          value: d,
          title: t(`review.option.${d}`),
          description: t(`review.option.${d}Desc`),
        }))}
      />
      {refusal && <ConditionalRefusal problem={refusal} />}
      <TextField
        id="reasons"
        label={t('review.reasons')}
        hint={t('review.reasonsHint')}
        error={errorFor('reasons')}
        value={form.reasons}
        onChange={(reasons) => set({ reasons })}
        multiline
      />
      <fieldset className="card" style={{ boxShadow: 'none' }}>
        <legend className="label">{t('review.resolution')}</legend>
        <p className="hint">{t('review.resolutionHint')}</p>
        <div className="grid-2">
          <TextField
            id="meetingDate"
            type="date"
            short
            label={t('review.meetingDate')}
            error={errorFor('meetingDate')}
            value={form.meetingDate}
            max={todayInChina()}
            onChange={(meetingDate) => set({ meetingDate })}
          />
          {COUNTS.map((field) => (
            <TextField
              key={field}
              id={field}
              inputMode="numeric"
              short
              label={t(`review.${field}`)}
              error={errorFor(field)}
              value={form[field]}
              onChange={(value) => set({ [field]: value })}
            />
          ))}
        </div>
        {equity && (
          <RadioGroup
            id="sharesGoTo"
            name="sharesGoTo"
            legend={t('review.sharesGoTo', { count: c.equity?.shares ?? sharesOf(c) })}
            hint={t('review.sharesGoToHint')}
            error={errorFor('sharesGoTo')}
            value={form.sharesGoTo}
            onChange={(sharesGoTo) => set({ sharesGoTo })}
            options={SHARES_GO_TO.map((s) => ({
              value: s,
              title: t(`sharesGoTo.${s}`),
              description: t(`review.sharesGoToDesc.${s}`),
            }))}
          />
        )}
      </fieldset>
      <div className="btn-row">
        <SubmitButton busy={request.busy}>{t('review.submit')}</SubmitButton>
      </div>
    </FormCard>
  );
}
