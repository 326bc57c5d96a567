import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIsoDate } from '#src/common/calendar.ts';

test('a date is a day of the calendar exactly when Date reads it back unchanged, leap years and year 0000 included', () => {
  const readBack = (text: string) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  };
  for (const year of ['0000', '0004', '0100', '1900', '2000', '2024', '2026', '9999'])
    for (let month = 0; month <= 13; month += 1)
      for (let day = 0; day <= 32; day += 1) {
        const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        assert.equal(isIsoDate(text), readBack(text), text);
      }
  for (const text of ['2026-1-05', '2026-01-05T00:00:00Z', ' 2026-01-05', '20260105', '2026-01-5', '２０２６-01-05'])
    assert.equal(isIsoDate(text), false, text);
});
