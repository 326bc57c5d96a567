/**
 * The provider simulator: an HTTP server that speaks enough of the OpenAI (chat completions,
 * embeddings, files and batches) and Anthropic (messages, message batches) protocols for the
 * official SDKs to work against it unchanged through `baseURL`. It answers extraction packs from a truth table through per-model
 * error profiles, bills tokens counted with a real tokenizer, simulates prompt caching, latency,
 * the OpenAI reasoning models' reasoning tokens (reasoning.ts) and rate-limit headers, and fails on
 * demand (401, 429, 500, 529, timeout, malformed JSON).
 *
 * Deliberately left out: streaming, the Responses API, Claude's thinking, and enforcing rate limits
 * (inject a '429' instead). Everything it serves is simulated; callers must say so in outputs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../common/clock.ts';
import { handleMessages } from './anthropic-messages.ts';
import { BatchDesk, type BatchPlan, type BatchTiming, batchPlanProblem, DEFAULT_BATCH_TIMING } from './batches.ts';
import type { BilledUsage } from './billed-usage.ts';
import { type CallUsage, type HandlerInput, type HandlerResult, makeIdSource, type SimulatorContext } from './context.ts';
import { type DownPlan, downPlanProblem, type FaultWindowPlan, FaultWindows, faultWindowPlanProblem } from './fault-windows.ts';
import { type FaultKind, type FaultPlan, FaultQueue, faultPlanProblem } from './faults.ts';
import { readBody, redactHeaders, Sleeps, sendResponse } from './http-io.ts';
import type { ModelProfile } from './model-profile.ts';
import { handleChatCompletion } from './openai-chat.ts';
import { handleEmbeddings } from './openai-embeddings.ts';
import { PrefixCache } from './prompt-cache.ts';
import { RateWindows } from './rate-limits.ts';
import { warmTokenizer } from './tokens.ts';
import { type TruthPair, TruthTable } from './truth.ts';
import { type Flavour, faultResponse, invalidRequest, notFound, unauthenticated, type WireResponse } from './wire-errors.ts';

export type SimulatorOptions = {
  /** The true fields of each narrative, keyed by its text as requests carry it (pairs or truthFromRecords). */
  truth: readonly TruthPair[] | TruthTable;
  /** Profiles by model name, over the defaults of model-profile.ts; unknown names get the middle profile. */
  models?: Readonly<Record<string, ModelProfile>>;
  /** Port to listen on. Default 0: a free port. */
  port?: number;
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Seeds every simulated decision; same seed, same answers. Default 0. */
  seed?: number;
  /** Time source for cache lifetimes, rate windows, `created` and the request log. Default the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** Multiplies every simulated latency; 0 answers at once (tests). Default 1. */
  timeScale?: number;
  /** Told of every API request once it is over (answered, failed, or held until the client left). */
  onRequest?: (request: RecordedRequest) => void;
  /** How long a batch validates and runs before it completes (scaled by timeScale). Default 2 s and 30 s. */
  batchTiming?: BatchTiming;
};

export type RecordedRequest = {
  method: string;
  path: string;
  /** Request headers; credentials (authorization, x-api-key) read '[redacted]'. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** Clock time at arrival, epoch milliseconds. */
  time: number;
  /** Status sent back; absent while the request is pending or when it was held until the client left. */
  status?: number;
  /** The injected fault this request suffered. */
  fault?: FaultKind;
  /** The request id sent back (x-request-id, or Anthropic's request-id): the SDKs hand it to their callers. */
  requestId?: string;
  /** What the call was billed; absent for calls nobody pays for (rejected, failed, held). */
  billed?: CallUsage;
};

export type Simulator = {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** `url` + '/v1', the openai SDK's baseURL. */
  openaiBaseUrl: string;
  /** `url`, the Anthropic SDK's baseURL (it adds /v1 itself). */
  anthropicBaseUrl: string;
  /** Every API request received, in arrival order (control calls to /_simulator excluded). */
  requests: RecordedRequest[];
  /** Per model; see CallUsage for what each total counts. Also served by GET /_simulator/billed. */
  billed: Record<string, BilledUsage>;
  /** The same for the requests answered through the Batch APIs (priced at the batch discount). */
  billedBatch: Record<string, BilledUsage>;
  /**
   * Queues failures by count (FaultPlan) or opens a window of failures by rate (FaultWindowPlan) or
   * of a provider down (DownPlan); the same as POST /_simulator/faults with a plan or an array of plans.
   */
  injectFaults(plan: ControlPlan | readonly ControlPlan[]): void;
  /** Stops listening, ends held and sleeping requests, drops connections. Idempotent. */
  close(): Promise<void>;
};

/** What POST /_simulator/faults accepts, alone or in an array. */
export type ControlPlan = FaultPlan | FaultWindowPlan | DownPlan | BatchPlan;

type Route = { flavour: Flavour; handle: (ctx: SimulatorContext, input: HandlerInput) => HandlerResult };

const ROUTES: Record<string, Route> = {
  '/v1/chat/completions': { flavour: 'openai', handle: handleChatCompletion },
  '/v1/embeddings': { flavour: 'openai', handle: handleEmbeddings },
  '/v1/messages': { flavour: 'anthropic', handle: handleMessages },
};
const CONTROL_FAULTS_PATH = '/_simulator/faults';
/** GET: what has been billed so far, by model; lets a client of a standalone simulator reconcile costs. */
const CONTROL_BILLED_PATH = '/_simulator/billed';
/** A 'timeout' fault holds the request this long at most: past any sensible client timeout. */
const HOLD_MS = 15 * 60 * 1000;

type State = {
  ctx: SimulatorContext;
  faults: FaultQueue;
  windows: FaultWindows;
  sleeps: Sleeps;
  timeScale: number;
  requests: RecordedRequest[];
  billed: Record<string, BilledUsage>;
  billedBatch: Record<string, BilledUsage>;
  batches: BatchDesk;
  onRequest: ((request: RecordedRequest) => void) | undefined;
};

function bill(billed: Record<string, BilledUsage>, usage: CallUsage): void {
  const total = (billed[usage.model] ??= { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, calls: 0 });
  total.input += usage.input;
  total.cachedInput += usage.cachedInput;
  total.cacheWrite += usage.cacheWrite;
  total.output += usage.output;
  total.calls += 1;
}

function authProblem(flavour: Flavour, req: IncomingMessage): WireResponse | undefined {
  const bearer = /^Bearer \S+/.test(req.headers.authorization ?? '');
  if (flavour === 'openai') return bearer ? undefined : unauthenticated('openai');
  if (!bearer && !req.headers['x-api-key']) return unauthenticated('anthropic');
  if (!req.headers['anthropic-version']) return invalidRequest('anthropic', 'anthropic-version: header is required');
  return undefined;
}

function send(state: State, res: ServerResponse, entry: RecordedRequest, flavour: Flavour, response: WireResponse): void {
  const requestId: Record<string, string> =
    flavour === 'openai'
      ? { 'x-request-id': state.ctx.newId('req_', 32).toLowerCase() }
      : { 'request-id': state.ctx.newId('req_011C', 20) };
  entry.status = response.status;
  entry.requestId = Object.values(requestId)[0];
  sendResponse(res, { ...response, headers: { ...requestId, ...response.headers } });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The pre-model checks; returns the response that ends the request early, if one does. */
function precheck(req: IncomingMessage, route: Route | undefined, path: string, body: unknown): WireResponse | undefined {
  const flavour = route?.flavour ?? 'openai';
  if (!route || req.method !== 'POST') return notFound(flavour, req.method ?? 'GET', path);
  const auth = authProblem(flavour, req);
  if (auth) return auth;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalidRequest(flavour, 'We could not parse the JSON body of your request.');
  }
  return undefined;
}

async function serveApi(state: State, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const body = parseJson(await readBody(req));
  const entry: RecordedRequest = { method: req.method ?? 'GET', path, headers: redactHeaders(req.headers), body, time: state.ctx.now() };
  state.requests.push(entry);
  try {
    await answer(state, { req, res, path, body, entry });
  } finally {
    state.onRequest?.(entry);
  }
}

async function answer(
  state: State,
  call: { req: IncomingMessage; res: ServerResponse; path: string; body: unknown; entry: RecordedRequest },
): Promise<void> {
  const { req, res, path, body, entry } = call;
  const route = ROUTES[path];
  const flavour = route?.flavour ?? 'openai';
  const early = precheck(req, route, path, body);
  if (early || !route) return send(state, res, entry, flavour, early!);
  const json = body as Record<string, unknown>;
  const request = { path, model: typeof json.model === 'string' ? json.model : undefined };
  const fault = state.faults.take(request) ?? state.windows.take(request);
  if (fault) entry.fault = fault.kind;
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  if (fault?.kind === 'timeout') {
    await state.sleeps.sleep(HOLD_MS, gone.signal);
    return void res.destroy();
  }
  if (fault && fault.kind !== 'malformed-json') return send(state, res, entry, flavour, faultResponse(flavour, fault, String(json.model)));
  const result = route.handle(state.ctx, { body: json, ...(fault ? { fault } : {}) });
  if (!(await state.sleeps.sleep(result.latencyMs * state.timeScale, gone.signal))) return void res.destroy();
  if (result.usage) {
    bill(state.billed, result.usage);
    entry.billed = result.usage;
  }
  send(state, res, entry, flavour, result);
}

/** Why a control plan is wrong: a count plan has `kind`, a window `rate`, a provider outage `down`. */
export function controlPlanProblem(plan: unknown): string | undefined {
  if (typeof plan === 'object' && plan !== null && 'batch' in plan) return batchPlanProblem(plan);
  if (typeof plan === 'object' && plan !== null && 'down' in plan) return downPlanProblem(plan);
  if (typeof plan === 'object' && plan !== null && 'rate' in plan) return faultWindowPlanProblem(plan);
  return faultPlanProblem(plan);
}

function addPlan(state: State, plan: ControlPlan): void {
  if ('batch' in plan) state.batches.addPlan(plan);
  else if ('down' in plan || 'rate' in plan) state.windows.add(plan);
  else state.faults.add(plan);
}

async function serveControl(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseJson(await readBody(req));
  const plans = Array.isArray(body) ? body : [body];
  const problem = req.method !== 'POST' ? 'use POST with a fault plan or an array of plans' : plans.map(controlPlanProblem).find(Boolean);
  if (problem) return sendResponse(res, { status: 400, headers: {}, body: { error: problem } });
  for (const plan of plans) addPlan(state, plan as ControlPlan);
  sendResponse(res, { status: 200, headers: {}, body: { pending: state.faults.pending, windows: state.windows.open } });
}

async function serveBilled(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await readBody(req);
  if (req.method !== 'GET') return sendResponse(res, { status: 405, headers: {}, body: { error: 'use GET' } });
  sendResponse(res, { status: 200, headers: {}, body: { billed: state.billed, billedBatch: state.billedBatch } });
}

/** A Batch API request: files and batches are kept by the desk; their answers come from the same handlers. */
async function serveBatch(state: State, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  const entry: RecordedRequest = { method, path, headers: redactHeaders(req.headers), body: parseJson(raw), time: state.ctx.now() };
  state.requests.push(entry);
  try {
    const flavour = BatchDesk.flavourOf(path);
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    send(state, res, entry, flavour, authProblem(flavour, req) ?? state.batches.serve(method, path, req, raw, origin));
  } finally {
    state.onRequest?.(entry);
  }
}

function listener(state: State) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const serve =
      path === CONTROL_FAULTS_PATH
        ? serveControl(state, req, res)
        : path === CONTROL_BILLED_PATH
          ? serveBilled(state, req, res)
          : BatchDesk.serves(path)
            ? serveBatch(state, req, res, path)
            : serveApi(state, req, res, path);
    serve.catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const message = `provider simulator failed: ${error instanceof Error ? error.message : String(error)}`;
      sendResponse(
        res,
        ROUTES[path]?.flavour === 'anthropic'
          ? { status: 500, headers: {}, body: { type: 'error', error: { type: 'api_error', message } } }
          : { status: 500, headers: {}, body: { error: { message, type: 'server_error', param: null, code: null } } },
      );
    });
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  warmTokenizer();
  const now = options.clock ? () => options.clock!.now() : () => Date.now();
  const seed = options.seed ?? 0;
  const ctx: SimulatorContext = {
    truth: options.truth instanceof TruthTable ? options.truth : new TruthTable(options.truth),
    models: options.models ?? {},
    seed,
    now,
    prefixCache: new PrefixCache(now),
    rates: new RateWindows(now),
    newId: makeIdSource(seed),
  };
  const billedBatch: Record<string, BilledUsage> = {};
  const timeScale = options.timeScale ?? 1;
  const state: State = {
    ctx,
    faults: new FaultQueue(),
    windows: new FaultWindows({ seed, now }),
    sleeps: new Sleeps(),
    timeScale,
    requests: [],
    billed: {},
    billedBatch,
    batches: new BatchDesk({
      ctx,
      timing: options.batchTiming ?? DEFAULT_BATCH_TIMING,
      timeScale,
      handlers: { openai: handleChatCompletion, anthropic: handleMessages },
      bill: (usage) => bill(billedBatch, usage),
    }),
    onRequest: options.onRequest,
  };
  const server = createServer(listener(state));
  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests: state.requests,
    billed: state.billed,
    billedBatch: state.billedBatch,
    injectFaults: (plan) => {
      for (const one of Array.isArray(plan) ? plan : [plan as ControlPlan]) addPlan(state, one);
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        state.sleeps.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

export type { BatchPlan, BatchSpoil, BatchTiming } from './batches.ts';
export type { DownPlan, FaultWindowPlan } from './fault-windows.ts';
export type { FaultKind, FaultPlan } from './faults.ts';
export { DEFAULT_MODEL_PROFILES, MIDDLE_PROFILE, type ModelProfile } from './model-profile.ts';
export { type TruthPair, TruthTable, truthFromRecords } from './truth.ts';
