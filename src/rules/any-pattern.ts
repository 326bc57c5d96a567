/**
 * Whether any of several patterns matches, in one pass over the text instead of one per pattern:
 * a gate in front of code that tries many patterns in turn and, on most lines, finds none (the
 * rail parsers). It pays only there: where most lines match one of the patterns, the joined
 * pattern is one more pass, and a long one.
 *
 * The patterns are joined as alternatives, one joined pattern per set of flags, so each keeps
 * its own meaning (`^`, lookarounds and `\b` see the same text). A pattern that refers back to
 * its own groups (\1, \k<name>) or names a group would not, and a global or sticky one depends on
 * where it last stopped: those are refused when the gate is built, at module load.
 */

const BACK_REFERENCE = /\\[1-9]|\\k<|\(\?<(?![=!])/;

export type AnyPattern = (text: string) => boolean;

export function anyPattern(patterns: readonly RegExp[]): AnyPattern {
  const byFlags = new Map<string, string[]>();
  for (const pattern of patterns) {
    if (pattern.global || pattern.sticky) throw new Error(`anyPattern: /${pattern.source}/${pattern.flags} is stateful`);
    if (BACK_REFERENCE.test(pattern.source)) throw new Error(`anyPattern: /${pattern.source}/ refers to its own groups`);
    byFlags.set(pattern.flags, [...(byFlags.get(pattern.flags) ?? []), `(?:${pattern.source})`]);
  }
  const joined = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
  return (text) => joined.some((pattern) => pattern.test(text));
}
