/**
 * Holds a busy process's resident memory under a ceiling by asking V8 for a memory-reducing
 * collection when the resident set reaches it.
 *
 * Why: V8 gives freed heap pages back to the system only in such a collection, and starts one
 * itself only when the process goes idle, which a consumer working through a backlog never does.
 * Measured with bench/memory.ts on a 300k backlog: `run` peaked at 316 MiB with V8 left alone and
 * at 280 MiB with a first version of this (reading the resident set each second), 264 s against
 * 260: each collection took 0.2–0.4 s and brought the resident set from ~260 back to ~210 MiB.
 * V8's memory-reducing mode for the whole run (--optimize-for-size) cost 22 % instead.
 *
 * The collection is V8's own (the `gc` function that --expose-gc gives the process, which the
 * bin passes to run and replay); a process started without it holds nothing. When a collection
 * gives back little (what is resident is live, near the ceiling), the next waits twice as long,
 * up to a few minutes: a ceiling set too low costs little time and says so in the log, once.
 */
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

/** V8's collection, as --expose-gc gives it; `last-resort` is the memory-reducing flavor. */
type ExposedGc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

export type MemoryCeilingDeps = {
  ceilingBytes: number;
  clock: Clock;
  logger: Logger;
  /** Bytes resident now. */
  residentBytes?: () => number;
  /** One memory-reducing collection; by default V8's, when the process has it. */
  reclaim?: () => void;
  /** Called after each collection, with what it took and what it left. */
  observe?: (reclaimed: { seconds: number; residentBytes: number }) => void;
};

/** How often the resident set is read: it can grow by several MiB a second on a busy stream. */
const CHECK_EVERY_MS = 250;
/** The least time between two collections, and the most after a run of vain ones. */
const MIN_GAP_MS = 5_000;
const MAX_GAP_MS = 300_000;
/** A collection that gives back less than this share of the ceiling was in vain: what is resident is live. */
const WORTHWHILE_SHARE = 1 / 16;

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** V8's collection when the process was started with --expose-gc, else undefined. */
export function exposedReclaim(): (() => void) | undefined {
  const gc = (globalThis as { gc?: ExposedGc }).gc;
  return gc ? () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' }) : undefined;
}

/** Starts holding the ceiling; returns the function that stops it. */
export function holdMemoryCeiling(deps: MemoryCeilingDeps): () => void {
  const reclaim = deps.reclaim ?? exposedReclaim();
  const { clock, logger, ceilingBytes } = deps;
  if (!reclaim) {
    logger.debug('memory ceiling not held: the process was started without --expose-gc (the parsimony bin passes it)');
    return () => {};
  }
  const residentBytes = deps.residentBytes ?? (() => process.memoryUsage.rss());
  let gapMs = MIN_GAP_MS;
  let lastAt = Number.NEGATIVE_INFINITY;
  let warned = false;
  let reclaims = 0;
  let reclaimSeconds = 0;
  let cancel = () => {};

  const check = () => {
    const now = clock.now();
    const before = residentBytes();
    if (before >= ceilingBytes && now - lastAt >= gapMs) {
      const started = performance.now();
      reclaim();
      const seconds = (performance.now() - started) / 1000;
      const after = residentBytes();
      logger.debug('memory-reducing collection', { beforeMiB: mib(before), afterMiB: mib(after), seconds });
      lastAt = clock.now();
      reclaims += 1;
      reclaimSeconds += seconds;
      deps.observe?.({ seconds, residentBytes: after });
      if (before - after >= WORTHWHILE_SHARE * ceilingBytes) gapMs = MIN_GAP_MS;
      else {
        gapMs = Math.min(MAX_GAP_MS, gapMs * 2);
        if (!warned) {
          warned = true;
          logger.warn('resident memory stays near its ceiling after a collection: what is live is close to it', {
            residentMiB: mib(after),
            ceilingMiB: mib(ceilingBytes),
            hint: 'raise PARSIMONY_MEMORY_CEILING_MIB, or lower the bounds (hot templates, records in flight)',
          });
        }
      }
    }
    cancel = clock.schedule(check, CHECK_EVERY_MS);
  };
  cancel = clock.schedule(check, CHECK_EVERY_MS);
  return () => {
    cancel();
    if (reclaims > 0)
      logger.info('memory ceiling held', {
        ceilingMiB: mib(ceilingBytes),
        reclaims,
        reclaimSeconds: Math.round(reclaimSeconds * 10) / 10,
      });
  };
}
