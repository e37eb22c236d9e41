/** A case carries one agreement, its id derived from the case (C-… → AG-…). */
export const agreementIdFor = (caseId: string) => `AG-${caseId.replace(/^C-/, '')}`;
