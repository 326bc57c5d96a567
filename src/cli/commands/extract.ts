import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../../common/clock.ts';
import { ParsimonyError } from '../../common/errors.ts';
import { createMetrics, type Metrics } from '../../common/metrics.ts';
import type { Extraction } from '../../contract/records.ts';
import { readTruth } from '../../dev/quality/truth-file.ts';
import type { Simulator } from '../../dev/simulator/simulator.ts';
import { FileSink } from '../../emit/file-sink.ts';
import type { Sink } from '../../emit/sink.ts';
import { applyFeedback, readFeedbackFile } from '../../feedback/feedback.ts';
import { allIntakes, FileSource } from '../../ingest/file-source.ts';
import { countLines } from '../../ingest/read-lines.ts';
import { pipelineWork } from '../../pipeline/pipeline.ts';
import { CostTimeline } from '../../report/cost-timeline.ts';
import { readFrontier } from '../../report/frontier-file.ts';
import { reportHtml } from '../../report/report-html.ts';
import { formatSummary, RunTally, reportJson } from '../../report/run-summary.ts';
import { runnerSettings, WindowRunner } from '../../runner/window-runner.ts';
import { openFileCache } from '../build-cache.ts';
import { pipelineDeps } from '../build-pipeline.ts';
import { openFileRouter } from '../build-router.ts';
import { batchApiDispatch, batchWindowSettings, buildBudget, buildTiers, pricesFor, type SimulatorUrls } from '../build-tiers.ts';
import type { Command } from '../command.ts';
import { createContext, parseFlags } from '../context.ts';
import { checkFileRunPaths } from '../file-paths.ts';
import { progressReporter } from '../progress.ts';
import { inputFingerprint, readResumeMarker, removeResumeMarker, resumeMarkerPath, writeResumeMarker } from '../resume-marker.ts';

const usage =
  'parsimony extract --input IN.jsonl --output OUT.jsonl [--dead-letters DLQ.jsonl] [--simulate TRUTH.jsonl [--feedback-rate R] | [--simulator-url URL] [--truth TRUTH.jsonl]] [--feedback FEEDBACK.jsonl] [--report REPORT.json] [--report-html REPORT.html [--frontier FRONTIER.json]] [--cache FILE | --no-cache] [--batch-api] [--allow-failures] [--resume]';

/** Share of records the simulator, acting as downstream validation, sends a verdict on. */
const DEFAULT_FEEDBACK_RATE = 0.05;
const VALIDATION_SEED = 1;

/** The run finished and wrote everything, but some records have no answer: a script should look. */
export const EXIT_SOME_FAILED = 3;

/** Ctrl-C: what a shell reports for SIGINT. */
const EXIT_INTERRUPTED = 130;

/** Where the embedded default keeps its templates between runs. */
const DEFAULT_CACHE_FILE = '.parsimony/templates.jsonl';

/** Where `npm run bench -- frontier` writes the policies' frontier, which the HTML report draws when it is there. */
const DEFAULT_FRONTIER_FILE = 'docs/frontier.json';

export const extractCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(
      args,
      {
        input: { type: 'string' },
        output: { type: 'string' },
        'dead-letters': { type: 'string' },
        simulate: { type: 'string' },
        'simulator-url': { type: 'string' },
        truth: { type: 'string' },
        report: { type: 'string' },
        'report-html': { type: 'string' },
        frontier: { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean' },
        feedback: { type: 'string' },
        'feedback-rate': { type: 'string' },
        'batch-api': { type: 'boolean' },
        'allow-failures': { type: 'boolean' },
        resume: { type: 'boolean' },
      },
      usage,
    );
    if (values.cache && values['no-cache']) throw new ParsimonyError('USAGE', 'give --cache FILE or --no-cache, not both');
    if (!values.input || !values.output) throw new ParsimonyError('USAGE', `--input and --output are required\nUsage: ${usage}`);
    if (values.simulate && values.truth)
      throw new ParsimonyError('USAGE', '--simulate already names the truth; give --simulate or --truth, not both');
    if (values.simulate && values['simulator-url'])
      throw new ParsimonyError('USAGE', '--simulate starts a simulator, --simulator-url names a running one: give one of them');
    if (values['feedback-rate'] !== undefined && !values.simulate)
      throw new ParsimonyError('USAGE', '--feedback-rate needs --simulate TRUTH.jsonl: the simulator is what judges the answers');
    const feedbackRate = values['feedback-rate'] === undefined ? DEFAULT_FEEDBACK_RATE : Number(values['feedback-rate']);
    if (!(feedbackRate >= 0 && feedbackRate <= 1))
      throw new ParsimonyError('USAGE', `--feedback-rate must be a share between 0 and 1, got ${JSON.stringify(values['feedback-rate'])}`);
    if (values.frontier && !values['report-html'])
      throw new ParsimonyError('USAGE', '--frontier is drawn in the HTML report: give --report-html FILE too');
    const dlqPath = values['dead-letters'] ?? values.output.replace(/(\.jsonl)?$/, '.dead-letters.jsonl');
    const cacheFile = values['no-cache'] ? undefined : (values.cache ?? DEFAULT_CACHE_FILE);
    checkFileRunPaths({
      input: values.input,
      outputs: { '--output': values.output, '--dead-letters': dlqPath, '--report': values.report, '--report-html': values['report-html'] },
      created: { '--cache': cacheFile },
    });
    const input = values.input;
    // Read before anything is paid for: a frontier that cannot be drawn is said at once, not after the run.
    const frontier = values['report-html'] ? frontierToDraw(values.frontier) : undefined;
    const markerPath = resumeMarkerPath(values.output);
    const fingerprint = inputFingerprint(input);
    const after = values.resume ? readResumeMarker(markerPath, fingerprint) : 0;
    const { config, logger } = createContext(values.config);
    const clock = systemClock;
    const started = clock.now();
    if (after > 0) logger.info('resuming an interrupted run', { after_line: after, outputs: 'appended to' });
    const source = new FileSource({ path: input, clock, after, onCommitted: (line) => writeResumeMarker(markerPath, fingerprint, line) });
    const truthPath = values.simulate ?? values.truth;
    const truth = truthPath ? readTruth(truthPath) : undefined;

    // The simulator (its tokenizer alone is tens of megabytes) is loaded only for a run that uses it.
    const dev = values.simulate || values['simulator-url'] ? await loadSimulatorModules() : undefined;
    let simulator: Simulator | undefined;
    if (values.simulate && dev)
      simulator = await dev.startSimulator({
        truth: dev.simulatorTruth(await allIntakes(source), truth!),
        timeScale: dev.IN_PROCESS_TIME_SCALE,
      });
    try {
      const simulatorUrls: SimulatorUrls | undefined =
        simulator ?? (values['simulator-url'] && dev ? await dev.reachSimulator(values['simulator-url']) : undefined);
      const metrics = createMetrics();
      const prices = pricesFor(config);
      const budget = buildBudget({ config, clock, metrics, logger });
      // A file run must end: where the service would wait for the budget's window to roll, a zero budget here means no model tier.
      const tiers = budget?.stopsAllSpend
        ? []
        : buildTiers({ config, env: process.env, clock, logger, ...(simulatorUrls ? { simulator: simulatorUrls } : {}) });
      if (budget?.stopsAllSpend) logger.warn('the budget is 0: no model is called; only the rules and the cache answer');
      else if (tiers.length === 0) {
        logger.warn(
          'no model tier can be reached (set OPENAI_API_KEY / ANTHROPIC_API_KEY, or pass --simulate TRUTH.jsonl or --simulator-url URL): only the rules tier answers',
        );
      }
      const cache = cacheFile ? await openFileCache({ path: cacheFile, config, clock, metrics, logger, prices }) : undefined;
      const router = openFileRouter({
        dir: dirname(cacheFile ?? DEFAULT_CACHE_FILE),
        config,
        tierNames: tiers.map((t) => t.name),
        clock,
        logger,
        metrics,
      });
      const feedbackTargets = { cache: cache?.cache, learner: router.learner, metrics, logger };
      if (values.feedback) await applyFeedback(readFeedbackFile(values.feedback), feedbackTargets);
      const dispatch = values['batch-api']
        ? batchApiDispatch({ config, env: process.env, clock, logger, ...(simulatorUrls ? { simulator: simulatorUrls } : {}) })
        : undefined;
      const deps = {
        ...pipelineDeps({ config, clock, logger, metrics, tiers, prices, router, cache: cache?.cache, budget }),
        ...(dispatch ? { dispatch } : {}),
      };
      const validation =
        simulator && dev && truth && feedbackRate > 0
          ? (emitted: readonly Extraction[]) =>
              applyFeedback(
                dev.downstreamVerdicts(emitted, { truth, rate: feedbackRate, seed: VALIDATION_SEED, at: clock.now() }).map((value) => ({
                  value,
                  where: 'simulated downstream validation',
                })),
                feedbackTargets,
              )
          : undefined;
      const tally = new RunTally(truth);
      const progress = progressReporter({
        stream: process.stderr,
        total: await countLines(createReadStream(input), after),
        now: clock.now,
      });
      const files = new FileSink({ extractions: values.output, deadLetters: dlqPath }, { append: after > 0 });
      const timeline = new CostTimeline();
      const sink = tallyingSink(files, { tally, progress, timeline, seconds: () => (clock.now() - started) / 1000 }, validation);
      const settings = dispatch ? batchWindowSettings(runnerSettings(config)) : runnerSettings(config);
      const runner = new WindowRunner({ source, sink, work: pipelineWork(deps), clock, metrics, logger, ...settings });
      let interrupted = false;
      const interrupt = () => {
        if (interrupted) process.exit(EXIT_INTERRUPTED);
        interrupted = true;
        logger.warn(
          'interrupted: the windows in flight finish and are written, then the templates and the router are saved; again to stop at once',
        );
        void runner.stop();
      };
      process.on('SIGINT', interrupt);
      process.on('SIGTERM', interrupt);
      try {
        await runner.run();
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
        await deps.rulesPool?.close();
        // Also on an error: a bar left drawing would keep the process from exiting.
        progress.end();
      }
      if (!interrupted) removeResumeMarker(markerPath);

      await router.learner?.settled();
      cache?.save();
      router.save();
      const summary = {
        ...tally.summary((clock.now() - started) / 1000),
        ...(cache ? { cache: await cacheCounts(metrics, cache) } : {}),
        costOverRun: timeline.points(),
      };
      console.log(formatSummary(summary));
      console.log(`outputs      ${values.output}, dead letters ${dlqPath}`);
      const report = reportJson(summary, {
        prices,
        simulatorBilled: simulator?.billed ?? null,
        simulatorBilledBatch: simulator?.billedBatch ?? null,
      });
      if (values.report) writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
      if (values['report-html']) {
        writeFileSync(values['report-html'], reportHtml({ report, input, generatedAt: new Date(clock.now()), frontier }));
        console.log(`report       ${values['report-html']}`);
      }
      if (interrupted) {
        console.error(`parsimony extract: interrupted; what was done is written, and \`--resume\` continues after it (${markerPath})`);
        return EXIT_INTERRUPTED;
      }
      const failed = summary.deadLetters + (summary.byStatus.FAILED ?? 0);
      if (failed === 0 || values['allow-failures']) return 0;
      console.error(
        `parsimony extract: ${failed} of ${summary.records} records were dead-lettered or FAILED (exit ${EXIT_SOME_FAILED}; --allow-failures exits 0)`,
      );
      return EXIT_SOME_FAILED;
    } finally {
      await simulator?.close();
    }
  },
};

/**
 * The file sink, counting what it wrote for the run's summary (never keeping it), its progress
 * and its cost over time; `emitted` hears of each window's extractions once they are written
 * (downstream validation).
 */
function tallyingSink(
  files: FileSink,
  run: { tally: RunTally; progress: ReturnType<typeof progressReporter>; timeline: CostTimeline; seconds: () => number },
  emitted?: (extractions: readonly Extraction[]) => Promise<unknown>,
): Sink {
  const { tally, progress, timeline } = run;
  return {
    write: async (outputs) => {
      const receipt = await files.write(outputs);
      const before = { records: tally.records, nanoUsd: tally.nanoUsd };
      tally.add(outputs);
      progress.add(tally.records - before.records, tally.nanoUsd - before.nanoUsd);
      timeline.add({ records: tally.records, nanoUsd: tally.nanoUsd, seconds: run.seconds() });
      await emitted?.(outputs.extractions);
      return receipt;
    },
    close: () => files.close(),
  };
}

/** The frontier the HTML report draws: the one named, which must exist, or the benchmark's when it has measured one. */
function frontierToDraw(named: string | undefined) {
  const path = named ?? DEFAULT_FRONTIER_FILE;
  if (existsSync(path)) return { path, frontier: readFrontier(path) };
  if (named) throw new ParsimonyError('USAGE', `--frontier ${named}: no such file (npm run bench -- frontier writes docs/frontier.json)`);
  return { path, missing: true as const };
}

async function cacheCounts(metrics: Metrics, cache: { size(): Promise<number> }) {
  return {
    lookups: await countsOf(metrics.cacheLookups, 'result'),
    admissions: await countsOf(metrics.cacheAdmissions, 'outcome'),
    templates: await cache.size(),
  };
}

async function countsOf(
  counter: { get(): Promise<{ values: { labels: Record<string, string | number>; value: number }[] }> },
  label: string,
) {
  const counts: Record<string, number> = {};
  for (const v of (await counter.get()).values) counts[String(v.labels[label])] = (counts[String(v.labels[label])] ?? 0) + v.value;
  return counts;
}

async function loadSimulatorModules() {
  const [simulate, simulator, validation] = await Promise.all([
    import('../simulate.ts'),
    import('../../dev/simulator/simulator.ts'),
    import('../../dev/simulator/downstream-validation.ts'),
  ]);
  return {
    IN_PROCESS_TIME_SCALE: simulate.IN_PROCESS_TIME_SCALE,
    reachSimulator: simulate.reachSimulator,
    simulatorTruth: simulate.simulatorTruth,
    startSimulator: simulator.startSimulator,
    downstreamVerdicts: validation.downstreamVerdicts,
  };
}
