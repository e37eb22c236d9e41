import { useTranslation } from 'react-i18next';
import type { HouseholdRecord } from '../../../api/contract';
import { RadioGroup, TextField } from '../../../components/form';
import { Alert } from '../../../components/ui';
import type { Answers } from './answers';

/**
 * The two questions of wave 2 (DOMAIN.md "The qualification right", "Equity exit"): how many collective
 * equity shares an equity exit gives up, and whether a homestead exit keeps or surrenders the
 * qualification right (资格权). Each says in plain words what the household keeps.
 */
interface ChoiceProps {
  answers: Answers;
  update: (change: Partial<Answers>) => void;
  household: HouseholdRecord;
  title: string;
  error: string | undefined;
  locked: boolean;
}

/** 退出多少股: the holding from the registry beside the question, and what the exit never touches. */
export function SharesQuestion({ answers, update, household: h, error, locked }: ChoiceProps) {
  const { t } = useTranslation();
  const holding = h.rights.equityShares;
  return (
    <>
      {holding < 1 && <Alert kind="warn">{t('apply.noShares')}</Alert>}
      <TextField
        id="shares"
        label={t('apply.sharesLabel')}
        hint={holding < 1 ? undefined : t('apply.sharesHint', { holding })}
        error={error}
        value={answers.shares}
        onChange={(shares) => update({ shares })}
        inputMode="numeric"
        autoComplete="off"
        maxLength={12}
        short
        disabled={locked || holding < 1}
      />
      <p className="hint">{t('apply.sharesPrice')}</p>
      <Alert kind="info" title={t('apply.equityKeepsTitle')}>
        <ul>
          <li>{t('apply.equityKeeps.contract')}</li>
          <li>{t('apply.equityKeeps.homestead')}</li>
          <li>{t('apply.equityKeeps.insurance')}</li>
        </ul>
      </Alert>
    </>
  );
}

/**
 * 宅基地资格权: keep (the default, 保障资格权) or surrender, each explained; surrendering needs proof of
 * other stable housing, uploaded as 住房证明 on the documents step, and adds a line to every offer.
 */
export function QualificationQuestion({ answers, update, household: h, title, error, locked }: ChoiceProps) {
  const { t } = useTranslation();
  return (
    <>
      <RadioGroup
        id="qualification"
        name="qualification"
        legend={title}
        legendClass="visually-hidden"
        hint={t('apply.step.qualification.hint')}
        error={error}
        disabled={locked}
        value={answers.qualificationRight}
        onChange={(qualificationRight) => update({ qualificationRight })}
        options={[
          {
            value: 'keep' as const,
            title: t('apply.qualificationChoice.keep'),
            description: t('apply.qualificationChoice.keepDesc'),
          },
          {
            value: 'surrender' as const,
            title: t('apply.qualificationChoice.surrender'),
            description: t('apply.qualificationChoice.surrenderDesc', { members: h.members.length }),
          },
        ]}
      />
      {answers.qualificationRight === 'surrender' && (
        <Alert kind="warn" title={t('apply.surrenderProofTitle')}>
          <p>{t('apply.surrenderProof')}</p>
        </Alert>
      )}
    </>
  );
}
