import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../../api/contract';
import { REASON_CODES } from '../../../components/case/reviews';
import {
  CheckboxGroup,
  FormCard,
  RadioGroup,
  SubmitButton,
  TextField,
  useLiveForm,
} from '../../../components/form';
import { fieldError } from '../../../components/ui';
import type { Decision } from './decision';
import { ConditionalRefusal } from './refusal';
import {
  type ChainStep,
  checkStepDecision,
  emptyStepDecision,
  placeStepRefusal,
  type StepDecisionState,
  stepBody,
} from './stepDecision';
import { useReviewPost } from './useReviewPost';

/**
 * The town's audit or the district's approval of a case (POST /cases/{caseId}/review): decision, reason
 * codes and a note for the household. The errors beside the fields follow every change once a field
 * was touched or the form sent (useLiveForm: a fixed field loses its error at once); the summary takes
 * the focus only when the form is sent, so the focus never jumps while someone types.
 */
export function StepDecisionFormBody({
  c,
  step,
  onDone,
}: {
  c: CaseView;
  step: ChainStep;
  onDone: (d: Decision) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<StepDecisionState>(emptyStepDecision);
  const { request, refusal, setRefusal, send } = useReviewPost(c, onDone);

  const live = useLiveForm(form, checkStepDecision);
  const errorFor = (field: string) => fieldError(live.errors, field, t);
  // a change answers the API's objection to that field (its words were about the old value)
  const set = (field: keyof StepDecisionState, change: Partial<StepDecisionState>) => {
    setForm((f) => ({ ...f, ...change }));
    live.touch(field);
    if (field === 'note') setRefusal(undefined);
  };

  const submit = async () => {
    setRefusal(undefined);
    request.clearError();
    const checked = live.attempt();
    const decision = form.decision;
    if (checked.length > 0 || !decision) return;
    const body = stepBody({ ...form, decision });
    await send(decision, body, placeStepRefusal, live.serverSaid);
  };

  return (
    <FormCard
      id="decision-form"
      title={t(`chain.formTitle.${step}`)}
      errors={live.summary}
      focusKey={live.attempts}
      problem={request.error}
      onSubmit={() => void submit()}
    >
      <RadioGroup
        id="decision"
        name="decision"
        legend={t('chain.decision')}
        error={errorFor('decision')}
        value={form.decision}
        onChange={(decision) => set('decision', { decision })}
        options={(['approve', 'return', 'reject'] as const).map((d) => ({
          value: d,
          title: t(`chain.option.${step}.${d}`),
          description: t(`chain.option.${step}.${d}Desc`),
        }))}
      />
      <CheckboxGroup
        id="reasonCodes"
        name="reasonCodes"
        legend={t('chain.codes')}
        hint={t('chain.codesHint')}
        error={errorFor('reasonCodes')}
        value={form.reasonCodes}
        onChange={(picked) =>
          set('reasonCodes', { reasonCodes: REASON_CODES.filter((x) => picked.includes(x)) })
        }
        options={REASON_CODES.map((code) => ({ value: code, title: t(`reasonCode.${code}`) }))}
      />
      {refusal && <ConditionalRefusal problem={refusal} step={step} />}
      <TextField
        id="note"
        label={t('chain.note')}
        hint={t('chain.noteHint')}
        error={errorFor('note')}
        value={form.note}
        onChange={(note) => set('note', { note })}
        multiline
      />
      <div className="btn-row">
        <SubmitButton busy={request.busy}>{t(`chain.submit.${step}`)}</SubmitButton>
      </div>
    </FormCard>
  );
}
