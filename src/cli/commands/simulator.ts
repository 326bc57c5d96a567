import { createWriteStream } from 'node:fs';
import { systemClock } from '../../common/clock.ts';
import { ParsimonyError } from '../../common/errors.ts';
import { PROVIDER_PATHS, type ProviderName } from '../../dev/simulator/fault-windows.ts';
import { FAULT_KINDS, faultPlanProblem } from '../../dev/simulator/faults.ts';
import { type FaultPlan, type RecordedRequest, startSimulator } from '../../dev/simulator/simulator.ts';
import { loadPriceTable } from '../../pricing/price-table.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../context.ts';
import { billedLines, readSimulatorTruth } from '../simulate.ts';

const usage = `parsimony simulator --truth TRUTH.jsonl --records NARRATIVES.jsonl [--port 8787] [--host 127.0.0.1] [--seed 0] [--time-scale 1] [--fault KIND[xCOUNT][@MODEL|@/PATH]]... [--down openai|anthropic]... [--record-requests FILE]

  --truth and --records are the two files \`parsimony generate\` writes: the simulator answers a
  narrative by its text as the service sends it (masked, normalised), so it needs the narratives
  as well as their fields. --port 0 takes a free port. --time-scale multiplies every simulated
  latency (0 answers at once). --seed fixes every simulated decision.
  --fault queues failures before the first request: KIND is one of ${FAULT_KINDS.join(', ')};
  xCOUNT fails that many requests (default 1); @MODEL or @/PATH fails only those, e.g.
  --fault 429x5@gpt-4o-mini, --fault timeout@/v1/messages. --down PROVIDER answers every request
  to that provider 529 overloaded (503 on OpenAI's paths) for as long as the simulator runs.
  While it runs, POST URL/_simulator/faults {"kind":"500","count":3} queues more failures,
  {"rate":0.2,"kinds":["429","500","timeout"],"forMs":60000} fails that share of the requests
  for a minute (which ones is drawn from --seed), {"down":"anthropic","forMs":30000} takes a
  provider down for 30 s, {"batch":"expire"} spoils the next batch (also fail, missing-lines,
  unknown-ids, malformed-lines, request-errors; with count and share); GET URL/_simulator/billed
  returns what it has billed so far, in real time and (billedBatch) through the Batch APIs.
  --record-requests FILE appends every API request to FILE once it is over, one JSON object a
  line: path, parsed body, headers without credentials, status, injected fault, the request id
  sent back and the tokens billed (for reconciling costs call by call, and scanning what left).
  Point the service at it with \`parsimony run --simulator-url URL\` (or \`extract --simulator-url URL\`):
  every answer from it then says "simulated": true. SIGINT or SIGTERM stops it and prints what it billed.`;

const DEFAULT_PORT = 8787;
export const simulatorCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(
      args,
      {
        truth: { type: 'string' },
        records: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'time-scale': { type: 'string' },
        fault: { type: 'string', multiple: true },
        down: { type: 'string', multiple: true },
        'record-requests': { type: 'string' },
      },
      usage,
    );
    if (!values.truth || !values.records)
      throw new ParsimonyError('USAGE', `--truth and --records are required (both files of \`parsimony generate\`)\nUsage: ${usage}`);
    const port = numberFlag('--port', values.port, DEFAULT_PORT, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535);
    const seed = numberFlag('--seed', values.seed, 0, Number.isInteger);
    const timeScale = numberFlag('--time-scale', values['time-scale'], 1, (n) => n >= 0);
    const faults = [...(values.fault ?? []).map(parseFaultSpec), ...(values.down ?? []).flatMap(downPlans)];
    const faultFlags = [...(values.fault ?? []), ...(values.down ?? []).map((provider) => `${provider} down`)];
    const truth = await readSimulatorTruth({ records: values.records, truth: values.truth }, systemClock);

    const host = values.host ?? '127.0.0.1';
    const record = values['record-requests'] ? createWriteStream(values['record-requests'], { flags: 'a' }) : undefined;
    const onRequest = record ? (request: RecordedRequest) => record.write(`${JSON.stringify(request)}\n`) : undefined;
    const simulator = await startSimulator({ truth, port, host, seed, timeScale, ...(onRequest ? { onRequest } : {}) }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE' && error.code !== 'EADDRNOTAVAIL' && error.code !== 'EACCES') throw error;
        throw new ParsimonyError(
          'USAGE',
          `cannot listen on ${host}:${port} (${error.code}): choose another --port, or --port 0 for a free one`,
        );
      },
    );
    simulator.injectFaults(faults);
    console.log(
      [
        `listening      ${simulator.url}  (${truth.length} narratives known, seed ${seed}, time scale ${timeScale})`,
        `openai SDK     baseURL ${simulator.openaiBaseUrl}, any API key`,
        `anthropic SDK  baseURL ${simulator.anthropicBaseUrl}, any API key`,
        `parsimony      run --simulator-url ${simulator.url}  (or extract --simulator-url ...): outputs say "simulated": true`,
        `faults         ${faultFlags.length === 0 ? 'none queued' : faultFlags.join(', ')}; POST ${simulator.url}/_simulator/faults queues more`,
        'SIGINT or SIGTERM stops it and prints what it billed.',
      ].join('\n'),
    );

    const signal = await nextStopSignal();
    await simulator.close();
    if (record) await new Promise<void>((resolve) => record.end(resolve));
    const lines = billedLines(simulator.billed, loadPriceTable());
    console.log(`${signal}: stopped after ${simulator.requests.length} requests`);
    console.log(
      lines.length === 0 ? 'billed         nothing' : lines.map((line, i) => `${i === 0 ? 'billed' : ''}`.padEnd(15) + line).join('\n'),
    );
    return 0;
  },
};

/**
 * A fault plan from `KIND[xCOUNT][@MODEL|@/PATH]`: 500, 429x5, 529x2@claude-haiku-4-5,
 * timeout@/v1/messages. A target starting with '/' is an API path, anything else a model.
 */
export function parseFaultSpec(spec: string): FaultPlan {
  const match = /^(.+?)(?:x(\d+))?(?:@(.+))?$/.exec(spec);
  const [, kind, count, target] = match ?? [];
  const plan = {
    kind,
    ...(count === undefined ? {} : { count: Number(count) }),
    ...(target === undefined ? {} : target.startsWith('/') ? { path: target } : { model: target }),
  };
  const problem = match ? faultPlanProblem(plan) : 'expected KIND[xCOUNT][@MODEL|@/PATH]';
  if (problem) throw new ParsimonyError('USAGE', `--fault ${JSON.stringify(spec)}: ${problem}`);
  return plan as FaultPlan;
}

/** A provider that is down for as long as the simulator runs: every request to its paths is refused as overloaded. */
export function downPlans(provider: string): FaultPlan[] {
  if (!(provider in PROVIDER_PATHS))
    throw new ParsimonyError('USAGE', `--down is ${Object.keys(PROVIDER_PATHS).join(' or ')}, not ${JSON.stringify(provider)}`);
  return PROVIDER_PATHS[provider as ProviderName].map((path) => ({ kind: '529', count: Number.MAX_SAFE_INTEGER, path }));
}

function numberFlag(name: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !valid(value))
    throw new ParsimonyError('USAGE', `${name} ${JSON.stringify(raw)} is not valid`);
  return value;
}

function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
