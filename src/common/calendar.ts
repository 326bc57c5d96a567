/** Which days the (proleptic Gregorian) calendar has: one table for the intake's checks, the rules' date readings and the answers' checks. */

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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a day of the calendar, as Date reads it back; by arithmetic, since every record with a date asks. */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && validDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}
