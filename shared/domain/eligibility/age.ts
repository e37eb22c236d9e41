/** Whole years between a birth date and a day (both YYYY-MM-DD...), counting the birthday itself. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** API.md: an adult is 18 or older on the day of the check. */
export function isAdultOn(birthDate: string, day: string): boolean {
  return ageOn(birthDate, day) >= 18;
}
