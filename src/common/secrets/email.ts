/**
 * E-mail addresses: a dotted domain is needed; local part and domain may be in any script
 * (josé@exämple.de, 用户@例子.广告). UPI VPAs (priya@oksbi, 98xxxxxx10@ybl) have no dot and are
 * kept: a VPA is the counterparty's payment handle, which the extraction needs, not a private
 * contact.
 */
import type { SecretSpan } from './policy.ts';

// Any script's letters, marks and digits; a local part may open with the marks it may hold
// (+john, _info); a domain's dots include the ideographic full stop (NFKC has already folded the
// full-width "＠" and "．"), and a top-level domain is letters or an IDNA A-label (xn--p1ai).
// Starting only where a run of address characters starts keeps a long run without an address linear.
const EMAIL =
  /(?<![\p{L}\p{N}\p{M}._%+-])[._%+-]*[\p{L}\p{N}][\p{L}\p{N}\p{M}._%+-]*@[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?(?:[.\u3002][\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?)*[.\u3002](?:[Xx][Nn]--[A-Za-z0-9-]{2,59}|\p{L}[\p{L}\p{M}]{1,62})/gu;

/** Adds the e-mail addresses of `text` to `spans`. */
export function findEmails(text: string, spans: SecretSpan[]): void {
  if (!text.includes('@')) return;
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'EMAIL' });
  }
}
