/**
 * Progress of a long command (a replay): records done of the total, rate, time left and USD so
 * far. On a terminal one line redrawn in place with a bar; otherwise a JSON line every few seconds,
 * for a log collector to keep.
 */
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

const BAR_WIDTH = 24;

export function progressBar(f: ProgressFigures): string {
  const filled = Math.round((f.percent / 100) * BAR_WIDTH);
  const eta = f.etaSeconds === null ? '–' : duration(f.etaSeconds);
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${f.percent.toFixed(1)}% ` +
    `${f.done.toLocaleString('en')}/${f.total.toLocaleString('en')} records  ${f.perSecond.toFixed(0)}/s  ETA ${eta}  $${f.usd}`
  );
}

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)}m`;
  const hours = Math.floor(seconds / 3_600);
  return `${hours}h${String(Math.round((seconds - hours * 3_600) / 60)).padStart(2, '0')}m`;
}

/** Draws the progress on `stream`: redrawn in place on a terminal, a JSON line every `everyMs` otherwise. */
export function progressReporter(options: { stream: NodeJS.WriteStream; total: number; now: () => number; everyMs?: number }) {
  const startedAt = options.now();
  const state = { done: 0, nanoUsd: 0 };
  const tty = Boolean(options.stream.isTTY);
  const draw = () => {
    const figures = progressFigures({ ...state, total: options.total, startedAt, now: options.now() });
    if (tty) options.stream.write(`\r${progressBar(figures)}`);
    else
      options.stream.write(
        `${JSON.stringify({ progress: { ...figures, perSecond: Number(figures.perSecond.toFixed(1)), etaSeconds: figures.etaSeconds === null ? null : Math.round(figures.etaSeconds) } })}\n`,
      );
  };
  const timer = setInterval(draw, tty ? 500 : (options.everyMs ?? 5_000));
  timer.unref();
  return {
    add(records: number, nanoUsd: number): void {
      state.done += records;
      state.nanoUsd += nanoUsd;
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
      draw();
      if (tty) options.stream.write('\n');
    },
  };
}
