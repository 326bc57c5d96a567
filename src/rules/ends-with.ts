/**
 * A test of whether a pattern matches at the very end of a text: the label right before an amount
 * or a date, read from the window before it. A pattern ending in `$` is tried forwards from every
 * position of the window; this one is tried once, backwards from its end (as a lookbehind), and
 * costs the length of the label instead. Both say the same of any text: the pattern matches a
 * suffix of it (`^` inside still means the window's start).
 */
export type EndsWith = (text: string) => boolean;

/** `pattern` is written without the final `$`; it must not refer back to its own groups. */
export function endsWith(pattern: RegExp): EndsWith {
  if (pattern.global || pattern.sticky || /\\[1-9]|\\k</.test(pattern.source))
    throw new Error(`endsWith: /${pattern.source}/${pattern.flags}`);
  const behind = new RegExp(`(?<=${pattern.source})`, `${pattern.flags}y`);
  return (text) => {
    behind.lastIndex = text.length;
    return behind.test(text);
  };
}
