/**
 * Text that is safe to put on a terminal or in a log line: control characters escaped, and the
 * password of any URL replaced. Input (record ids, reasons, library errors) and configuration
 * (URLs with credentials) reach the same log lines and CLI messages, so both pass through here.
 */

/**
 * Whether a code point may rewrite or hide what a reader sees: C0 controls (newline, escape), DEL,
 * C1 controls (U+009B is a one-byte CSI on many terminals), the line and paragraph separators, and
 * the bidirectional marks and overrides that reorder the text around them.
 */
export function isControlCharacter(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The first control character of `text` as U+XXXX, or null: a reason can name it without echoing the text. */
export function firstControlCharacter(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControlCharacter(code)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
}

const SHORT_ESCAPES: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' };

/**
 * Each control character as a visible escape: newline → \n, ESC → \x1b, U+202E → \u202e. The text
 * stays on one line and shows what was there. Backslashes are left as they are: a literal "\n"
 * in the input cannot break a line, and doubling them would garble every path and pattern.
 */
export function escapeControlCharacters(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControlCharacter(code)) continue;
    const hex = code.toString(16).padStart(code <= 0xff ? 2 : 4, '0');
    out += text.slice(from, i) + (SHORT_ESCAPES[code] ?? (code <= 0xff ? `\\x${hex}` : `\\u${hex}`));
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

// The authority of a URL runs to the first / ? # or blank; its user info ends at the last @ in it
// (a password may hold an unencoded @), hence the greedy run.
const URL_USER_INFO = /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/?#"'<>@]*(?:@[^\s/?#"'<>@]*)*)@/g;

/**
 * Every URL's password in `text` replaced: http://user:secret@host:9200 → http://user:***@host:9200.
 * User info without a colon may itself be a token (https://TOKEN@host), so it is replaced whole.
 */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_USER_INFO, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return `${scheme}${colon === -1 ? '***' : `${userInfo.slice(0, colon)}:***`}@`;
  });
}

/** Both: what every log field and CLI message that may carry input or configuration goes through. */
export function printable(text: string): string {
  return escapeControlCharacters(redactUrlCredentials(text));
}

/**
 * A message of several lines (a list of problems, a usage line) made printable line by line: its
 * own line breaks stay. What a value quoted in it could add is a line, never a cursor move or a colour.
 */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
