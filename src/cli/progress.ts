/**
 * Progress of a long command (extract, a replay): records done of the total, rate, time left and
 * USD so far. On a terminal one line redrawn in place with a bar; otherwise a JSON line every few
 * seconds, for a log collector to keep.
 */
import { SingleBar } from 'cli-progress';

export type ProgressState = { done: number; total: number; startedAt: number; now: number; nanoUsd: number };

export type ProgressFigures = { done: number; total: number; percent: number; perSecond: number; etaSeconds: number | null; usd: string };

export function progressFigures(state: ProgressState): ProgressFigures {
  const seconds = Math.max(0.001, (state.now - state.startedAt) / 1000);
  const perSecond = state.done / seconds;
  const left = Math.max(0, state.total - state.done);
  return {
    done: state.done,
    total: state.total,
    percent: state.total > 0 ? Math.min(100, (100 * state.done) / state.total) : 100,
    perSecond,
    etaSeconds: perSecond > 0 ? left / perSecond : null,
    usd: (state.nanoUsd / 1e9).toFixed(6),
  };
}

/** The figures as the bar's line shows them after the bar itself: `[####....] ` + this. */
export function progressLine(f: ProgressFigures): string {
  const eta = f.etaSeconds === null ? '–' : duration(f.etaSeconds);
  return (
    `${f.percent.toFixed(1)}% ${f.done.toLocaleString('en')}/${f.total.toLocaleString('en')} records  ` +
    `${f.perSecond.toFixed(0)}/s  ETA ${eta}  $${f.usd}`
  );
}

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)}m`;
  const hours = Math.floor(seconds / 3_600);
  return `${hours}h${String(Math.round((seconds - hours * 3_600) / 60)).padStart(2, '0')}m`;
}

/**
 * Draws the progress on `stream`: on a terminal, a bar redrawn in place (cli-progress: the bar,
 * in-place redraw, clipping to the terminal's width); otherwise a JSON line every `everyMs`.
 * Both show the same figures.
 */
export function progressReporter(options: { stream: NodeJS.WriteStream; total: number; now: () => number; everyMs?: number }) {
  const startedAt = options.now();
  const state = { done: 0, nanoUsd: 0 };
  const figures = () => progressFigures({ ...state, total: options.total, startedAt, now: options.now() });
  const bar = options.stream.isTTY
    ? new SingleBar({
        stream: options.stream,
        format: '[{bar}] {line}',
        barsize: 24,
        barCompleteChar: '#',
        barIncompleteChar: '.',
        // No terminal mode is changed (cursor, wrapping: the line is cut to the width instead) and
        // Ctrl-C stays the command's, so a second Ctrl-C, which exits at once, leaves the terminal as it was.
        hideCursor: false,
        linewrap: true,
        gracefulExit: false,
        fps: 2,
      })
    : undefined;
  const drawJson = () => {
    const f = figures();
    options.stream.write(
      `${JSON.stringify({ progress: { ...f, perSecond: Number(f.perSecond.toFixed(1)), etaSeconds: f.etaSeconds === null ? null : Math.round(f.etaSeconds) } })}\n`,
    );
  };
  // The bar redraws itself (fps); between windows only the rate and the time left move.
  const timer = setInterval(
    () => (bar ? bar.update(state.done, { line: progressLine(figures()) }) : drawJson()),
    bar ? 500 : (options.everyMs ?? 5_000),
  );
  timer.unref();
  bar?.start(Math.max(1, options.total), 0, { line: progressLine(figures()) });
  return {
    add(records: number, nanoUsd: number): void {
      state.done += records;
      state.nanoUsd += nanoUsd;
      bar?.update(state.done, { line: progressLine(figures()) });
    },
    get done() {
      return state.done;
    },
    get nanoUsd() {
      return state.nanoUsd;
    },
    /** Draws once more and stops. */
    end(): void {
      clearInterval(timer);
      if (bar) {
        bar.update(state.done, { line: progressLine(figures()) });
        bar.stop();
      } else drawJson();
    },
  };
}
