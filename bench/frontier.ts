/**
 * Issue 10's cost–quality frontier: one generated stream (seen and held-out layouts mixed), the
 * simulator answering as every provider, and each policy below run over the whole stream from a
 * cold start; per policy the USD spent, CPE (USD / fully correct records, CONTRACT.md) and record
 * accuracy, seen and held-out layouts apart; for the learned policies every retraining of the
 * router. Writes docs/frontier.json and docs/frontier.svg (USD on a log axis against accuracy,
 * the frontier through the policies no other one beats on both).
 * Run: `npm run bench -- frontier` (in process, no servers; about 4 minutes for 20,000 records
 * on two cores). BENCH_RECORDS (default 20000) shortens it; BENCH_SEED (default 8, as
 * free-answers); BENCH_FORMATS (all, the default; held-out or seen); BENCH_ANSWER_FORMAT (full or
 * compact: every tier asks that way, whatever it is configured with; the report then goes to
 * docs/frontier-<format>.json and .svg, leaving the configured run's). With fewer records the
 * router retrains less often and the cache has less to repeat: the figures in docs/ are the
 * 20,000-record ones.
 *
 * Every policy gets the same prompt, validators and simulator; a record is correct when every
 * field equals the truth after the contract's normalisation (src/dev/quality/score.ts), whatever
 * its status: a LOW_CONFIDENCE or FAILED answer counts as it is. Simulated downstream
 * validation judges 5 % of every policy's emitted records (the same records in every policy) and
 * its verdicts go where `parsimony extract --simulate` sends them: the template cache and the
 * router's learner, where a policy has them.
 *
 * The policies (each also written into the report as its "definition"):
 * - all-large (the baseline): every record to the large tier, one record a call, real time, no
 *   cache. The rules tier does not answer alone: the records it could answer are sent to the
 *   large tier too, with the prompt every record gets (the rules' readings as hints), and their
 *   answers judged as the cascade judges any (confident rules readings win over one model's
 *   answer, grounding). The baseline thus has everything the service puts around a model call
 *   (hints, merge, validators) and leaves out only what decides which records need a model and
 *   which model: that is what the frontier measures, and it is what a team sending every record
 *   to its best model with the same prompt would run. (`rules + large` shows what the rules tier
 *   answering alone changes: the cost of those records, not the accuracy.)
 * - all-small: the same with the small tier alone at its configured pack size.
 * - cheapest + validators: the service with its cheapest model tier only: the rules tier answers
 *   alone where it can, the small tier (configured pack size) answers the rest, validated
 *   (grounding, cross-field, rules agreement, confidence) with no tier to escalate to.
 * - fixed cascade: router.policy cascade (every tier, cheapest first, the next when an answer is
 *   doubtful), configured pack sizes, no cache.
 * - learned router: router.policy learned from a cold start (the fixed cascade until trained),
 *   one record a call on both tiers, no cache; it learns from the routes and the verdicts during
 *   the stream and retrains every router.retrainEvery labelled examples.
 * - router + cache: the same with the in-process template cache (local embedder).
 * - router + cache + packing: the same at the tiers' configured pack sizes.
 * - learned router, warm; router + cache + packing, warm: the same, the router having first learnt
 *   from another stream of the generator (the next seed, as many records, the same 5 % of
 *   verdicts), as in a service that has been running: what the learning buys once it has had the
 *   examples a cold start on one stream leaves it short of.
 * Reference points, so that a comparison changes one thing at a time:
 * - rules + large: as all-large, the rules tier answering alone where it can.
 * - fixed cascade, one a call: the fixed cascade at one record a call (as the learned router).
 * - fixed cascade + cache + packing: the fixed cascade with the cache, configured pack sizes.
 * - router + cache + packing, no verdicts to the cache: the verdicts reach the learner only, so
 *   the cache's error bounds move by the answers it sees, not by feedback (as free-answers runs).
 * - router + cache + packing + batch APIs (cold and warm): the model tiers' records through the
 *   simulator's Batch APIs, as `extract --batch-api` sends them, at the batch discount.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pricesFor } from '../src/cli/build-tiers.ts';
import { loadConfig } from '../src/config/config.ts';
import { ANSWER_FORMATS, type AnswerFormat } from '../src/config/tier-specs.ts';
import { generate } from '../src/dev/generator/generate.ts';
import { HELD_OUT_SOURCES } from '../src/dev/generator/sources.ts';
import { frontierPoints } from '../src/report/frontier-file.ts';
import { FRONTIER_KEY, frontierSvg } from '../src/report/frontier-svg.ts';
import { doubtedAnswers, policyFigures, retrainingRounds, scoredRows, targets } from './frontier-report.ts';
import { type RunResult, runSetup, type Setup } from './frontier-run.ts';

const COUNT = Number(process.env.BENCH_RECORDS ?? 20_000);
const SEED = Number(process.env.BENCH_SEED ?? 8);
const FORMATS = (process.env.BENCH_FORMATS ?? 'all') as 'all' | 'seen' | 'held-out';
const FEEDBACK_RATE = 0.05;
const WARM_UP_SEED = SEED + 1;
const VALIDATION_SEED = 1;

const ANSWER_FORMAT = process.env.BENCH_ANSWER_FORMAT as AnswerFormat | undefined;
if (ANSWER_FORMAT !== undefined && !ANSWER_FORMATS.includes(ANSWER_FORMAT))
  throw new Error(`BENCH_ANSWER_FORMAT: one of ${ANSWER_FORMATS.join(', ')}`);
const configured = loadConfig({ env: {} }).config;
const config = ANSWER_FORMAT ? { ...configured, tiers: configured.tiers.map((t) => ({ ...t, answerFormat: ANSWER_FORMAT })) } : configured;
const OUT = ANSWER_FORMAT ? `docs/frontier-${ANSWER_FORMAT}` : 'docs/frontier';
const TIERS = config.tiers.map((t) => t.name);

const SERVICE = {
  tiers: TIERS,
  packing: 'configured',
  router: 'cascade',
  cache: false,
  cacheVerdicts: true,
  sendRulesAnswered: false,
} as const;
const SETUPS = {
  largeAlone: { ...SERVICE, tiers: ['large'], packing: 'one', sendRulesAnswered: true },
  smallAlone: { ...SERVICE, tiers: ['small'], sendRulesAnswered: true },
  cascade: SERVICE,
  cascadeOneACall: { ...SERVICE, packing: 'one' },
  learned: { ...SERVICE, packing: 'one', router: 'learned' },
  learnedCache: { ...SERVICE, packing: 'one', router: 'learned', cache: true },
  learnedCachePacked: { ...SERVICE, router: 'learned', cache: true },
  cascadeCachePacked: { ...SERVICE, cache: true },
  learnedCachePackedNoCacheVerdicts: { ...SERVICE, router: 'learned', cache: true, cacheVerdicts: false },
  learnedWarm: { ...SERVICE, packing: 'one', router: 'learned', warm: true },
  learnedCachePackedWarm: { ...SERVICE, router: 'learned', cache: true, warm: true },
  learnedCachePackedBatch: { ...SERVICE, router: 'learned', cache: true, batchApi: true },
  learnedCachePackedWarmBatch: { ...SERVICE, router: 'learned', cache: true, warm: true, batchApi: true },
} satisfies Record<string, Setup>;

type Policy = {
  name: string;
  definition: string;
  setup: keyof typeof SETUPS;
  /** The records the rules answered alone are billed and answered as the model tier's (sendRulesAnswered setups). */
  rulesAnsweredResent: boolean;
  role: 'policy' | 'reference';
};

const packs = config.tiers.map((t) => `${t.name} ${t.packSize}`).join(', ');
const packOf = (tier: string) => config.tiers.find((t) => t.name === tier)!.packSize;
const POLICIES: Policy[] = [
  {
    name: 'all-large',
    setup: 'largeAlone',
    rulesAnsweredResent: true,
    role: 'policy',
    definition:
      'The baseline: every record to the large tier, one record a call, real time, no cache; records the rules could answer alone are sent too, with the prompt every record gets (rules readings as hints), and judged as the cascade judges any answer (confident rules readings win, grounding); no tier to escalate to.',
  },
  {
    name: 'all-small',
    setup: 'smallAlone',
    rulesAnsweredResent: true,
    role: 'policy',
    definition: `As all-large with the small tier alone, at its configured pack size (${packOf('small')} records a call).`,
  },
  {
    name: 'cheapest + validators',
    setup: 'smallAlone',
    rulesAnsweredResent: false,
    role: 'policy',
    definition: `The rules tier answers alone where it can; the small tier (${packOf('small')} records a call) answers the rest, validated (grounding, cross-field checks, rules agreement, confidence) with no tier to escalate to; doubtful answers are emitted LOW_CONFIDENCE and counted as they are; no cache.`,
  },
  {
    name: 'fixed cascade',
    setup: 'cascade',
    rulesAnsweredResent: false,
    role: 'policy',
    definition: `router.policy cascade: rules, then every model tier cheapest first, the next only when an answer is doubtful; configured pack sizes (${packs}); no cache.`,
  },
  {
    name: 'learned router',
    setup: 'learned',
    rulesAnsweredResent: false,
    role: 'policy',
    definition:
      'router.policy learned, cold start (the fixed cascade until a model is published), learning during the stream from routes and from simulated downstream validation of 5 % of emitted records; one record a call on both tiers; no cache.',
  },
  {
    name: 'router + cache',
    setup: 'learnedCache',
    rulesAnsweredResent: false,
    role: 'policy',
    definition: 'As learned router, with the in-process template cache (local embedder, default policy), which also gets the verdicts.',
  },
  {
    name: 'router + cache + packing',
    setup: 'learnedCachePacked',
    rulesAnsweredResent: false,
    role: 'policy',
    definition: `As router + cache at the configured pack sizes (${packs}).`,
  },
  {
    name: 'learned router, warm',
    setup: 'learnedWarm',
    rulesAnsweredResent: false,
    role: 'policy',
    definition: `As learned router, its router having first learnt from another ${COUNT.toLocaleString('en')}-record stream of the generator (seed ${WARM_UP_SEED}, verdicts on 5 % of it): a service that has been running. Its model, route log and verdict counts carry over; the measured stream is the same as every other policy's.`,
  },
  {
    name: 'router + cache + packing, warm',
    setup: 'learnedCachePackedWarm',
    rulesAnsweredResent: false,
    role: 'policy',
    definition: `As router + cache + packing, its router warm as in learned router, warm; the template cache starts empty on the measured stream.`,
  },
  {
    name: 'router + cache + packing + batch APIs',
    setup: 'learnedCachePackedBatch',
    rulesAnsweredResent: false,
    role: 'policy',
    definition:
      "As router + cache + packing, the model tiers' records going through the simulator's Batch APIs (OpenAI Batch, Anthropic Message Batches, as extract --batch-api sends them: one batch per tier per window, what a batch leaves unanswered in a second batch, then in real time), billed at the batch discount.",
  },
  {
    name: 'router + cache + packing + batch APIs, warm',
    setup: 'learnedCachePackedWarmBatch',
    rulesAnsweredResent: false,
    role: 'policy',
    definition: 'As router + cache + packing + batch APIs, its router warm as in learned router, warm.',
  },
  {
    name: 'rules + large',
    setup: 'largeAlone',
    rulesAnsweredResent: false,
    role: 'reference',
    definition: 'As all-large, but the rules tier answers alone where it can (those records cost nothing).',
  },
  {
    name: 'fixed cascade, one a call',
    setup: 'cascadeOneACall',
    rulesAnsweredResent: false,
    role: 'reference',
    definition: 'As fixed cascade at one record a call on both tiers: the learned router without learning.',
  },
  {
    name: 'fixed cascade + cache + packing',
    setup: 'cascadeCachePacked',
    rulesAnsweredResent: false,
    role: 'reference',
    definition: 'As fixed cascade with the template cache: router + cache + packing without learning.',
  },
  {
    name: 'router + cache + packing, no verdicts to the cache',
    setup: 'learnedCachePackedNoCacheVerdicts',
    rulesAnsweredResent: false,
    role: 'reference',
    definition:
      "As router + cache + packing, the verdicts going to the router's learner only: the cache neither evicts on them nor moves its error prior by them (as in docs/free-answers.json).",
  },
];

const generated = [...generate({ count: COUNT, seed: SEED, formats: FORMATS })];
const truth = new Map(generated.map((g) => [g.record.record_id, g.fields]));
const warmUpGenerated = [...generate({ count: COUNT, seed: WARM_UP_SEED, formats: FORMATS })];
const stream = {
  config,
  prices: pricesFor(config),
  generated,
  truth,
  feedbackRate: FEEDBACK_RATE,
  validationSeed: VALIDATION_SEED,
  warmUp: { generated: warmUpGenerated, truth: new Map(warmUpGenerated.map((g) => [g.record.record_id, g.fields])) },
};

const started = performance.now();
const runs = new Map<keyof typeof SETUPS, RunResult>();
for (const key of Object.keys(SETUPS) as (keyof typeof SETUPS)[]) {
  const run = await runSetup(SETUPS[key], stream);
  runs.set(key, run);
  console.error(`${key}: ${run.extractions.length} records in ${run.seconds.toFixed(1)} s, ${run.retrainings.length} retrainings`);
}

const policies = POLICIES.map((policy) => {
  const run = runs.get(policy.setup)!;
  return {
    name: policy.name,
    role: policy.role,
    definition: policy.definition,
    ...policyFigures(scoredRows(generated, run, policy.rulesAnsweredResent), TIERS),
  };
});
const rounds = POLICIES.filter((p) => SETUPS[p.setup].router === 'learned').flatMap((p) =>
  retrainingRounds(p.name, runs.get(p.setup)!, generated, TIERS),
);

const report = {
  bench: 'frontier',
  parameters: {
    records: COUNT,
    seed: SEED,
    formats: FORMATS,
    heldOutSources: HELD_OUT_SOURCES.map((s) => s.id),
    windowRecords: config.batch.maxRecords,
    tiers: config.tiers.map((t) => ({
      name: t.name,
      packSize: t.packSize,
      minConfidence: t.minConfidence,
      models: t.models.map((m) => `${m.provider}/${m.model}`),
    })),
    router: config.router,
    feedback: { rate: FEEDBACK_RATE, seed: VALIDATION_SEED, by: 'src/dev/simulator/downstream-validation.ts, after each window' },
    providers: 'simulator (every provider, timeScale 0), answers from the generator truth through the default model profiles',
    batchApis: "the simulator's OpenAI Batch and Anthropic Message Batches, ending at once (timeScale 0), for the + batch APIs policies",
  },
  definitions: {
    usd: 'sum of cost.usd of every extraction (every paid call, split over the records it carried), plus for all-X the calls that carried the records the rules answered alone',
    cpe_usd: 'usd / records whose every field equals the truth (CONTRACT.md)',
    record_accuracy: 'share of records whose every field equals the truth after the contract normalisation, whatever their status',
    seen_held_out: 'records of the layouts the rules tier was written for, and of the held-out layouts (generator meta.heldOut)',
    usd_by_tier: "by the tier of each paid call; rules_answered_resent: all-X's calls for the records the rules answered alone",
    answered_by:
      'provenance.tier of the emitted answer (rules, cache, or the model tier whose answer was kept or, failing all, the best doubtful one)',
    to_model_tiers:
      'the records that reached a model tier: started_at is the tier of their first paid call, escalated those with calls on more than one model tier',
    candidate_starts:
      "where the candidate would start each record routed to the model tiers so far (the learner's route log), without exploration",
    doubted_answers:
      "router + cache + packing's route log (the fixed cascade until its first published model): the small tier's clean answers below its configured bar, which the large tier also answered; the share right at each tier, and how a logistic model fitted on the truth (features and confidence, half the records) ranks the other half: the best any acceptance model could do",
    rounds:
      "one per retraining the learner did on the measured stream (published or not), with the candidate and current policy figures the learner compared (expected on held-out entries weighted to the routed records they stand for; stream_accuracy: the lower bound of the accuracy of every emitted record the verdicts measure, moved by the candidate's change on the routed ones) and the measured figures of the records emitted while the installed version routed (provenance.router_version); round 0 is the cold start, or for a warm policy the model the warm-up stream left installed",
  },
  policies,
  rounds,
  doubted_answers: doubtedAnswers(runs.get('learnedCachePacked')!.routes, truth, {
    tier: TIERS[0]!,
    next: TIERS[1]!,
    bar: config.tiers[0]!.minConfidence,
  }),
  targets: targets(policies),
  seconds: Math.round((performance.now() - started) / 100) / 10,
};

mkdirSync('docs', { recursive: true });
writeFileSync(`${OUT}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(
  `${OUT}.svg`,
  frontierSvg(frontierPoints(policies), {
    title: `Cost–quality frontier: ${COUNT.toLocaleString('en')} generated records, simulated providers`,
    caption: `${FRONTIER_KEY}\nnpm run bench -- frontier; definitions and figures in docs/frontier.json.`,
  }),
);
console.log(
  JSON.stringify(
    {
      policies: policies.map(({ name, usd, cpe_usd, record_accuracy }) => ({ name, usd, cpe_usd, record_accuracy })),
      targets: report.targets,
    },
    null,
    2,
  ),
);
