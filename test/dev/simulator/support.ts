/**
 * Shared material for the simulator tests: the example narratives joined to their truth, a few
 * hundred synthetic lines of graded difficulty, and the request bodies the service sends.
 */
import { readFileSync } from 'node:fs';
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { ExtractedFields } from '#src/contract/records.ts';
import {
  ANSWER_JSON_SCHEMA,
  ANSWER_NAME,
  buildUserMessage,
  EXTRACTION_INSTRUCTIONS,
  type PromptRecord,
} from '#src/providers/extraction-prompt.ts';

export type Example = { text: string; locale?: string; fields: ExtractedFields };

const readJsonl = (path: string) =>
  readFileSync(new URL(path, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

/** examples/narratives.jsonl joined with examples/truth.jsonl by record_id. */
export function loadExamples(): Example[] {
  const truth = new Map(readJsonl('../../../examples/truth.jsonl').map((row) => [row.record_id, row.fields]));
  return readJsonl('../../../examples/narratives.jsonl').map((row) => ({
    text: row.narrative,
    locale: row.locale,
    fields: truth.get(row.record_id),
  }));
}

const MERCHANTS = [
  ['Blue Bottle Coffee', 'DINING'],
  ['Whole Foods Market', 'GROCERIES'],
  ['Shell Oil', 'FUEL'],
  ['Delta Air Lines', 'TRAVEL'],
  ['Comcast Cable', 'TELECOM'],
  ['Adobe Systems', 'SOFTWARE'],
  ['Café Müller', 'DINING'],
  ['Boulangerie Paul', 'GROCERIES'],
] as const;

/** `count` synthetic narratives, a third each easy, medium and hard, with their truth. */
export function syntheticExamples(count: number): Example[] {
  return Array.from({ length: count }, (_, n) => {
    const [counterparty, category] = MERCHANTS[n % MERCHANTS.length]!;
    const day = String((n % 27) + 1).padStart(2, '0');
    const month = String((n % 11) + 1).padStart(2, '0');
    const amount = `${((n * 7) % 900) + 10}.${String((n * 13) % 100).padStart(2, '0')}`;
    const fields: ExtractedFields = {
      transaction_date: `2026-${month}-${day}`,
      amount,
      currency: 'USD',
      direction: 'DEBIT',
      counterparty,
      transaction_type: 'CARD',
      reference: null,
      category,
    };
    const name = counterparty.toUpperCase();
    if (n % 3 === 0) return { text: `CARD PURCHASE ${name} ${month}/${day} ${amount} #${n}`, locale: 'en-US', fields };
    if (n % 3 === 1) {
      return { text: `POS ${name} STORE ${1000 + n} ${month}/${day} ${amount} AUTH ${400000 + n}`, locale: 'en-US', fields };
    }
    const store = `${name} ÉTABLISSEMENT N° ${n} ${20000 + n} ${100 + n} TÉL ${600000 + n} ${day}${month}26 ${amount.replace('.', ',')}`;
    return { text: store, locale: 'fr-FR', fields: { ...fields, currency: 'EUR' } };
  });
}

export const asPairs = (examples: readonly Example[]) => examples.map(({ text, fields }) => ({ text, fields }));

export const promptRecords = (examples: readonly Example[]): PromptRecord[] =>
  examples.map((example, i) => ({ i, text: example.text, ...(example.locale ? { locale: example.locale } : {}) }));

export function chatBody(
  model: string,
  examples: readonly Example[],
  system: string = EXTRACTION_INSTRUCTIONS,
): OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: buildUserMessage(promptRecords(examples)) },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: ANSWER_NAME, schema: ANSWER_JSON_SCHEMA as unknown as Record<string, unknown>, strict: true },
    },
  };
}

export function messagesBody(
  model: string,
  examples: readonly Example[],
  options: { cache?: boolean; maxTokens?: number } = {},
): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: options.maxTokens ?? 4096,
    system: [{ type: 'text', text: EXTRACTION_INSTRUCTIONS, ...(options.cache ? { cache_control: { type: 'ephemeral' as const } } : {}) }],
    messages: [{ role: 'user', content: buildUserMessage(promptRecords(examples)) }],
    tools: [
      {
        name: ANSWER_NAME,
        description: 'Record the extracted fields.',
        input_schema: ANSWER_JSON_SCHEMA as unknown as Anthropic.Tool.InputSchema,
      },
    ],
    tool_choice: { type: 'tool', name: ANSWER_NAME },
  };
}

/** A system prompt well past OpenAI's 1,024-token caching minimum. */
export const LONG_SYSTEM = `${EXTRACTION_INSTRUCTIONS}\n\nExamples of narratives and their fields follow.\n${'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75 -> Blue Bottle Coffee, DINING, CARD.\n'.repeat(60)}`;
