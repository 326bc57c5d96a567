/**
 * The cost–quality frontier as a picture: USD spent on the stream (log scale) against record
 * accuracy, one labelled point per policy, and the frontier, the line through the policies no
 * other one beats on both. Hand-written SVG, so neither the benchmark nor the HTML report needs a
 * plotting dependency.
 */
import { escapeXml } from './svg-charts.ts';

export type FrontierPoint = {
  name: string;
  usd: number;
  accuracy: number;
  /** USD per fully correct record, shown in the legend. */
  cpeUsd?: number | null;
  /** Drawn in grey: a reference point. */
  muted?: boolean;
};

/**
 * The points no other point dominates (costs no more and is at least as accurate, better on one
 * of the two), cheapest first.
 */
export function nonDominated<T extends FrontierPoint>(points: readonly T[]): T[] {
  const dominates = (a: T, b: T) => a.usd <= b.usd && a.accuracy >= b.accuracy && (a.usd < b.usd || a.accuracy > b.accuracy);
  return points.filter((p) => !points.some((q) => dominates(q, p))).sort((a, b) => a.usd - b.usd || a.accuracy - b.accuracy);
}

const SIZE = { width: 1190, height: 510 };
const PLOT = { left: 70, right: 560, top: 40, bottom: 420 };
const FONT_PX = 12;
// Wide enough for the digits and lower-case letters of a label at FONT_PX in a sans-serif face.
const CHAR_PX = 6.6;

/** Decades of the log axis that hold every cost, with a little room at both ends. */
export function logRange(values: readonly number[]): [number, number] {
  const logs = values.map(Math.log10);
  const low = Math.min(...logs);
  const high = Math.max(...logs);
  const pad = Math.max(0.1, (high - low) * 0.08);
  return [low - pad, high + pad];
}

/** The accuracy axis in whole percentage points around the points. */
export function accuracyRange(values: readonly number[]): [number, number] {
  const low = Math.floor(Math.min(...values) * 100 - 0.5) / 100;
  const high = Math.ceil(Math.max(...values) * 100 + 0.5) / 100;
  return [Math.max(0, low), Math.min(1, high)];
}

/** Ticks of a log axis: 1, 2 and 5 times each power of ten within the range. */
export function logTicks([low, high]: [number, number]): number[] {
  const ticks: number[] = [];
  for (let power = Math.floor(low); power <= Math.ceil(high); power++)
    for (const m of [1, 2, 5]) {
      const value = m * 10 ** power;
      const at = Math.log10(value);
      if (at >= low && at <= high) ticks.push(value);
    }
  return ticks;
}

const usdLabel = (usd: number) => `$${Number(usd.toPrecision(2))}`;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Where each label goes: beside its point, nudged up or down until it overlaps no earlier label
 * and no point. Greedy, in the order given.
 */
export function placeLabels(points: readonly { x: number; y: number; label: string }[], bounds: Box): Box[] {
  const placed: Box[] = [];
  const marks = points.map((p) => ({ x: p.x - 4, y: p.y - 4, width: 8, height: 8 }));
  const inside = (b: Box) =>
    b.x >= bounds.x && b.y >= bounds.y && b.x + b.width <= bounds.x + bounds.width && b.y + b.height <= bounds.y + bounds.height;
  return points.map((p) => {
    const width = p.label.length * CHAR_PX;
    const height = FONT_PX + 2;
    const candidates: Box[] = [];
    // Right of the point first, where a reader looks; left only when the right is taken nearby.
    for (const shifts of [
      [0, -1, 1, -2, 2],
      [-3, 3, -4, 4],
    ])
      for (const x of [p.x + 8, p.x - 8 - width])
        for (const dy of shifts) candidates.push({ x, y: p.y - height / 2 + dy * height, width, height });
    const free = (b: Box) => inside(b) && !placed.some((q) => overlaps(b, q)) && !marks.some((m) => overlaps(b, m));
    const box = candidates.find(free) ?? candidates.find(inside) ?? candidates[0]!;
    placed.push(box);
    return box;
  });
}

/** A point as drawn: the numbers (1-based, in the order given) of the policies at that place. */
export type DrawnPoint = FrontierPoint & { numbers: number[] };

/** Policies at the same place as one point carrying all their numbers: two policies that came out alike. */
export function mergeCoincident(points: readonly FrontierPoint[]): DrawnPoint[] {
  const numbered = points.map((p, i) => ({ ...p, numbers: [i + 1] }));
  const groups = Map.groupBy(numbered, (p) => `${p.usd.toPrecision(6)}|${p.accuracy.toFixed(4)}`);
  return [...groups.values()].map((group) => ({
    ...group[0]!,
    numbers: group.flatMap((p) => p.numbers),
    muted: group.every((p) => p.muted),
  }));
}

const LEGEND = { x: PLOT.right + 28, top: PLOT.top + 8, row: 17 };
const percent = (accuracy: number) => `${(accuracy * 100).toFixed(2)} %`;
const usdFigure = (usd: number) => `$${usd.toFixed(usd >= 10 ? 2 : 3)}`;

/** What the picture's marks mean, for its caption. */
export const FRONTIER_KEY =
  'Filled: on the frontier (no other point is cheaper and at least as accurate). Grey: reference points. Numbers at one point: policies that came out alike.';

/**
 * The plot: each point numbered, the numbers explained in a legend beside it with the policy's
 * USD, accuracy and CPE, so long policy names never crowd the points.
 */
export function frontierSvg(policies: readonly FrontierPoint[], options: { title: string; caption: string; id?: string }): string {
  const points = mergeCoincident(policies);
  const xRange = logRange(points.map((p) => p.usd));
  const yRange = accuracyRange(points.map((p) => p.accuracy));
  const x = (usd: number) => PLOT.left + ((Math.log10(usd) - xRange[0]) / (xRange[1] - xRange[0])) * (PLOT.right - PLOT.left);
  const y = (accuracy: number) => PLOT.bottom - ((accuracy - yRange[0]) / (yRange[1] - yRange[0])) * (PLOT.bottom - PLOT.top);
  const frontier = nonDominated(points);
  const onFrontier = new Set<FrontierPoint>(frontier);
  // Labels are placed cheapest first, so each point's neighbour to the right is still free.
  const located = points
    .map((p) => ({ point: p, x: x(p.usd), y: y(p.accuracy), label: p.numbers.join(', ') }))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const boxes = placeLabels(located, { x: PLOT.left, y: PLOT.top, width: PLOT.right - PLOT.left, height: PLOT.bottom - PLOT.top });
  const f = (n: number) => n.toFixed(1);
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg"${options.id ? ` id="${escapeXml(options.id)}"` : ''} width="${SIZE.width}" height="${SIZE.height}" viewBox="0 0 ${SIZE.width} ${SIZE.height}" font-family="sans-serif" font-size="${FONT_PX}">`,
    `<rect width="${SIZE.width}" height="${SIZE.height}" fill="white"/>`,
    `<text x="${PLOT.left}" y="22" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  for (const tick of logTicks(xRange)) {
    const at = f(x(tick));
    lines.push(`<line x1="${at}" y1="${PLOT.top}" x2="${at}" y2="${PLOT.bottom}" stroke="#e4e4e4"/>`);
    lines.push(`<text x="${at}" y="${PLOT.bottom + 16}" text-anchor="middle" fill="#444">${usdLabel(tick)}</text>`);
  }
  for (let pp = Math.round(yRange[0] * 100); pp <= Math.round(yRange[1] * 100); pp++) {
    const at = f(y(pp / 100));
    lines.push(`<line x1="${PLOT.left}" y1="${at}" x2="${PLOT.right}" y2="${at}" stroke="#e4e4e4"/>`);
    lines.push(`<text x="${PLOT.left - 6}" y="${at}" dy="4" text-anchor="end" fill="#444">${pp} %</text>`);
  }
  lines.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#888"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 34}" text-anchor="middle">USD for the whole stream (log scale)</text>`,
    `<text transform="translate(18 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">record accuracy</text>`,
    `<polyline points="${frontier.map((p) => `${f(x(p.usd))},${f(y(p.accuracy))}`).join(' ')}" fill="none" stroke="#2a7ab9" stroke-width="2"/>`,
  );
  located.forEach(({ point, x: px, y: py, label }, i) => {
    const box = boxes[i]!;
    const labelY = box.y + box.height / 2;
    if (Math.abs(labelY - py) > 1 || box.x < px)
      lines.push(`<line x1="${f(px)}" y1="${f(py)}" x2="${f(box.x < px ? box.x + box.width : box.x)}" y2="${f(labelY)}" stroke="#bbb"/>`);
    lines.push(marker(px, py, point.muted === true, onFrontier.has(point)));
    lines.push(`<text x="${f(box.x)}" y="${f(box.y + box.height - 3)}" font-weight="bold">${escapeXml(label)}</text>`);
  });
  lines.push(...legend(policies, points, onFrontier));
  const captionLines = options.caption.split('\n');
  captionLines.forEach((line, i) => {
    lines.push(
      `<text x="${PLOT.left}" y="${SIZE.height - 8 - (captionLines.length - 1 - i) * 14}" font-size="11" fill="#555">${escapeXml(line)}</text>`,
    );
  });
  lines.push('</svg>');
  return `${lines.join('\n')}\n`;
}

function marker(x: number, y: number, muted: boolean, filled: boolean): string {
  const colour = muted ? '#8a8a8a' : '#2a7ab9';
  return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4.5" fill="${filled ? colour : 'white'}" stroke="${colour}" stroke-width="1.5"/>`;
}

/** One row per policy, in the order given: its marker, number, USD, accuracy, CPE and name. */
function legend(policies: readonly FrontierPoint[], points: readonly DrawnPoint[], onFrontier: ReadonlySet<FrontierPoint>): string[] {
  const { x, top, row } = LEGEND;
  const rows = [
    `<text x="${x + 78}" y="${top}" text-anchor="end" fill="#555">USD</text>`,
    `<text x="${x + 146}" y="${top}" text-anchor="end" fill="#555">accuracy</text>`,
    `<text x="${x + 238}" y="${top}" text-anchor="end" fill="#555">CPE</text>`,
    `<text x="${x + 250}" y="${top}" fill="#555">policy</text>`,
  ];
  policies.forEach((policy, i) => {
    const at = top + (i + 1) * row;
    const drawn = points.find((p) => p.numbers.includes(i + 1))!;
    const fill = policy.muted ? '#666' : '#000';
    rows.push(
      marker(x + 4, at - 4, policy.muted === true, onFrontier.has(drawn)),
      `<text x="${x + 14}" y="${at}" font-weight="bold">${i + 1}</text>`,
      `<text x="${x + 78}" y="${at}" text-anchor="end" fill="${fill}">${usdFigure(policy.usd)}</text>`,
      `<text x="${x + 146}" y="${at}" text-anchor="end" fill="${fill}">${percent(policy.accuracy)}</text>`,
      `<text x="${x + 238}" y="${at}" text-anchor="end" fill="${fill}">${policy.cpeUsd == null ? '' : `$${policy.cpeUsd.toFixed(6)}`}</text>`,
      `<text x="${x + 250}" y="${at}" fill="${fill}">${escapeXml(policy.name)}</text>`,
    );
  });
  return rows;
}
