/**
 * A resident identity number with all but its last four characters hidden (**************1234). The
 * documents are read, printed and posted by more people than need the number, and the registry is read
 * by reviewers who need to recognise a person, not to hold the number: the name and the last four are
 * enough to match the registry, which keeps the full number (个人信息保护法, minimum necessary). One
 * rule for every document and every masked answer, so a posted list shows no more than the API does.
 */
export function maskedNationalId(nationalId: string): string {
  return `${'*'.repeat(Math.max(0, nationalId.length - 4))}${nationalId.slice(-4)}`;
}
