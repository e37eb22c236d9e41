import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdRecord } from '../../../api/contract';
import { rightsHeadlineKey } from '../../../components/case/findings';
import { CheckboxGroup, type GroupProps, RadioGroup } from '../../../components/form';
import { Alert, Choice, FieldSet, type FormError, fieldError } from '../../../components/ui';
import { isAdultOn, maskNationalId } from '../../../lib/format';
import type { Answers, Step } from './answers';
import { QualificationQuestion, SharesQuestion } from './choices';

/** The adults of the household who have not consented yet (every adult member must, DOMAIN.md). */
export function useMissingAdults(h: HouseholdRecord, consents: readonly string[]) {
  const adults = useMemo(() => h.members.filter((m) => isAdultOn(m.birthDate)), [h]);
  return adults.filter((m) => !consents.includes(m.memberId));
}

export interface QuestionProps {
  step: Exclude<Step, 'documents' | 'check'>;
  answers: Answers;
  update: (change: Partial<Answers>) => void;
  household: HouseholdRecord;
  errors: FormError[];
  /** the draft exists: the answers it was made from can be read, not changed */
  locked: boolean;
}

/**
 * One question of the application on its own screen: the page title is its legend (hidden, the title
 * says it already), its hint and error are the step's own.
 */
export function Question({ step, answers, update, household: h, errors, locked }: QuestionProps) {
  const { t } = useTranslation();
  const missingAdults = useMissingAdults(h, answers.consents);
  const title = t(`apply.step.${step}.title`);
  const errorFor = (field: string) => fieldError(errors, field, t);
  const question = (id: Step): GroupProps => ({
    id,
    name: id,
    legend: title,
    legendClass: 'visually-hidden',
    hint: t(`apply.step.${id}.hint`),
    error: errorFor(id),
    disabled: locked,
  });
  switch (step) {
    case 'type':
      return (
        <RadioGroup
          {...question('type')}
          value={answers.type}
          onChange={(type) => update({ type })}
          options={(['homestead_exit', 'contract_land_exit', 'equity_exit'] as const).map((type) => ({
            value: type,
            title: t(`caseType.${type}`),
            description: t(`caseType.${type}Desc`),
          }))}
        />
      );
    case 'parcels':
      return (
        <CheckboxGroup
          {...question('parcels')}
          value={answers.parcelIds}
          onChange={(parcelIds) => update({ parcelIds })}
          options={h.homesteads.map((p) => ({
            value: p.parcelId,
            title: t('apply.parcelTitle', { id: p.parcelId, area: p.areaM2 }),
            description: (
              <>
                {p.certificateNo}
                {p.building && (
                  <>
                    <br />
                    {t('apply.building', {
                      area: p.building.floorAreaM2,
                      structure: t(`structure.${p.building.structure}`, {
                        defaultValue: p.building.structure,
                      }),
                      year: p.building.yearBuilt,
                    })}
                  </>
                )}
                {p.status !== 'registered' && (
                  <>
                    <br />
                    <strong>{t(`parcelStatus.${p.status}`)}</strong>
                  </>
                )}
              </>
            ),
          }))}
        >
          {h.homesteads.length === 0 && <Alert kind="warn">{t('apply.noParcels')}</Alert>}
        </CheckboxGroup>
      );
    case 'qualification':
    case 'shares': {
      const Ask = step === 'shares' ? SharesQuestion : QualificationQuestion;
      return (
        <Ask
          answers={answers}
          update={update}
          household={h}
          title={title}
          error={errorFor(step)}
          locked={locked}
        />
      );
    }
    case 'scope':
      return (
        <RadioGroup
          {...question('scope')}
          value={answers.scope}
          onChange={(scope) => update({ scope })}
          options={[
            {
              value: 'all' as const,
              title: t('scope.all'),
              description: t('apply.allPlots', {
                list: h.contractPlots.map((p) => `${p.plotId}（${p.areaMu} 亩）`).join('、') || '—',
              }),
            },
            { value: 'partial' as const, title: t('scope.partial'), description: t('scope.partialDesc') },
          ]}
        />
      );
    case 'plots':
      return (
        <CheckboxGroup
          {...question('plots')}
          value={answers.plotIds}
          onChange={(plotIds) => update({ plotIds })}
          options={h.contractPlots.map((p) => ({
            value: p.plotId,
            title: t('apply.plotTitle', { id: p.plotId, area: p.areaMu }),
            description: (
              <>
                {t('apply.termEnd', { date: p.termEnd })}
                {p.status !== 'normal' && (
                  <>
                    {' · '}
                    <strong>{t(`plotStatus.${p.status}`)}</strong>
                  </>
                )}
              </>
            ),
          }))}
        />
      );
    case 'term':
      return (
        <RadioGroup
          {...question('term')}
          value={answers.term}
          onChange={(term) => update({ term })}
          options={(['current_term', 'permanent'] as const).map((term) => ({
            value: term,
            title: t(`term.${term}`),
            description: t(`term.${term}Desc`),
          }))}
        />
      );
    case 'consent':
      return (
        <>
          <CheckboxGroup
            {...question('consent')}
            value={answers.consents}
            onChange={(consents) => update({ consents })}
            options={h.members.map((m) => {
              const adult = isAdultOn(m.birthDate);
              return {
                value: m.memberId,
                disabled: !adult,
                title: t('apply.consentTitle', { name: m.name, relation: m.relation }),
                description: adult
                  ? t('apply.consentId', { id: maskNationalId(m.nationalId) })
                  : t('apply.minor'),
              };
            })}
          />
          {answers.consents.length > 0 && missingAdults.length > 0 && (
            <Alert kind="warn">
              {t('apply.missingConsent', { names: missingAdults.map((m) => m.name).join('、') })}
            </Alert>
          )}
        </>
      );
    case 'declaration':
      return (
        <FieldSet
          id="declaration"
          legend={title}
          legendClass="visually-hidden"
          hint={t('apply.step.declaration.hint')}
          error={errorFor('declaration')}
        >
          <div className="alert alert--info">
            <p>
              {t(answers.type === 'equity_exit' ? 'apply.declarationText1Equity' : 'apply.declarationText1')}
            </p>
            <p>{t(rightsHeadlineKey(answers.type ?? 'homestead_exit'))}</p>
            <p>{t('apply.declarationText2')}</p>
          </div>
          <Choice
            type="checkbox"
            name="voluntary"
            value="yes"
            checked={answers.voluntary}
            disabled={locked}
            onChange={(on) => update({ voluntary: on })}
            title={t('apply.declarationCheck')}
          />
        </FieldSet>
      );
  }
}
