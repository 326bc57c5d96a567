/**
 * The V8 options and the allocator setting a command starts with, which V8 and the C library take
 * only at start: the bin asks for them before it starts the CLI (bin/parsimony.js).
 *
 * Why a heap limit at all: V8 sizes its heap from the machine's memory, not from what a process
 * keeps, and lets a long run grow far past its live set before collecting in earnest. Measured
 * with bench/memory.ts and heap snapshots: at the default bounds the live heap of `extract` and
 * `run` settles at 120–150 MiB once the bounded structures are full, yet a 1M-record `extract`
 * peaked at 651 MiB resident without a limit and 460 MiB with 320 MiB, no slower. The limit
 * is derived from the bounds the command is configured with, so raising a bound raises it.
 */
import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/config.ts';

/** V8's young generation at 4 MiB semi-spaces instead of 16: it alone added ~100 MiB to a long run's peak, for no speed. */
export const SEMI_SPACE_OPTION = '--max-semi-space-size=4';
/**
 * V8's memory-reducing mode, for extract: it keeps the old generation close to what is live (it
 * grows the heap by a small factor and compacts at each full collection) where it otherwise lets a
 * busy run's heap grow toward the limit between collections. Measured on this project's files: a
 * 300k-record extract peaked at 247 MiB instead of 298, for ~18 % more CPU. Not for the service,
 * whose throughput is the point: `run` on a 300k backlog peaked at 273 MiB instead of 335 but took
 * 22 % longer; it holds a memory ceiling instead (memoryCeilingMib), for 1–3 %.
 */
export const MEMORY_MODE_OPTION = '--optimize-for-size';
/**
 * How far the service's old generation may grow past what a full collection left before the next:
 * twice. V8 scales that factor with the heap limit (about 1.6 at the service's 288 MiB, 4 from
 * 1 GiB up), so under the limit a backlog ran three to five times as many full collections as V8
 * unbounded. Measured: kafka-throughput, the service's CPU 74–81 µs a record against 89–92
 * (three alternating pairs); bench/memory.ts, `run` on a 300k backlog 239 s against 263, peak
 * 270 MiB against 263. Four times (V8's own at large heaps) was no faster there and peaked at the limit.
 */
export const HEAP_GROWTH_OPTION = '--heap-growing-percent=100';

/** Commands whose memory is bounded by their configuration; the others (generate, the simulator, …) keep V8's own limit. */
const BOUNDED_COMMANDS = new Set(['extract', 'run', 'replay']);
/** The service's commands, which hold a resident-memory ceiling (src/common/memory-ceiling.ts) with V8's collection. */
const CEILING_COMMANDS = new Set(['run', 'replay']);
/** Lets the process ask V8 for a memory-reducing collection (the `gc` function). */
export const EXPOSE_GC_OPTION = '--expose-gc';
/** The ceiling below the heap limit: what the heap may take, less what lives outside it (code, sockets, buffers). */
const CEILING_BELOW_HEAP_LIMIT_MIB = 32;

const MiB = 2 ** 20;
/** Loaded modules, the fixed-size bounded tables (records served by the cache, template links, skeleton sightings: 100,000 each), a window's working set. */
const FIXED_BYTES = 70 * MiB;
/** A template as the file cache or the hot templates keep it, besides its vector (the file cache keeps one byte a dimension; the hot templates none). */
const TEMPLATE_BYTES = 512;
/** An input record with its prepared form and its output, while in flight. */
const IN_FLIGHT_RECORD_BYTES = 3 * 1024;
/** extract's route log (20,000 entries of features and outcome). */
const FILE_ROUTE_LOG_BYTES = 14 * MiB;
/** Batches kafkajs has fetched ahead of the consumer. */
const KAFKA_FETCHED_BYTES = 25 * MiB;
/** V8 collects no more often than without a limit when it has this times its live set. */
const HEADROOM = 2.5;
const FLOOR_MIB = 256;

/** The heap the command's bounded structures hold when full. */
export function boundedLiveBytes(command: 'extract' | 'run' | 'replay', config: Config): number {
  const inFlight = config.stream.maxInFlightRecords * IN_FLIGHT_RECORD_BYTES;
  if (command === 'extract')
    return (
      FIXED_BYTES +
      config.cache.fileTemplates * (TEMPLATE_BYTES + config.cache.dimensions * Int8Array.BYTES_PER_ELEMENT) +
      inFlight +
      FILE_ROUTE_LOG_BYTES
    );
  return FIXED_BYTES + config.cache.hotTemplates * TEMPLATE_BYTES + inFlight + KAFKA_FETCHED_BYTES;
}

/** The limit in MiB, or undefined for V8's own. */
export function heapLimitMib(command: string, config: Config): number | undefined {
  if (!BOUNDED_COMMANDS.has(command)) return undefined;
  const configured = config.stream.heapLimitMib;
  if (configured === 0) return undefined;
  if (configured !== 'auto') return configured;
  const derived = (HEADROOM * boundedLiveBytes(command as 'extract' | 'run' | 'replay', config)) / MiB;
  return Math.max(FLOOR_MIB, Math.ceil(derived / 16) * 16);
}

/**
 * The resident-memory ceiling `run` and `replay` hold, in MiB, or undefined for none: the
 * configured one, or with `auto` the heap limit less what lives outside the heap (256 MiB at the
 * defaults); none where the heap is left to V8.
 */
export function memoryCeilingMib(command: string, config: Config): number | undefined {
  if (!CEILING_COMMANDS.has(command)) return undefined;
  const configured = config.stream.memoryCeilingMib;
  if (configured !== 'auto') return configured === 0 ? undefined : configured;
  const heapLimit = heapLimitMib(command, config);
  return heapLimit === undefined ? undefined : heapLimit - CEILING_BELOW_HEAP_LIMIT_MIB;
}

/**
 * The options for `parsimony ARGS`: the semi-space size always; for a bounded command the heap
 * limit (with V8's memory-reducing mode for extract, the service's own heap growth for run and
 * replay), unless someone chose a limit (NODE_OPTIONS,
 * the node command line) or left the heap to V8 (PARSIMONY_HEAP_LIMIT_MIB=0); for a command that
 * holds a memory ceiling, V8's collection exposed. A configuration that does not load gets none
 * of these: the command itself then says what is wrong with it.
 */
export function v8Options(args: readonly string[], env: NodeJS.ProcessEnv, execArgv: readonly string[]): string[] {
  const options = [SEMI_SPACE_OPTION];
  const [command = ''] = args;
  // The in-process simulator holds its whole truth, which no bound covers.
  if (!BOUNDED_COMMANDS.has(command) || (command === 'extract' && args.includes('--simulate'))) return options;
  let config: Config;
  try {
    const file = configFlag(args) ?? env.PARSIMONY_CONFIG;
    config = loadConfig({ env, ...(file ? { file } : {}) }).config;
  } catch {
    return options;
  }
  const chosen = [...execArgv, env.NODE_OPTIONS ?? ''].some((o) => o.includes('--max-old-space-size'));
  // An automatic ceiling follows the configured heap limit, not one chosen on the node command line.
  const holdsCeiling = memoryCeilingMib(command, config) !== undefined && (config.stream.memoryCeilingMib !== 'auto' || !chosen);
  if (holdsCeiling) options.push(EXPOSE_GC_OPTION);
  const limit = chosen ? undefined : heapLimitMib(command, config);
  if (limit === undefined) return options;
  return [...options, command === 'extract' ? MEMORY_MODE_OPTION : HEAP_GROWTH_OPTION, `--max-old-space-size=${limit}`];
}

/**
 * glibc gives each thread that allocates its own arena (up to 8 per core), and a long run's
 * native allocations (sockets, compiled code, the threads of V8 and libuv) spread over them and
 * stay: measured with bench/memory.ts, `run` on a 100k backlog peaked at 279 MiB with the default
 * and 250 with two arenas, as fast. The bounded commands get two unless MALLOC_ARENA_MAX is set.
 */
export function allocatorEnv(args: readonly string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const [command = ''] = args;
  if (!BOUNDED_COMMANDS.has(command) || env.MALLOC_ARENA_MAX !== undefined) return env;
  return { ...env, MALLOC_ARENA_MAX: '2' };
}

function configFlag(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--config') return args[i + 1];
    if (args[i]!.startsWith('--config=')) return args[i]!.slice('--config='.length);
  }
  return undefined;
}
