/**
 * Token counts for the simulator's usage figures, from a real BPE tokenizer: js-tiktoken with
 * OpenAI's o200k_base ranks (the encoding of gpt-4o and gpt-4.1). Claude's tokenizer is not
 * public, so Anthropic usage is counted with the same encoding: an approximation that keeps the
 * two providers comparable, not Claude's exact figures.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';

/** OpenAI's documented framing: every message costs 3 tokens plus its role, the reply 3 more. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_FOR_REPLY = 3;
/** Fixed prompts (system text, schemas) repeat on every call; counting them once saves ~10 ms a call. */
const MEMO_LIMIT = 64;
const MEMO_MIN_CHARS = 256;

let encoder: Tiktoken | undefined;
const memo = new Map<string, number>();

/** Builds the encoder (about half a second); call it at start so no request pays for it. */
export function warmTokenizer(): void {
  encoder ??= new Tiktoken(o200kBase);
}

function encode(text: string): number[] {
  warmTokenizer();
  // Narratives are data: a planted "<|endoftext|>" is ordinary text, never a special token.
  return encoder!.encode(text, [], []);
}

export function countTokens(text: string): number {
  if (text.length < MEMO_MIN_CHARS) return encode(text).length;
  const known = memo.get(text);
  if (known !== undefined) return known;
  const count = encode(text).length;
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(text, count);
  return count;
}

export type ChatMessageText = { role: string; text: string };

/** Tokens of one message inside a chat prompt, framing included. */
export function messageTokens(message: ChatMessageText): number {
  return TOKENS_PER_MESSAGE + countTokens(message.role) + countTokens(message.text);
}

/** Tokens of a whole chat prompt, the way OpenAI bills it. */
export function chatPromptTokens(messages: readonly ChatMessageText[]): number {
  return messages.reduce((sum, message) => sum + messageTokens(message), TOKENS_FOR_REPLY);
}

/** The first `limit` tokens of `text`, for answers cut short by max_tokens. */
export function truncateToTokens(text: string, limit: number): string {
  const tokens = encode(text).slice(0, Math.max(0, limit));
  return encoder!.decode(tokens);
}
