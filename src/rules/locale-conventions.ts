/**
 * The two printing conventions a locale settles for the rules: which separator marks decimals,
 * and whether a numeric date puts the month or the day first. Both return null when the locale
 * is missing or does not decide, so callers can lower their confidence instead of guessing.
 */

export type DecimalMark = '.' | ',';
export type DateOrder = 'month-first' | 'day-first';

// Languages that print "1,234.56"; everything in COMMA_LANGUAGES prints "1.234,56" or "1 234,56".
const POINT_LANGUAGES = new Set(['en', 'ja', 'zh', 'ko', 'th', 'he', 'hi', 'ms', 'fil', 'ta', 'te', 'bn', 'mr', 'gu', 'kn', 'ml', 'pa']);
const COMMA_LANGUAGES = new Set([
  'de',
  'fr',
  'es',
  'pt',
  'it',
  'nl',
  'ru',
  'pl',
  'tr',
  'sv',
  'da',
  'nb',
  'nn',
  'no',
  'fi',
  'cs',
  'sk',
  'hu',
  'ro',
  'bg',
  'hr',
  'sl',
  'sr',
  'uk',
  'el',
  'lt',
  'lv',
  'et',
  'id',
  'vi',
  'ca',
  'is',
]);
// Regions whose banks print a decimal point even where the language usually takes a comma
// (de-CH "1'234.50", es-MX "1,234.50").
const POINT_REGIONS = new Set(['CH', 'LI', 'MX', 'US', 'PR', 'GT', 'DO', 'HN', 'NI', 'SV', 'PA', 'PE']);
// Regions that write numeric dates month first; ja/zh/ko write year-month-day, so a bare "11/02"
// there is month first as well.
const MONTH_FIRST_REGIONS = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'AS', 'GU', 'MP', 'VI', 'UM']);
const MONTH_FIRST_LANGUAGES = new Set(['ja', 'zh', 'ko', 'hu']);
// Regions where both orders are common (en-CA), so the locale settles nothing.
const MIXED_ORDER_REGIONS = new Set(['CA']);

type ParsedLocale = { language: string; region: string | null };

// Every line of a source carries the same locale, and the rules ask about it several times a
// line: each is parsed once. A feed naming ever new locales is not let to grow the table.
const PARSED = new Map<string, ParsedLocale | null>();
const MAX_PARSED = 1_000;

function parseLocale(locale: string | null): ParsedLocale | null {
  if (!locale) return null;
  let parsed = PARSED.get(locale);
  if (parsed === undefined) {
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    parsed = readLocale(locale);
    PARSED.set(locale, parsed);
  }
  return parsed;
}

function readLocale(locale: string): ParsedLocale | null {
  const parts = locale.replace(/_/g, '-').split('-');
  const language = (parts[0] ?? '').toLowerCase();
  if (!/^[a-z]{2,3}$/.test(language)) return null;
  const region = parts.slice(1).find((p) => /^[A-Za-z]{2}$|^\d{3}$/.test(p));
  return { language, region: region ? region.toUpperCase() : null };
}

export function decimalMark(locale: string | null): DecimalMark | null {
  const parsed = parseLocale(locale);
  if (!parsed) return null;
  if (parsed.region && POINT_REGIONS.has(parsed.region)) return '.';
  if (POINT_LANGUAGES.has(parsed.language)) return '.';
  if (COMMA_LANGUAGES.has(parsed.language)) return ',';
  return null;
}

export function dateOrder(locale: string | null): DateOrder | null {
  const parsed = parseLocale(locale);
  if (!parsed) return null;
  if (parsed.region && MIXED_ORDER_REGIONS.has(parsed.region)) return null;
  if (parsed.region && MONTH_FIRST_REGIONS.has(parsed.region)) return 'month-first';
  if (MONTH_FIRST_LANGUAGES.has(parsed.language)) return 'month-first';
  // A bare "en" could be en-US or en-GB: the one case where the language alone says nothing.
  if (parsed.language === 'en' && !parsed.region) return null;
  if (POINT_LANGUAGES.has(parsed.language) || COMMA_LANGUAGES.has(parsed.language)) return 'day-first';
  return null;
}

/** The region of a locale, upper case, e.g. "US" for "en-US". */
export function localeRegion(locale: string | null): string | null {
  return parseLocale(locale)?.region ?? null;
}
