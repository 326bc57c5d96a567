/**
 * `extract --report-html`, opened in a real headless Chromium: the page asks for nothing over the
 * network, raises no error, and its charts are drawn (they have size) with the run's own numbers,
 * the ones its --report JSON holds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import type { RunReport } from '#src/report/run-summary.ts';
import { launchBrowser } from '#test/support/browser.ts';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'parsimony-report-html-'));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));

function parsimony(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? root,
    env: { ...cleanEnv, ...options.env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.equal(result.status, 0, `parsimony ${args.join(' ')}:\n${result.stderr}`);
  return result;
}

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The page as a browser shows it, with every request it made beyond its own file and every error it raised. */
async function open(path: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const own = pathToFileURL(path).href;
  const requests: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === own) return void request.continue();
    requests.push(request.url());
    return void request.abort();
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(own, { waitUntil: 'load' });
  return { page, requests, errors };
}

type DrawnBar = { label: string; value: number; width: number; height: number; text: string; visible: boolean };

/** Each bar of a chart as drawn: its figure, the size its rectangle was given on screen, its text. */
function bars(page: Page, chart: string): Promise<DrawnBar[]> {
  return page.$$eval(`svg#${chart} g.bar`, (groups) =>
    groups.map((g) => {
      const rect = g.querySelector('rect')!.getBoundingClientRect();
      const text = g.querySelector('text.value')!;
      const box = text.getBoundingClientRect();
      return {
        label: g.getAttribute('data-label')!,
        value: Number(g.getAttribute('data-value')),
        width: rect.width,
        height: rect.height,
        text: text.textContent ?? '',
        visible: box.width > 0 && box.height > 0,
      };
    }),
  );
}

/** Bar lengths proportional to their figures: each bar's length per unit is the same. */
function assertProportional(drawn: readonly DrawnBar[], what: string) {
  const longest = drawn.reduce((a, b) => (b.value > a.value ? b : a));
  assert.ok(longest.width > 50, `${what}: the longest bar is drawn (${longest.width}px)`);
  for (const bar of drawn)
    assert.ok(
      Math.abs(bar.width - (bar.value / longest.value) * longest.width) < 1.5,
      `${what}: ${bar.label}'s bar is ${bar.width}px for ${bar.value}; ${longest.label}'s is ${longest.width}px for ${longest.value}`,
    );
}

test('a scored run: spend, records and accuracy by tier, cost over the run and the frontier, drawn with the run’s numbers', async () => {
  const input = join(dir, 'in.jsonl');
  const truth = join(dir, 'truth.jsonl');
  parsimony(['generate', '--count', '2000', '--output', input, '--truth', truth, '--seed', '31']);
  const reportPath = join(dir, 'report.json');
  const htmlPath = join(dir, 'report.html');
  const run = parsimony(
    [
      'extract',
      ...['--input', input, '--output', join(dir, 'out.jsonl'), '--simulate', truth],
      ...['--cache', join(dir, 'cache/templates.jsonl'), '--report', reportPath, '--report-html', htmlPath, '--allow-failures'],
    ],
    { env: { PARSIMONY_BATCH_MAX_RECORDS: '100' } },
  );
  assert.match(run.stdout, new RegExp(`report {7}${htmlPath}`));
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as RunReport;
  const frontier = JSON.parse(readFileSync(join(root, 'docs/frontier.json'), 'utf8')) as { policies: { name: string }[] };
  const tiers = Object.keys(report.tiers);
  assert.ok(tiers.includes('rules') && tiers.length >= 3, `rules and model tiers answered: ${tiers}`);

  const { page, requests, errors } = await open(htmlPath);
  try {
    assert.deepEqual(requests, [], 'self-contained: nothing fetched');
    assert.deepEqual(errors, []);

    const headline = await page.$$eval('#headline tr', (rows) =>
      Object.fromEntries(rows.map((r) => [r.getAttribute('data-name'), r.querySelector('td.figure')!.textContent])),
    );
    assert.equal(headline.records, report.records.toLocaleString('en'));
    assert.equal(headline.spent, `$${report.usd}`);
    assert.equal(headline.accuracy, `${(report.quality!.record_accuracy * 100).toFixed(1)} %`);
    assert.equal(headline['cost per correct extraction'], `$${report.quality!.cpe_usd}`);

    const records = await bars(page, 'records-by-tier');
    assert.deepEqual(
      Object.fromEntries(records.map((b) => [b.label, b.value])),
      Object.fromEntries(tiers.map((t) => [t, report.tiers[t]!.records])),
    );
    assertProportional(records, 'records by tier');
    for (const bar of records) {
      assert.ok(bar.visible && bar.height > 5, `${bar.label}: drawn`);
      assert.ok(bar.text.startsWith(bar.value.toLocaleString('en')), `${bar.label}: "${bar.text}"`);
    }

    const spend = await bars(page, 'spend-by-tier');
    assert.deepEqual(
      Object.fromEntries(spend.map((b) => [b.label, b.text.split(' ')[0]])),
      Object.fromEntries(tiers.map((t) => [t, `$${report.tiers[t]!.usd}`])),
    );
    assertProportional(spend, 'spend by tier');
    assert.equal(spend.find((b) => b.label === 'rules')!.width, 0, 'the rules tier costs nothing');

    const accuracy = await bars(page, 'accuracy-by-tier');
    assert.deepEqual(
      Object.fromEntries(accuracy.map((b) => [b.label, b.value])),
      Object.fromEntries(tiers.map((t) => [t, report.tiers[t]!.quality!.record_accuracy])),
    );
    const perUnit = accuracy.map((b) => b.width / b.value);
    assert.ok(Math.max(...perUnit) - Math.min(...perUnit) < 1.5, 'every tier against the same 100 %');

    const points = report.cost_over_run;
    assert.ok(points.length >= 10, `a point per window (${points.length})`);
    assert.deepEqual(
      { records: points.at(-1)!.records, usd: points.at(-1)!.usd },
      { records: report.records, usd: report.usd },
      'the line ends at the run’s totals',
    );
    const line = await page.$eval('svg#cost-over-run-chart', (svg) => {
      const polyline = svg.querySelector('polyline.line')!;
      const box = polyline.getBoundingClientRect();
      return {
        points: Number(polyline.getAttribute('data-points')),
        width: box.width,
        height: box.height,
        last: svg.querySelector('text.value')!.textContent,
      };
    });
    assert.equal(line.points, points.length + 1, 'from the origin through every point');
    assert.ok(line.width > 300 && line.height > 100, `the line is drawn across the plot (${line.width}×${line.height})`);
    assert.equal(line.last, `$${report.usd}`);

    const drawnFrontier = await page.$eval('svg#frontier-chart', (svg) => ({
      points: svg.querySelectorAll('circle').length,
      text: svg.textContent ?? '',
      width: svg.getBoundingClientRect().width,
    }));
    assert.ok(drawnFrontier.width > 500, 'the frontier is drawn');
    for (const policy of frontier.policies) assert.ok(drawnFrontier.text.includes(policy.name), `${policy.name} in the frontier's legend`);

    const embedded = await page.$eval('#parsimony-report', (script) => script.textContent ?? '');
    assert.deepEqual(JSON.parse(embedded), report, 'the page carries the same report as --report');
  } finally {
    await page.close();
  }
});

test('an unscored run without a measured frontier says what is missing instead of drawing it', async () => {
  const input = join(dir, 'rules-only.jsonl');
  parsimony(['generate', '--count', '300', '--output', input, '--truth', join(dir, 'rules-only-truth.jsonl'), '--seed', '32']);
  const htmlPath = join(dir, 'rules-only.html');
  // No keys, no simulator: only the rules answer. Run where there is no docs/frontier.json.
  parsimony(
    [
      'extract',
      '--input',
      input,
      '--output',
      join(dir, 'rules-only-out.jsonl'),
      '--report-html',
      htmlPath,
      '--no-cache',
      '--allow-failures',
    ],
    {
      cwd: dir,
    },
  );
  const { page, requests, errors } = await open(htmlPath);
  try {
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
    const sections = await page.$$eval('section', (all) => Object.fromEntries(all.map((s) => [s.id, s.textContent ?? ''])));
    assert.match(sections.accuracy!, /Not scored: the run had no truth/);
    assert.match(sections.frontier!, /No frontier measured: docs\/frontier\.json does not exist/);
    assert.equal(await page.$('svg#accuracy-by-tier'), null);
    assert.equal(await page.$('svg#frontier-chart'), null);
    const records = await bars(page, 'records-by-tier');
    assert.deepEqual(
      records.map((b) => b.label),
      ['rules'],
    );
    assert.ok(records[0]!.width > 50);
  } finally {
    await page.close();
  }
});

test('a --frontier that is not a frontier report is refused before anything runs', () => {
  const input = join(dir, 'one.jsonl');
  writeFileSync(input, `${JSON.stringify({ record_id: 'r1', narrative: 'CARD PURCHASE TESCO 12.50' })}\n`);
  const notFrontier = join(dir, 'memory.json');
  writeFileSync(notFrontier, JSON.stringify({ bench: 'memory', sizes: [] }));
  const result = spawnSync(
    process.execPath,
    [
      cli,
      'extract',
      '--input',
      input,
      '--output',
      join(dir, 'refused.jsonl'),
      '--report-html',
      join(dir, 'r.html'),
      '--frontier',
      notFrontier,
    ],
    { env: cleanEnv, encoding: 'utf8' },
  );
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /memory\.json is not a frontier report \(npm run bench -- frontier writes one\): parameters\.records/);
  assert.equal(existsSync(join(dir, 'refused.jsonl')), false, 'nothing was run');
});
