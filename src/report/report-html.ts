/**
 * `extract --report-html`: one self-contained page (no script, no request) for the people who
 * decide where the money goes. It draws the run's report (the --report JSON, embedded whole for
 * scripts): spend and records by tier, accuracy by tier when the truth was known, cost over the
 * run, and, when the benchmark has measured one, the cost–quality frontier of the policies.
 */
import type { Frontier } from './frontier-file.ts';
import { FRONTIER_KEY, frontierSvg } from './frontier-svg.ts';
import type { ReportQuality, RunReport } from './run-summary.ts';
import { type Bar, barChart, decimalsOf, escapeXml, lineChart } from './svg-charts.ts';

const FIXED_TIER_COLOURS: Record<string, string> = { rules: '#4c9a2a', cache: '#8e6bbf' };
const MODEL_TIER_COLOURS = ['#2a7ab9', '#d9822b', '#c23b3b', '#3a9d9d', '#7a7a7a'];

/** Free tiers first (rules, cache), then the model tiers in the order the run first used them. */
export function tierOrder(tiers: readonly string[]): string[] {
  const free = ['rules', 'cache'].filter((t) => tiers.includes(t));
  return [...free, ...tiers.filter((t) => !free.includes(t))];
}

function tierColours(order: readonly string[]): Map<string, string> {
  let next = 0;
  return new Map(order.map((t) => [t, FIXED_TIER_COLOURS[t] ?? MODEL_TIER_COLOURS[next++ % MODEL_TIER_COLOURS.length]!]));
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const count = (n: number) => n.toLocaleString('en');
const usdText = (usd: string) => `$${usd}`;

export type ReportPage = {
  report: RunReport;
  /** What was read, for the heading. */
  input: string;
  generatedAt: Date;
  frontier?: { path: string; frontier: Frontier } | { path: string; missing: true };
};

export function reportHtml(page: ReportPage): string {
  const { report } = page;
  const order = tierOrder(Object.keys(report.tiers));
  const colours = tierColours(order);
  const tierBars = (value: (t: RunReport['tiers'][string]) => number, text: (t: RunReport['tiers'][string]) => string): Bar[] =>
    order.map((name) => {
      const tier = report.tiers[name]!;
      return { label: name, value: value(tier), text: text(tier), colour: colours.get(name)! };
    });

  const sections = [
    section(
      'money',
      'Where the money went',
      `<p>Each record is counted once, at the tier whose answer was kept; its cost includes every call it took to get there.</p>`,
      figure(
        barChart(
          tierBars(
            (t) => t.records,
            (t) => `${count(t.records)} (${percent(t.records / Math.max(1, report.extractions))})`,
          ),
          { id: 'records-by-tier', title: 'Records by answering tier' },
        ),
        'Records by answering tier',
      ),
      figure(
        barChart(
          tierBars(
            (t) => Number(t.usd),
            (t) => `${usdText(t.usd)}${Number(report.usd) > 0 ? ` (${percent(Number(t.usd) / Number(report.usd))})` : ''}`,
          ),
          { id: 'spend-by-tier', title: 'Spend by answering tier (USD)' },
        ),
        'Spend by answering tier (USD)',
      ),
    ),
    accuracySection(report, order, colours),
    costOverRunSection(report),
    frontierSection(page.frontier),
  ];

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>parsimony extract: ${escapeXml(page.input)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>parsimony extract</h1>
<p class="lede">${escapeXml(page.input)}, ${escapeXml(page.generatedAt.toISOString())}${report.simulated ? ' · <strong>simulated providers, real prices</strong>' : ''}</p>
${headlineTable(report)}
</header>
${sections.join('\n')}
${pricesSection(report)}
<script type="application/json" id="parsimony-report">${embeddedJson(report)}</script>
</body>
</html>
`;
}

function headlineTable(report: RunReport): string {
  const q = report.quality;
  const rows: [string, string, string][] = [
    ['records', count(report.records), `${count(report.extractions)} extracted, ${count(report.dead_letters)} dead-lettered`],
    ['spent', usdText(report.usd), report.simulated ? 'simulated providers at real prices' : ''],
    [
      'accuracy',
      q ? percent(q.record_accuracy) : 'not scored',
      q ? `${count(q.correct_records)} of ${count(q.records)} records fully correct` : '',
    ],
    ['cost per correct extraction', q?.cpe_usd ? usdText(q.cpe_usd) : '–', q ? '' : 'needs the truth: --simulate or --truth'],
    [
      'time',
      `${report.seconds.toFixed(1)} s`,
      `${report.records_per_second.toFixed(0)} records/s, peak RSS ${(report.peak_rss_bytes / 2 ** 20).toFixed(0)} MiB, heap limit ${(report.heap_limit_bytes / 2 ** 20).toFixed(0)} MiB`,
    ],
  ];
  const escalations = Object.entries(report.escalations).flatMap(([from, to]) => Object.entries(to).map(([t, n]) => ({ from, to: t, n })));
  const escalated = escalations.reduce((sum, e) => sum + e.n, 0);
  if (escalated > 0) rows.push(['escalated', count(escalated), escalations.map((e) => `${e.from} → ${e.to}: ${count(e.n)}`).join(', ')]);
  const letters = Object.entries(report.dead_letters_by_code);
  if (letters.length > 0)
    rows.push(['dead letters', count(report.dead_letters), letters.map(([code, n]) => `${code} ${count(n)}`).join(', ')]);
  return `<table class="headline" id="headline">${rows
    .map(
      ([name, value, note]) =>
        `<tr data-name="${escapeXml(name)}"><th>${escapeXml(name)}</th><td class="figure">${escapeXml(value)}</td><td>${escapeXml(note)}</td></tr>`,
    )
    .join('')}</table>`;
}

function accuracySection(report: RunReport, order: readonly string[], colours: ReadonlyMap<string, string>): string {
  const scored = order.filter((name) => report.tiers[name]!.quality !== null);
  if (scored.length === 0)
    return section(
      'accuracy',
      'Accuracy by tier',
      '<p class="absent">Not scored: the run had no truth (pass <code>--simulate TRUTH</code> or <code>--truth TRUTH</code>).</p>',
    );
  const quality = (name: string) => report.tiers[name]!.quality as ReportQuality;
  const bars = scored.map((name) => ({
    label: name,
    value: quality(name).record_accuracy,
    text: `${percent(quality(name).record_accuracy)} (${count(quality(name).correct_records)} of ${count(quality(name).records)})`,
    colour: colours.get(name)!,
  }));
  return section(
    'accuracy',
    'Accuracy by tier',
    '<p>Share of the records each tier answered whose every field equals the truth (CONTRACT.md).</p>',
    // Every bar against 100 %, not against the best tier: a short bar is a tier that errs.
    figure(
      barChart(bars, { id: 'accuracy-by-tier', title: 'Record accuracy by answering tier', full: 1 }),
      'Record accuracy by answering tier (full width: 100 %)',
    ),
  );
}

function costOverRunSection(report: RunReport): string {
  const points = report.cost_over_run.map((p) => ({ x: p.records, y: Number(p.usd) }));
  if (points.length === 0) return section('cost-over-run', 'Cost over the run', '<p class="absent">No window was written.</p>');
  return section(
    'cost-over-run',
    'Cost over the run',
    '<p>Money spent against records written, after each window. A line that steepens is a stretch of records the free tiers could not answer.</p>',
    figure(
      lineChart(points, {
        id: 'cost-over-run-chart',
        title: 'USD spent against records written',
        xLabel: 'records written',
        yLabel: 'USD spent',
        xTick: (value) => count(value),
        yTick: (value, step) => `$${value.toFixed(decimalsOf(step))}`,
        lastText: usdText(report.usd),
      }),
      'USD spent against records written',
    ),
  );
}

function frontierSection(frontier: ReportPage['frontier']): string {
  if (frontier === undefined) return '';
  if ('missing' in frontier)
    return section(
      'frontier',
      'Cost–quality frontier',
      `<p class="absent">No frontier measured: ${escapeXml(frontier.path)} does not exist (<code>npm run bench -- frontier</code> writes it).</p>`,
    );
  const { frontier: measured, path } = frontier;
  return section(
    'frontier',
    'Cost–quality frontier',
    `<p>From ${escapeXml(path)}, not from this run: the benchmark's ${count(measured.records)} generated records through every policy, simulated providers at real prices. It shows what each way of spending buys.</p>`,
    figure(
      frontierSvg(measured.points, {
        title: `Cost–quality frontier: ${count(measured.records)} generated records`,
        caption: FRONTIER_KEY,
        id: 'frontier-chart',
      }),
      'Cost–quality frontier of the benchmark policies',
    ),
  );
}

function pricesSection(report: RunReport): string {
  const models = Object.entries(report.prices.models);
  const rows = models
    .map(
      ([name, price]) =>
        `<tr><td>${escapeXml(name)}</td><td>${escapeXml(price.read_on ?? 'unknown')}</td><td>${price.legacy ? 'legacy' : ''}${price.self_hosted ? ' self-hosted' : ''}</td></tr>`,
    )
    .join('');
  return section(
    'prices',
    'Prices',
    `<p>Price table read on ${escapeXml(report.prices.table_read_on)}. Each call's cost is its reported usage at its model's price.</p>`,
    models.length > 0
      ? `<table class="prices"><tr><th>model</th><th>price read on</th><th></th></tr>${rows}</table>`
      : '<p class="absent">No model was paid.</p>',
  );
}

function section(id: string, title: string, ...body: string[]): string {
  return `<section id="${id}">\n<h2>${escapeXml(title)}</h2>\n${body.join('\n')}\n</section>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>\n${svg}\n<figcaption>${escapeXml(caption)}</figcaption>\n</figure>`;
}

/** The report inside a script element: `<` escaped so no string in it can close the element. */
function embeddedJson(report: RunReport): string {
  return JSON.stringify(report).replace(/</g, '\\u003c');
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; max-width: 1240px; margin: 2em auto; padding: 0 1em; }
h1 { margin-bottom: 0.2em; }
h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.lede { color: #555; margin-top: 0; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.25em 1em 0.25em 0; vertical-align: top; }
.headline th { font-weight: normal; color: #555; }
.headline .figure { font-weight: bold; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; }
figcaption { color: #555; font-size: 12px; }
svg { max-width: 100%; height: auto; }
.absent { color: #777; font-style: italic; }
`;
