/** Which days the (proleptic Gregorian) calendar has: one table for the intake's checks and the rules' date readings. */

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Day and month exist (29 February only in a leap year, or any year when the year is unknown). */
export function validDay(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29 && year !== null) return isLeap(year);
  return day <= DAYS_IN_MONTH[month - 1]!;
}
