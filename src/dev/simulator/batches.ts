/**
 * The Batch APIs as the official SDKs drive them: OpenAI's (upload a JSONL of requests to
 * /v1/files, create a batch on /v1/batches, poll it, download the output and error files) and
 * Anthropic's Message Batches (create on /v1/messages/batches with the requests inline, poll,
 * read the JSONL at results_url). Each request is answered by the same handler as in real time,
 * so the answers and the token counts are the same; what differs is the wait and the bill, which
 * goes to `billedBatch` (priced at the model's batch discount).
 *
 * A batch moves through validating → in_progress → completed (Anthropic: in_progress → ended) on
 * the simulator's clock after BatchTiming's delays (scaled by timeScale), and its answers are
 * made, and billed, when it completes. A BatchPlan (POST /_simulator/faults with `batch`) spoils
 * the next batches created: expired or failed as a whole, or a result file with lines missing,
 * lines for custom ids nobody sent, lines that are not JSON, or per-request errors.
 */
import type { IncomingMessage } from 'node:http';
import type { CallUsage, HandlerInput, HandlerResult, SimulatorContext } from './context.ts';
import { type Flavour, invalidRequest, notFound, type WireResponse } from './wire-errors.ts';

export type BatchTiming = {
  /** OpenAI only: how long a batch stays `validating`. */
  validatingMs: number;
  /** How long it then runs before it completes. */
  runningMs: number;
};

export const DEFAULT_BATCH_TIMING: BatchTiming = { validatingMs: 2_000, runningMs: 30_000 };

export type BatchSpoil = 'expire' | 'fail' | 'missing-lines' | 'unknown-ids' | 'malformed-lines' | 'request-errors';

export type BatchPlan = {
  batch: BatchSpoil;
  /** How many of the next batches it spoils. Default 1. */
  count?: number;
  /** For the line spoils: the share of requests affected (at least one). Default 0.25. */
  share?: number;
};

const SPOILS: readonly BatchSpoil[] = ['expire', 'fail', 'missing-lines', 'unknown-ids', 'malformed-lines', 'request-errors'];

export function batchPlanProblem(plan: unknown): string | undefined {
  const p = plan as Partial<BatchPlan> | null;
  if (typeof p !== 'object' || p === null || !SPOILS.includes(p.batch as BatchSpoil)) return `batch must be one of ${SPOILS.join(', ')}`;
  if (p.count !== undefined && !(Number.isInteger(p.count) && p.count >= 1)) return 'count must be a positive integer';
  if (p.share !== undefined && !(typeof p.share === 'number' && p.share > 0 && p.share <= 1)) return 'share must be in (0, 1]';
  return undefined;
}

type Handler = (ctx: SimulatorContext, input: HandlerInput) => HandlerResult;

type BatchRequest = { customId: string; body: Record<string, unknown> };

type Batch = {
  id: string;
  flavour: Flavour;
  createdAt: number;
  requests: BatchRequest[];
  endpoint: string;
  inputFileId: string | null;
  spoil: { kind: BatchSpoil; share: number } | null;
  cancelled: boolean;
  /** Set once it completed: the JSONL lines of its results (OpenAI: output and error files apart). */
  done: { status: 'completed' | 'expired' | 'failed' | 'cancelled'; at: number; output: string[]; errors: string[]; counts: Counts } | null;
  /** OpenAI: the ids of its output and error files, once it completed. */
  files: { output: string | null; error: string | null };
};

type Counts = { total: number; completed: number; failed: number };

type StoredFile = { id: string; bytes: number; createdAt: number; filename: string; purpose: string; content: string };

export type BatchDeskOptions = {
  ctx: SimulatorContext;
  timing: BatchTiming;
  timeScale: number;
  handlers: { openai: Handler; anthropic: Handler };
  bill: (usage: CallUsage) => void;
};

/** The files and batches the simulator holds, and the plans that spoil the next batches. */
export class BatchDesk {
  readonly #o: BatchDeskOptions;
  readonly #files = new Map<string, StoredFile>();
  readonly #batches = new Map<string, Batch>();
  readonly #plans: { kind: BatchSpoil; share: number; left: number }[] = [];

  constructor(options: BatchDeskOptions) {
    this.#o = options;
  }

  /** Whether a path is one of the Batch APIs'. */
  static serves(path: string): boolean {
    return /^\/v1\/(files|batches|messages\/batches)(\/|$)/.test(path);
  }

  static flavourOf(path: string): Flavour {
    return path.startsWith('/v1/messages/') ? 'anthropic' : 'openai';
  }

  addPlan(plan: BatchPlan): void {
    this.#plans.push({ kind: plan.batch, share: plan.share ?? 0.25, left: plan.count ?? 1 });
  }

  /** The response to one Batch API request; `origin` builds the absolute results_url. */
  serve(method: string, path: string, req: IncomingMessage, raw: string, origin: string): WireResponse {
    const flavour = BatchDesk.flavourOf(path);
    const parts = path.split('/').filter(Boolean);
    if (flavour === 'openai') {
      if (parts[1] === 'files') {
        if (method === 'POST' && parts.length === 2) return this.#upload(req, raw);
        const file = this.#files.get(parts[2] ?? '');
        if (!file) return notFound(flavour, method, path);
        if (method === 'GET' && parts.length === 4 && parts[3] === 'content')
          return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: file.content };
        if (method === 'GET' && parts.length === 3) return { status: 200, headers: {}, body: fileObject(file) };
        return notFound(flavour, method, path);
      }
      if (method === 'POST' && parts.length === 2) return this.#createOpenai(raw);
      const batch = this.#batches.get(parts[2] ?? '');
      if (batch?.flavour !== 'openai') return notFound(flavour, method, path);
      if (method === 'POST' && parts[3] === 'cancel') batch.cancelled = true;
      else if (!(method === 'GET' && parts.length === 3)) return notFound(flavour, method, path);
      return { status: 200, headers: {}, body: this.#openaiObject(batch) };
    }
    if (method === 'POST' && parts.length === 3) return this.#createAnthropic(raw);
    const batch = this.#batches.get(parts[3] ?? '');
    if (batch?.flavour !== 'anthropic') return notFound(flavour, method, path);
    if (method === 'POST' && parts[4] === 'cancel') batch.cancelled = true;
    else if (method === 'GET' && parts[4] === 'results') {
      const done = this.#settle(batch);
      if (!done) return invalidRequest('anthropic', `Batch ${batch.id} has not finished processing.`);
      return { status: 200, headers: { 'content-type': 'application/binary' }, body: jsonl(done.output) };
    } else if (!(method === 'GET' && parts.length === 4)) return notFound(flavour, method, path);
    return { status: 200, headers: {}, body: this.#anthropicObject(batch, origin) };
  }

  #now(): number {
    return this.#o.ctx.now();
  }

  #upload(req: IncomingMessage, raw: string): WireResponse {
    const form = readMultipart(req.headers['content-type'] ?? '', raw);
    const file = form.get('file');
    const purpose = form.get('purpose')?.content ?? '';
    if (!file) return invalidRequest('openai', "'file' is a required property", 'file');
    if (purpose !== 'batch') return invalidRequest('openai', `purpose must be 'batch' here, not '${purpose}'`, 'purpose');
    const stored = this.#store(file.filename ?? 'upload.jsonl', purpose, file.content);
    return { status: 200, headers: {}, body: fileObject(stored) };
  }

  #store(filename: string, purpose: string, content: string): StoredFile {
    const file = {
      id: this.#o.ctx.newId('file-', 22),
      bytes: Buffer.byteLength(content),
      createdAt: this.#now(),
      filename,
      purpose,
      content,
    };
    this.#files.set(file.id, file);
    return file;
  }

  #createOpenai(raw: string): WireResponse {
    const body = parseObject(raw);
    const file = this.#files.get(String(body?.input_file_id ?? ''));
    if (!file) return invalidRequest('openai', `No such file: ${String(body?.input_file_id)}`, 'input_file_id');
    if (body?.endpoint !== '/v1/chat/completions')
      return invalidRequest('openai', 'the provider simulator batches /v1/chat/completions only', 'endpoint');
    const requests: BatchRequest[] = [];
    for (const [n, line] of file.content.split('\n').entries()) {
      if (line.trim() === '') continue;
      const request = parseObject(line);
      if (typeof request?.custom_id !== 'string' || typeof request.body !== 'object' || request.body === null)
        return invalidRequest('openai', `line ${n + 1} of the input file is not a request with custom_id and body`, 'input_file_id');
      requests.push({ customId: request.custom_id, body: request.body as Record<string, unknown> });
    }
    return { status: 200, headers: {}, body: this.#openaiObject(this.#create('openai', requests, '/v1/chat/completions', file.id)) };
  }

  #createAnthropic(raw: string): WireResponse {
    const body = parseObject(raw);
    const list = body?.requests;
    if (!Array.isArray(list) || list.length === 0) return invalidRequest('anthropic', 'requests: must contain at least one request');
    const requests: BatchRequest[] = [];
    for (const item of list as { custom_id?: unknown; params?: unknown }[]) {
      if (typeof item?.custom_id !== 'string' || typeof item.params !== 'object' || item.params === null)
        return invalidRequest('anthropic', 'requests: every request needs a custom_id and params');
      requests.push({ customId: item.custom_id, body: item.params as Record<string, unknown> });
    }
    if (new Set(requests.map((r) => r.customId)).size !== requests.length)
      return invalidRequest('anthropic', 'requests: custom_id values must be unique within a batch');
    return { status: 200, headers: {}, body: this.#anthropicObject(this.#create('anthropic', requests, '/v1/messages', null), '') };
  }

  #create(flavour: Flavour, requests: BatchRequest[], endpoint: string, inputFileId: string | null): Batch {
    const plan = this.#plans[0];
    if (plan) {
      plan.left -= 1;
      if (plan.left === 0) this.#plans.shift();
    }
    const batch: Batch = {
      id: flavour === 'openai' ? this.#o.ctx.newId('batch_', 32) : this.#o.ctx.newId('msgbatch_01', 22),
      flavour,
      createdAt: this.#now(),
      requests,
      endpoint,
      inputFileId,
      spoil: plan ? { kind: plan.kind, share: plan.share } : null,
      cancelled: false,
      done: null,
      files: { output: null, error: null },
    };
    this.#batches.set(batch.id, batch);
    return batch;
  }

  /** Where the batch stands now: its results once its time has come (made, and billed, once). */
  #settle(batch: Batch): Batch['done'] {
    if (batch.done) return batch.done;
    const { validatingMs, runningMs } = this.#o.timing;
    const scale = this.#o.timeScale;
    const endsAt = batch.createdAt + ((batch.flavour === 'openai' ? validatingMs : 0) + runningMs) * scale;
    if (!batch.cancelled && this.#now() < endsAt) return null;
    const done = this.#results(batch);
    batch.done = done;
    if (batch.flavour === 'openai') {
      const file = (kind: string, lines: string[]) =>
        lines.length === 0 ? null : this.#store(`${batch.id}_${kind}.jsonl`, 'batch_output', jsonl(lines)).id;
      batch.files = { output: file('output', done.output), error: file('error', done.errors) };
    }
    return done;
  }

  #results(batch: Batch): NonNullable<Batch['done']> {
    const at = this.#now();
    const total = batch.requests.length;
    const kind = batch.spoil?.kind;
    if (batch.cancelled || kind === 'expire' || kind === 'fail') {
      const status = batch.cancelled ? 'cancelled' : kind === 'expire' ? 'expired' : 'failed';
      const lost =
        status === 'failed' ? [] : batch.requests.map((r) => this.#lostLine(batch, r, status === 'cancelled' ? 'canceled' : 'expired'));
      return {
        status,
        at,
        output: batch.flavour === 'anthropic' ? lost : [],
        errors: batch.flavour === 'openai' ? lost : [],
        counts: { total, completed: 0, failed: status === 'failed' ? 0 : total },
      };
    }
    const spoiled = new Set(this.#spoiledIndexes(batch));
    const output: string[] = [];
    const errors: string[] = [];
    let failed = 0;
    for (const [i, request] of batch.requests.entries()) {
      if (spoiled.has(i) && kind === 'missing-lines') continue;
      if (spoiled.has(i) && kind === 'request-errors') {
        failed += 1;
        (batch.flavour === 'openai' ? errors : output).push(this.#errorLine(batch, request));
        continue;
      }
      const handled = this.#o.handlers[batch.flavour](this.#o.ctx, { body: request.body });
      if (handled.usage) this.#o.bill(handled.usage);
      const ok = handled.status === 200;
      if (!ok) failed += 1;
      const customId = spoiled.has(i) && kind === 'unknown-ids' ? `${request.customId}-unknown` : request.customId;
      const line = this.#answerLine(batch, customId, handled);
      const target = batch.flavour === 'openai' && !ok ? errors : output;
      target.push(spoiled.has(i) && kind === 'malformed-lines' ? line.slice(0, Math.floor(line.length / 2)) : line);
    }
    return { status: 'completed', at, output, errors, counts: { total, completed: total - failed, failed } };
  }

  #spoiledIndexes(batch: Batch): number[] {
    if (!batch.spoil) return [];
    const n = batch.requests.length;
    const count = Math.max(1, Math.round(n * batch.spoil.share));
    // Spread over the batch, not only its head, so a reader that stops at the first bad line is caught.
    return Array.from({ length: Math.min(n, count) }, (_, k) => Math.floor((k * n) / count));
  }

  #answerLine(batch: Batch, customId: string, handled: HandlerResult): string {
    if (batch.flavour === 'anthropic') {
      const result = handled.status === 200 ? { type: 'succeeded', message: handled.body } : { type: 'errored', error: handled.body };
      return JSON.stringify({ custom_id: customId, result });
    }
    return JSON.stringify({
      id: this.#o.ctx.newId('batch_req_', 32),
      custom_id: customId,
      response: { status_code: handled.status, request_id: this.#o.ctx.newId('req_', 32).toLowerCase(), body: handled.body },
      error: null,
    });
  }

  #errorLine(batch: Batch, request: BatchRequest): string {
    if (batch.flavour === 'anthropic')
      return JSON.stringify({
        custom_id: request.customId,
        result: { type: 'errored', error: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } } },
      });
    return JSON.stringify({
      id: this.#o.ctx.newId('batch_req_', 32),
      custom_id: request.customId,
      response: null,
      error: { code: 'server_error', message: 'The server had an error while processing this request.' },
    });
  }

  #lostLine(batch: Batch, request: BatchRequest, why: 'expired' | 'canceled'): string {
    if (batch.flavour === 'anthropic') return JSON.stringify({ custom_id: request.customId, result: { type: why } });
    const code = why === 'expired' ? 'batch_expired' : 'batch_cancelled';
    return JSON.stringify({
      id: this.#o.ctx.newId('batch_req_', 32),
      custom_id: request.customId,
      response: null,
      error: { code, message: `This request could not be executed before the batch was ${why}.` },
    });
  }

  #openaiObject(batch: Batch) {
    const done = this.#settle(batch);
    const { validatingMs } = this.#o.timing;
    const seconds = (ms: number) => Math.floor(ms / 1000);
    const running = this.#now() >= batch.createdAt + validatingMs * this.#o.timeScale;
    const status = done ? done.status : batch.cancelled ? 'cancelling' : running ? 'in_progress' : 'validating';
    const counts = done?.counts ?? { total: batch.requests.length, completed: 0, failed: 0 };
    return {
      id: batch.id,
      object: 'batch',
      endpoint: batch.endpoint,
      errors:
        done?.status === 'failed'
          ? { object: 'list', data: [{ code: 'batch_failed', message: 'The batch failed.', param: null, line: null }] }
          : null,
      input_file_id: batch.inputFileId,
      completion_window: '24h',
      status,
      output_file_id: batch.files.output,
      error_file_id: batch.files.error,
      created_at: seconds(batch.createdAt),
      in_progress_at: running ? seconds(batch.createdAt + validatingMs * this.#o.timeScale) : null,
      expires_at: seconds(batch.createdAt + 24 * 3600 * 1000),
      finalizing_at: null,
      completed_at: done?.status === 'completed' ? seconds(done.at) : null,
      failed_at: done?.status === 'failed' ? seconds(done.at) : null,
      expired_at: done?.status === 'expired' ? seconds(done.at) : null,
      cancelling_at: null,
      cancelled_at: done?.status === 'cancelled' ? seconds(done.at) : null,
      request_counts: counts,
      metadata: null,
    };
  }

  #anthropicObject(batch: Batch, origin: string) {
    const done = this.#settle(batch);
    const iso = (ms: number) => new Date(ms).toISOString();
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (!done) counts.processing = batch.requests.length;
    else if (done.status === 'expired') counts.expired = batch.requests.length;
    else if (done.status === 'cancelled') counts.canceled = batch.requests.length;
    else {
      counts.succeeded = done.counts.completed;
      counts.errored = done.counts.failed;
    }
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: done ? 'ended' : batch.cancelled ? 'canceling' : 'in_progress',
      request_counts: counts,
      ended_at: done ? iso(done.at) : null,
      created_at: iso(batch.createdAt),
      expires_at: iso(batch.createdAt + 24 * 3600 * 1000),
      archived_at: null,
      cancel_initiated_at: batch.cancelled ? iso(this.#now()) : null,
      results_url: done ? `${origin}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}

function fileObject(file: StoredFile) {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes,
    created_at: Math.floor(file.createdAt / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    status_details: null,
  };
}

const jsonl = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join('');

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The parts of a multipart/form-data body by field name (text content: the uploads here are JSONL). */
export function readMultipart(contentType: string, body: string): Map<string, { filename: string | null; content: string }> {
  const parts = new Map<string, { filename: string | null; content: string }>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return parts;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  for (const chunk of body.split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break;
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = chunk.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    const filename = /filename="([^"]*)"/i.exec(head)?.[1] ?? null;
    parts.set(name, { filename, content: chunk.slice(split + 4).replace(/\r\n$/, '') });
  }
  return parts;
}
