/**
 * The load-time guard of cost reporting: every model the configuration can call has a price in
 * src/pricing/prices.json, or is declared self-hosted. A paid model priced at 0 would make every
 * cost figure wrong without a sign, so the service refuses to start instead. A model the table
 * marks legacy still runs, priced, with a warning: pinned deployments keep working while they
 * are told to move.
 */
import { findPrice, type PriceTable } from '../pricing/price-table.ts';
import type { ModelSpec, TierSpec } from './tier-specs.ts';

/** The model createOpenAiEmbedder uses (src/providers/openai-embedder.ts) when cache.embeddings is openai. */
export const OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';

const FIX = 'add it to src/pricing/prices.json';
const LEGACY_FIX = 'its provider recommends a newer model and may retire this one; it still runs, priced (see src/pricing/prices.json)';

/** One problem line per model that would be called without a price. */
export function unpricedModels(uses: { tiers: readonly TierSpec[]; openaiEmbeddings: boolean }, table: PriceTable): string[] {
  const problems = uses.tiers.flatMap((tier) =>
    tier.models
      .filter((model) => !model.selfHosted && !findPrice(table, model.provider, model.model))
      .map((model) => `tiers (tier ${tier.name}): ${model.provider} model ${model.model} has no price: ${FIX}${selfHostedHint(model)}`),
  );
  if (uses.openaiEmbeddings && !findPrice(table, 'openai', OPENAI_EMBEDDING_MODEL)) {
    problems.push(`cache.embeddings is openai: openai model ${OPENAI_EMBEDDING_MODEL} has no price: ${FIX}, or use local`);
  }
  return problems;
}

/**
 * One warning line per model the configuration would call whose price is marked legacy: its
 * provider recommends a newer model, and may retire this one.
 */
export function legacyModels(uses: { tiers: readonly TierSpec[]; openaiEmbeddings: boolean }, table: PriceTable): string[] {
  const warnings = uses.tiers.flatMap((tier) =>
    tier.models
      .filter((model) => !model.selfHosted && findPrice(table, model.provider, model.model)?.legacy === true)
      .map((model) => `tiers (tier ${tier.name}): ${model.provider} model ${model.model} is legacy: ${LEGACY_FIX}`),
  );
  if (uses.openaiEmbeddings && findPrice(table, 'openai', OPENAI_EMBEDDING_MODEL)?.legacy === true) {
    warnings.push(`cache.embeddings is openai: openai model ${OPENAI_EMBEDDING_MODEL} is legacy: ${LEGACY_FIX}`);
  }
  return warnings;
}

function selfHostedHint(model: ModelSpec): string {
  const paidProvider = model.provider === 'openai' || model.provider === 'anthropic';
  return paidProvider
    ? ` (${model.provider} models are always paid)`
    : ', or set selfHosted: true on the model if its OpenAI-compatible server is your own';
}
