/**
 * The report's charts as hand-written SVG: a page that opens anywhere, offline, with no script
 * and no plotting dependency. Every mark carries its figure in a `data-value` attribute, so a
 * reader's tools (and the tests) can check a chart against the report's numbers.
 */

/** Text for XML and HTML, in content and in attribute values. */
export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const f = (n: number) => n.toFixed(1);

/**
 * Round axis steps for values from 0 to `max`: 1, 2 or 5 times a power of ten, at most `most`
 * steps, the last tick at or above `max`.
 */
export function niceTicks(max: number, most = 5): number[] {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const power = 10 ** Math.floor(Math.log10(top / most));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => top / s <= most) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = 0; i * step < top * (1 + 1e-9); i++) ticks.push(round(i * step, step));
  if (ticks.at(-1)! < top * (1 - 1e-9)) ticks.push(round(ticks.length * step, step));
  return ticks;
}

/** `value` without the float noise of `i * step` (0.30000000000000004). */
function round(value: number, step: number): number {
  return Number(value.toFixed(decimalsOf(step)));
}

/** Decimals that show every multiple of `step` exactly (0.05 → 2, 20 → 0). */
export function decimalsOf(step: number): number {
  return step > 0 && step < 1 ? Math.ceil(-Math.log10(step) - 1e-9) : 0;
}

export type Bar = { label: string; value: number; text: string; colour: string };

/**
 * Horizontal bars, one row each: the label, the bar (its length proportional to the value; the
 * plot's width is `full`, by default the longest bar's value) and the value's text after it.
 */
export function barChart(bars: readonly Bar[], options: { id: string; title: string; full?: number }): string {
  const layout = { labelWidth: 130, plotWidth: 360, textWidth: 150, row: 26, top: 8 };
  const width = layout.labelWidth + layout.plotWidth + layout.textWidth;
  const height = layout.top * 2 + Math.max(1, bars.length) * layout.row;
  const longest = options.full ?? Math.max(0, ...bars.map((b) => b.value));
  const rows = bars.map((bar, i) => {
    const y = layout.top + i * layout.row;
    const length = longest > 0 ? (bar.value / longest) * layout.plotWidth : 0;
    return (
      `<g class="bar" data-label="${escapeXml(bar.label)}" data-value="${bar.value}">` +
      `<text x="${layout.labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeXml(bar.label)}</text>` +
      `<rect x="${layout.labelWidth}" y="${y + 4}" width="${f(length)}" height="${layout.row - 8}" fill="${bar.colour}"/>` +
      `<text class="value" x="${f(layout.labelWidth + length + 6)}" y="${y + 16}">${escapeXml(bar.text)}</text></g>`
    );
  });
  return svg(options, width, height, [
    `<line x1="${layout.labelWidth}" y1="${layout.top}" x2="${layout.labelWidth}" y2="${height - layout.top}" stroke="#888"/>`,
    ...rows,
  ]);
}

export type LinePoint = { x: number; y: number };

/**
 * A running total against progress: the line from the origin through the points, axes with round
 * ticks, and the last point's figure at its end.
 */
export function lineChart(
  points: readonly LinePoint[],
  options: {
    id: string;
    title: string;
    xLabel: string;
    yLabel: string;
    xTick: (value: number, step: number) => string;
    yTick: (value: number, step: number) => string;
    lastText: string;
  },
): string {
  const plot = { left: 80, right: 560, top: 16, bottom: 250 };
  const width = 660;
  const height = 300;
  const xTicks = niceTicks(Math.max(0, ...points.map((p) => p.x)));
  const yTicks = niceTicks(Math.max(0, ...points.map((p) => p.y)));
  const xMax = xTicks.at(-1)!;
  const yMax = yTicks.at(-1)!;
  const x = (value: number) => plot.left + (value / xMax) * (plot.right - plot.left);
  const y = (value: number) => plot.bottom - (value / yMax) * (plot.bottom - plot.top);
  const xStep = xTicks[1]! - xTicks[0]!;
  const yStep = yTicks[1]! - yTicks[0]!;
  const marks: string[] = [];
  for (const tick of xTicks) {
    marks.push(`<line x1="${f(x(tick))}" y1="${plot.top}" x2="${f(x(tick))}" y2="${plot.bottom}" stroke="#e4e4e4"/>`);
    marks.push(
      `<text x="${f(x(tick))}" y="${plot.bottom + 16}" text-anchor="middle" fill="#444">${escapeXml(options.xTick(tick, xStep))}</text>`,
    );
  }
  for (const tick of yTicks) {
    marks.push(`<line x1="${plot.left}" y1="${f(y(tick))}" x2="${plot.right}" y2="${f(y(tick))}" stroke="#e4e4e4"/>`);
    marks.push(
      `<text x="${plot.left - 6}" y="${f(y(tick))}" dy="4" text-anchor="end" fill="#444">${escapeXml(options.yTick(tick, yStep))}</text>`,
    );
  }
  const line = [{ x: 0, y: 0 }, ...points];
  const last = line.at(-1)!;
  marks.push(
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 36}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(16 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
    `<polyline class="line" data-points="${line.length}" points="${line.map((p) => `${f(x(p.x))},${f(y(p.y))}`).join(' ')}" fill="none" stroke="#2a7ab9" stroke-width="2"/>`,
    `<circle cx="${f(x(last.x))}" cy="${f(y(last.y))}" r="3.5" fill="#2a7ab9"/>`,
    `<text class="value" data-value="${last.y}" x="${f(x(last.x) + 6)}" y="${f(y(last.y) - 6)}">${escapeXml(options.lastText)}</text>`,
  );
  return svg(options, width, height, marks);
}

function svg(options: { id: string; title: string }, width: number, height: number, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${escapeXml(options.id)}" role="img" aria-label="${escapeXml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<title>${escapeXml(options.title)}</title>`,
    ...body,
    '</svg>',
  ].join('\n');
}
