/**
 * Masks the secrets in a narrative before it is logged, cached, embedded or sent to a model:
 * card numbers → [CARD], IBANs → [IBAN], e-mail addresses → [EMAIL], phone numbers → [PHONE].
 * It expects normalised text (normalise.ts: no invisible characters, full-width forms folded).
 *
 * What a secret is, in any shape a person or a feed prints it, is common/secrets/; a narrative is
 * read strictly (IN_NARRATIVES), because a false mask destroys a reference or an amount.
 */
import { type MaskResult, maskSecretsIn } from '../common/secrets/find-secrets.ts';
import { IN_NARRATIVES } from '../common/secrets/policy.ts';

export type { MaskResult };

export function maskSecrets(text: string): MaskResult {
  return maskSecretsIn(text, IN_NARRATIVES);
}
