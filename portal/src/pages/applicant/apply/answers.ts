import { newIdempotencyKey } from '../../../api/client';
import type { ApplicationView, CaseType, DocumentKind, HouseholdRecord } from '../../../api/contract';
import type { FormError } from '../../../components/ui';
import { checkShares, parseShares } from '../../../lib/applyChoices';

/**
 * The application's answers and its questions, apart from their screens: which questions a type of exit
 * asks, what a complete answer is, the answers kept in the tab (sessionStorage), and the answers as the
 * body of `POST /cases` and back.
 */
export interface Answers {
  type?: CaseType;
  parcelIds: string[];
  scope?: 'all' | 'partial';
  plotIds: string[];
  term?: 'current_term' | 'permanent';
  /** equity exit: the shares given up, as typed (checked against the holding before going on) */
  shares: string;
  /** homestead exit: 保障资格权, kept unless the household chooses otherwise (never surrendered by default) */
  qualificationRight: 'keep' | 'surrender';
  consents: string[];
  voluntary: boolean;
  /** when the members consented (the consent screen was confirmed), recorded with each consent */
  signedAt?: string;
  caseId?: string;
  createKey: string;
}

export type Step =
  | 'type'
  | 'parcels'
  | 'qualification'
  | 'shares'
  | 'scope'
  | 'plots'
  | 'term'
  | 'consent'
  | 'declaration'
  | 'documents'
  | 'check';

export const STORE = 'hx.apply';
export const fresh = (): Answers => ({
  parcelIds: [],
  plotIds: [],
  shares: '',
  qualificationRight: 'keep',
  consents: [],
  voluntary: false,
  createKey: newIdempotencyKey(),
});

export function load(): Answers {
  try {
    const raw = sessionStorage.getItem(STORE);
    return raw ? { ...fresh(), ...(JSON.parse(raw) as Answers) } : fresh();
  } catch {
    return fresh();
  }
}

export function stepsFor(a: Answers): Step[] {
  if (a.type === 'contract_land_exit') {
    return [
      'type',
      'scope',
      ...(a.scope === 'partial' ? (['plots'] as Step[]) : []),
      'term',
      'consent',
      'declaration',
      'documents',
      'check',
    ];
  }
  if (a.type === 'equity_exit') return ['type', 'shares', 'consent', 'declaration', 'documents', 'check'];
  return ['type', 'parcels', 'qualification', 'consent', 'declaration', 'documents', 'check'];
}

export const DOCS: Record<CaseType, { kind: DocumentKind; recommended: boolean }[]> = {
  homestead_exit: [
    { kind: 'id_card', recommended: true },
    { kind: 'hukou', recommended: true },
    { kind: 'property_certificate', recommended: true },
    { kind: 'consent_form', recommended: true },
    { kind: 'social_insurance', recommended: false },
    { kind: 'residence_proof', recommended: false },
    { kind: 'other', recommended: false },
  ],
  contract_land_exit: [
    { kind: 'id_card', recommended: true },
    { kind: 'hukou', recommended: true },
    { kind: 'consent_form', recommended: true },
    { kind: 'social_insurance', recommended: true },
    { kind: 'other', recommended: false },
  ],
  // E-SETTLED: long-term urban residence, as for H-QUALIFIED (DOMAIN.md wave 2, equity exit)
  equity_exit: [
    { kind: 'id_card', recommended: true },
    { kind: 'hukou', recommended: true },
    { kind: 'consent_form', recommended: true },
    { kind: 'residence_proof', recommended: true },
    { kind: 'social_insurance', recommended: false },
    { kind: 'other', recommended: false },
  ],
};

/**
 * The documents the evidence screen asks for: the type's own, and for a homestead exit that surrenders
 * the qualification right the proof of other housing first (the submission is refused without it).
 */
export function documentsFor(a: Answers): { kind: DocumentKind; recommended: boolean }[] {
  if (!a.type) return [];
  if (a.type === 'homestead_exit' && a.qualificationRight === 'surrender')
    return [{ kind: 'housing_certificate', recommended: true }, ...DOCS.homestead_exit];
  return DOCS[a.type];
}

export function toApplication(a: Answers, h: HouseholdRecord): ApplicationView | undefined {
  const signedAt = a.signedAt ?? new Date().toISOString();
  const consents = a.consents.map((memberId) => ({ memberId, consented: true as const, signedAt }));
  if (a.type === 'homestead_exit') {
    return {
      type: 'homestead_exit',
      householdId: h.householdId,
      parcelIds: a.parcelIds,
      qualificationRight: a.qualificationRight,
      consents,
      declarations: { voluntary: true },
    };
  }
  const shares = parseShares(a.shares);
  if (a.type === 'equity_exit' && shares !== undefined) {
    return {
      type: 'equity_exit',
      householdId: h.householdId,
      shares,
      consents,
      declarations: { voluntary: true },
    };
  }
  if (a.type === 'contract_land_exit' && a.scope && a.term) {
    return {
      type: 'contract_land_exit',
      householdId: h.householdId,
      scope: a.scope,
      term: a.term,
      ...(a.scope === 'partial' ? { plotIds: a.plotIds } : {}),
      consents,
      declarations: { voluntary: true },
    };
  }
  return undefined;
}

/** The question an API path of the application belongs to (for its error). */
export function fieldOfPath(path: string): string {
  if (path.startsWith('parcelIds')) return 'parcels';
  if (path.startsWith('plotIds')) return 'plots';
  if (path.startsWith('shares')) return 'shares';
  if (path.startsWith('qualificationRight')) return 'qualification';
  if (path.startsWith('consents')) return 'consent';
  return 'type';
}

export function fromApplication(app: ApplicationView, caseId: string): Answers {
  return {
    ...fresh(),
    type: app.type,
    parcelIds: app.type === 'homestead_exit' ? app.parcelIds : [],
    scope: app.type === 'contract_land_exit' ? app.scope : undefined,
    term: app.type === 'contract_land_exit' ? app.term : undefined,
    plotIds: app.type === 'contract_land_exit' ? (app.plotIds ?? []) : [],
    shares: app.type === 'equity_exit' ? String(app.shares) : '',
    qualificationRight: app.type === 'homestead_exit' ? (app.qualificationRight ?? 'keep') : 'keep',
    consents: app.consents.map((c) => c.memberId),
    voluntary: true,
    caseId,
  };
}

/**
 * What is missing from the answer to one question (the errors beside it and in the summary);
 * `holding` is the household's collective equity shares in the registry.
 */
export function missingAnswer(step: Step, answers: Answers, holding = 0): FormError[] {
  switch (step) {
    case 'type':
      return answers.type ? [] : [{ field: 'type', key: 'apply.err.type' }];
    case 'parcels':
      return answers.parcelIds.length > 0 ? [] : [{ field: 'parcels', key: 'apply.err.parcels' }];
    case 'qualification':
      return answers.qualificationRight ? [] : [{ field: 'qualification', key: 'apply.err.qualification' }];
    case 'shares':
      return checkShares(answers.shares, holding);
    case 'scope':
      return answers.scope ? [] : [{ field: 'scope', key: 'apply.err.scope' }];
    case 'plots':
      return answers.plotIds.length > 0 ? [] : [{ field: 'plots', key: 'apply.err.plots' }];
    case 'term':
      return answers.term ? [] : [{ field: 'term', key: 'apply.err.term' }];
    case 'consent':
      return answers.consents.length > 0 ? [] : [{ field: 'consent', key: 'apply.err.consent' }];
    case 'declaration':
      return answers.voluntary ? [] : [{ field: 'declaration', key: 'apply.err.declaration' }];
    default:
      return [];
  }
}
