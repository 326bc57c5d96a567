/**
 * Every configuration option, with its environment variable, default and meaning, in the shape
 * of the configuration itself. An option's dotted key (`kafka.sasl.mechanism`) is its path in
 * this tree; the config file (JSON, optional) nests the same way: `{"kafka": {"brokers": [...]}}`.
 * The environment wins over the file; the file wins over the default. `option` has a default,
 * `optional` is unset unless set.
 */
import { hostname } from 'node:os';
import { latencyRules, parseDuration } from './latency-budgets.ts';
import { type OptionTree, option, optional } from './option-tree.ts';
import * as p from './parsers.ts';
import { DEFAULT_TIERS, tierSpecs } from './tier-specs.ts';

export const OPTIONS = {
  kafka: {
    brokers: option({
      env: 'PARSIMONY_KAFKA_BROKERS',
      parse: p.hostPortList,
      default: ['127.0.0.1:9092'],
      doc: 'Bootstrap brokers, host:port comma-separated.',
    }),
    clientId: option({
      env: 'PARSIMONY_KAFKA_CLIENT_ID',
      parse: p.string,
      default: 'parsimony',
      doc: 'Client id sent to the brokers (shows in broker logs and quotas).',
    }),
    groupId: option({
      env: 'PARSIMONY_KAFKA_GROUP_ID',
      parse: p.string,
      default: 'parsimony-extractor',
      doc: 'Consumer group of the extraction service; instances in one group share the partitions.',
    }),
    topicPrefix: option({
      env: 'PARSIMONY_KAFKA_TOPIC_PREFIX',
      parse: topicPrefix,
      default: '',
      doc:
        "Put before the name of every topic in the catalogue (e.g. 'acme.prod.' reads acme.prod.narratives.raw.v1), so that deployments, tenants or backfill rehearsals share a cluster without sharing topics; " +
        "schema subjects follow their topics. Letters, digits, '.', '_', '-'.",
    }),
    instanceId: option({
      env: 'PARSIMONY_INSTANCE_ID',
      parse: instanceId,
      default:
        hostname()
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .slice(0, 128) || 'parsimony',
      doc:
        "This instance's name in the group, stable across its restarts (default: the host name; letters, digits, '.', '_', '-', up to 128). " +
        'The transactional id is the group id and this name, so a restarted instance fences the open transaction of its predecessor; two instances running at once need different names.',
    }),
    ssl: option({
      env: 'PARSIMONY_KAFKA_SSL',
      parse: p.boolean,
      default: false,
      doc: 'Connect to the brokers over TLS.',
    }),
    sasl: {
      mechanism: optional({
        env: 'PARSIMONY_KAFKA_SASL_MECHANISM',
        parse: p.oneOf(['plain', 'scram-sha-256', 'scram-sha-512'] as const),
        doc: 'SASL mechanism; unset means no SASL. Needs kafka.sasl.username and kafka.sasl.password.',
      }),
      username: optional({
        env: 'PARSIMONY_KAFKA_SASL_USERNAME',
        parse: p.string,
        doc: 'SASL user name.',
      }),
      password: optional({
        env: 'PARSIMONY_KAFKA_SASL_PASSWORD',
        parse: p.string,
        secret: true,
        doc: 'SASL password.',
      }),
    },
    connectionTimeoutMs: option({
      env: 'PARSIMONY_KAFKA_CONNECTION_TIMEOUT_MS',
      parse: p.integer({ min: 100, max: 120_000 }),
      default: 3_000,
      doc: 'How long one connection attempt to a broker may take.',
    }),
    sessionTimeoutMs: option({
      env: 'PARSIMONY_KAFKA_SESSION_TIMEOUT_MS',
      parse: p.integer({ min: 1_000, max: 300_000 }),
      default: 6_000,
      doc:
        "How long the group waits for a silent member (a killed instance) before giving its partitions to the others, or before a restarted instance's join completes. " +
        "Must lie within the brokers' group.min.session.timeout.ms and group.max.session.timeout.ms (6 s and 30 min by default).",
    }),
    heartbeatIntervalMs: option({
      env: 'PARSIMONY_KAFKA_HEARTBEAT_INTERVAL_MS',
      parse: p.integer({ min: 100, max: 100_000 }),
      default: 1_000,
      doc: 'How often a member tells the group it is alive, also while a window waits on model calls; at most a third of kafka.sessionTimeoutMs.',
    }),
    rebalanceTimeoutMs: option({
      env: 'PARSIMONY_KAFKA_REBALANCE_TIMEOUT_MS',
      parse: p.integer({ min: 1_000, max: 600_000 }),
      default: 60_000,
      doc: 'In a rebalance, how long a live member may take to finish the windows it holds and rejoin before the group goes on without it.',
    }),
  },
  registry: {
    url: option({
      env: 'PARSIMONY_SCHEMA_REGISTRY_URL',
      parse: p.httpUrl,
      default: 'http://127.0.0.1:8081/apis/ccompat/v7',
      doc: 'Confluent-compatible schema registry API root (Confluent: http://host:8081; Apicurio: .../apis/ccompat/v7).',
    }),
    username: optional({
      env: 'PARSIMONY_SCHEMA_REGISTRY_USERNAME',
      parse: p.string,
      doc: 'Basic-auth user for the registry.',
    }),
    password: optional({
      env: 'PARSIMONY_SCHEMA_REGISTRY_PASSWORD',
      parse: p.string,
      secret: true,
      doc: 'Basic-auth password for the registry.',
    }),
  },
  elasticsearch: {
    url: option({
      env: 'PARSIMONY_ELASTICSEARCH_URL',
      parse: p.httpUrl,
      default: 'http://127.0.0.1:9200',
      doc: 'Elasticsearch node URL (the template cache).',
    }),
    apiKey: optional({
      env: 'PARSIMONY_ELASTICSEARCH_API_KEY',
      parse: p.string,
      secret: true,
      doc: 'Elasticsearch API key; unset for a cluster without security.',
    }),
    requestTimeoutMs: option({
      env: 'PARSIMONY_ELASTICSEARCH_REQUEST_TIMEOUT_MS',
      parse: p.integer({ min: 50, max: 120_000 }),
      default: 2_000,
      doc: 'Bound on one Elasticsearch request; past it the pipeline goes on without the cache.',
    }),
  },
  providers: {
    openai: {
      apiKey: optional({
        env: 'OPENAI_API_KEY',
        parse: p.string,
        secret: true,
        doc: 'OpenAI API key.',
      }),
      baseUrl: optional({
        env: 'OPENAI_BASE_URL',
        parse: p.httpUrl,
        doc: 'Base URL for OpenAI or any OpenAI-compatible server (vLLM, TGI, llama.cpp).',
      }),
    },
    anthropic: {
      apiKey: optional({
        env: 'ANTHROPIC_API_KEY',
        parse: p.string,
        secret: true,
        doc: 'Anthropic API key.',
      }),
      baseUrl: optional({
        env: 'ANTHROPIC_BASE_URL',
        parse: p.httpUrl,
        doc: 'Base URL for the Anthropic API.',
      }),
    },
  },
  batch: {
    maxRecords: option({
      env: 'PARSIMONY_BATCH_MAX_RECORDS',
      parse: p.integer({ min: 1, max: 100_000 }),
      default: 256,
      doc: 'A micro-batch window closes when it holds this many records.',
    }),
    maxBytes: option({
      env: 'PARSIMONY_BATCH_MAX_BYTES',
      parse: p.integer({ min: 4_096, max: 256 * 1024 * 1024 }),
      default: 1024 * 1024,
      doc: 'A micro-batch window closes when its narratives reach this many bytes (at least one maximal narrative, 4096).',
    }),
    maxWaitMs: option({
      env: 'PARSIMONY_BATCH_MAX_WAIT_MS',
      parse: p.integer({ min: 1, max: 600_000 }),
      default: 200,
      doc:
        'A micro-batch window closes this long after its first record arrived, or sooner once the input has given nothing for 10 ms ' +
        '(a consumer fetches again only when what it fetched is done, so waiting longer would add nothing to the window).',
    }),
  },
  budget: {
    usdPerHour: optional({
      env: 'PARSIMONY_BUDGET_USD_PER_HOUR',
      parse: p.decimal({ min: 0, max: 1_000_000 }),
      doc: 'Most USD of model calls in any rolling hour; a call that would pass it waits (the consumer pauses). Unset: no limit; 0: no model calls.',
    }),
    usdPerDay: optional({
      env: 'PARSIMONY_BUDGET_USD_PER_DAY',
      parse: p.decimal({ min: 0, max: 100_000_000 }),
      doc: 'Most USD of model calls in any rolling 24 hours, as budget.usdPerHour.',
    }),
    relaxFrom: option({
      env: 'PARSIMONY_BUDGET_RELAX_FROM',
      parse: p.decimal({ min: 0, max: 1 }),
      default: 0.8,
      doc: 'Share of a budget window spent or reserved from which the router gives way on accuracy (see budget.relaxBy).',
    }),
    relaxBy: option({
      env: 'PARSIMONY_BUDGET_RELAX_BY',
      parse: p.decimal({ min: 0, max: 0.5 }),
      default: 0.03,
      doc:
        "Most points the router's accuracy target and the tiers' confidence bars give way near the budget's limit, reached at the limit " +
        '(linearly from budget.relaxFrom): cheaper tiers first, fewer escalations. 0: never.',
    }),
    ledgerIndex: option({
      env: 'PARSIMONY_BUDGET_LEDGER_INDEX',
      parse: p.string,
      default: 'parsimony-budget',
      doc: 'Elasticsearch index of the ledger every instance of a consumer group reserves against (`run`), so the group spends the budget once. `extract` keeps its own.',
    }),
  },
  batchApi: {
    latencyBudgets: option({
      env: 'PARSIMONY_LATENCY_BUDGETS',
      parse: latencyRules,
      default: [],
      doc:
        'How long records may wait for their extraction, by document type and source: a JSON array of rules, the first match wins, ' +
        '[{documentType?, source? (exact, or a prefix ending in *), maxLatency ("0", "90m", "24h", "2d")}]. No match: real time. ' +
        'Under `run`, records whose budget reaches batchApi.minLatency and that the rules and the cache cannot answer wait on the deferred topic for the Batch APIs (half the price).',
    }),
    minLatency: option({
      env: 'PARSIMONY_BATCH_API_MIN_LATENCY',
      parse: (raw) => parseDuration(raw, 'batchApi.minLatency'),
      default: 24 * 3_600_000,
      doc: "The latency budget from which a record goes through the Batch APIs: the providers' completion window (24 h) unless you accept their usual, shorter turnaround.",
    }),
    windowMaxAgeMs: option({
      env: 'PARSIMONY_BATCH_API_WINDOW_MAX_AGE',
      parse: (raw) => parseDuration(raw, 'batchApi.windowMaxAgeMs'),
      default: 10 * 60_000,
      doc: 'A window of deferred records goes to the Batch APIs when it holds 5,000 records or its first record waited this long.',
    }),
    rounds: option({
      env: 'PARSIMONY_BATCH_API_ROUNDS',
      parse: p.integer({ min: 1, max: 10 }),
      default: 2,
      doc:
        'Batches a tier tries before what they left unanswered (request errors, missing or unreadable lines, an expired batch) goes in real time: ' +
        '1 retries in real time at once (sooner, at full price); 2 gives it one more batch first (half the price, up to a day later).',
    }),
    journalIndex: option({
      env: 'PARSIMONY_BATCH_JOURNAL_INDEX',
      parse: p.string,
      default: 'parsimony-batches',
      doc: 'Elasticsearch index of the batches submitted and not yet read: a restarted or rebalanced instance polls them again instead of paying for them twice.',
    }),
  },
  stream: {
    inputFormat: option({
      env: 'PARSIMONY_INPUT_FORMAT',
      parse: p.oneOf(['avro', 'json'] as const),
      default: 'avro',
      doc: 'Encoding of narratives.raw.v1 values: Avro through the registry, or JSON.',
    }),
    outputFormat: option({
      env: 'PARSIMONY_OUTPUT_FORMAT',
      parse: p.oneOf(['avro', 'json'] as const),
      default: 'avro',
      doc: 'Encoding of extractions and dead letters.',
    }),
    transactional: option({
      env: 'PARSIMONY_TRANSACTIONAL',
      parse: p.boolean,
      default: true,
      doc: 'Commit outputs and consumed offsets in one Kafka transaction (exactly once); false: commit offsets after the outputs are acknowledged (at least once).',
    }),
    rulesWorkers: option({
      env: 'PARSIMONY_RULES_WORKERS',
      parse: p.autoOr(p.integer({ min: 0, max: 64 })),
      default: 'auto',
      doc:
        'Worker threads that prepare records and run the rules tier beside the event loop (order is kept); 0 runs them on the event loop. ' +
        'auto: the cores Node may use but two (one for the event loop, one for V8, libuv and whatever shares the machine), at most 4: none on two cores, where a worker measured no faster.',
    }),
    heapLimitMib: option({
      env: 'PARSIMONY_HEAP_LIMIT_MIB',
      parse: p.autoOr(p.integer({ min: 0, max: 1_048_576 })),
      default: 'auto',
      doc:
        "V8's heap limit for extract, run and replay, in MiB, set by the parsimony bin at start. " +
        'auto: from the configured bounds (templates, hot templates, records in flight), 2.5 times the live heap they hold when full, at least 256: ' +
        "V8 otherwise lets a long run's heap grow to its own limit, far past what it keeps. With a limit, extract also runs in V8's memory-reducing mode (--optimize-for-size: ~18 % more CPU), and run and replay let the old generation grow to twice what a full collection left (--heap-growing-percent=100: V8 scales that factor down with the limit, collecting far more often). 0: V8's own limit and heap sizing. " +
        '--max-old-space-size in NODE_OPTIONS or on the node command line wins. extract --simulate (the simulator in process, holding its truth) gets no limit.',
    }),
    memoryCeilingMib: option({
      env: 'PARSIMONY_MEMORY_CEILING_MIB',
      parse: p.autoOr(p.integer({ min: 0, max: 1_048_576 })),
      default: 'auto',
      doc:
        'Resident memory, in MiB, that run and replay hold themselves under: when the process reaches it, V8 is asked for a memory-reducing collection ' +
        '(which V8 starts itself only when the process is idle, never while it works through a backlog), at most every 5 s, less often when one frees too little. ' +
        'auto: the heap limit less 32 (256 at the defaults); 0 or a heap left to V8: none.',
    }),
    maxInFlightRecords: option({
      env: 'PARSIMONY_MAX_IN_FLIGHT_RECORDS',
      parse: p.integer({ min: 1, max: 10_000_000 }),
      default: 5_000,
      doc: 'Records taken in and not yet committed; past it the consumer pauses its partitions.',
    }),
    maxInFlightBytes: option({
      env: 'PARSIMONY_MAX_IN_FLIGHT_BYTES',
      parse: p.integer({ min: 65_536, max: 256 * 1024 * 1024 }),
      default: 2 * 1024 * 1024,
      doc:
        'Input bytes (the records as Kafka holds them) fetched and not yet committed, per broker: a fetch asks for at most this much, each partition for its share ' +
        '(this over stream.partitionsConcurrently), and the next fetch from that broker goes out once the records of the last are done. ' +
        'A record batch larger than a share still comes whole.',
    }),
    partitionsConcurrently: option({
      env: 'PARSIMONY_PARTITIONS_CONCURRENTLY',
      parse: p.integer({ min: 1, max: 1_000 }),
      default: 6,
      doc: 'Partitions whose batches are taken in at once (they share micro-batch windows).',
    }),
    windowsInFlight: option({
      env: 'PARSIMONY_WINDOWS_IN_FLIGHT',
      parse: p.integer({ min: 1, max: 64 }),
      default: 3,
      doc: 'Micro-batch windows worked on at once (their model calls overlap); they are still emitted and committed in order.',
    }),
    stallTimeoutMs: option({
      env: 'PARSIMONY_STALL_TIMEOUT_MS',
      parse: p.integer({ min: 10_000, max: 86_400_000 }),
      default: 600_000,
      doc:
        'Records taken in this long ago with nothing committed since (and no call waiting for budget) make /healthz fail: the consumer is stuck, and a restart is what helps. ' +
        'Longer than the slowest window can take: model timeouts and retries included.',
    }),
    drainTimeoutMs: option({
      env: 'PARSIMONY_DRAIN_TIMEOUT_MS',
      parse: p.integer({ min: 0, max: 600_000 }),
      default: 30_000,
      doc: 'On SIGTERM, how long in-flight windows may take to finish; the rest is handed back uncommitted.',
    }),
  },
  cache: {
    enabled: option({
      env: 'PARSIMONY_CACHE_ENABLED',
      parse: p.boolean,
      default: true,
      doc: 'Answer recurring narratives from learnt templates (Elasticsearch in the service, a file in extract).',
    }),
    index: option({
      env: 'PARSIMONY_CACHE_INDEX',
      parse: p.string,
      default: 'parsimony-templates',
      doc: "Elasticsearch index of the templates (its -links companion maps record ids to templates; -routes keeps the learned router's route log).",
    }),
    fileTemplates: option({
      env: 'PARSIMONY_CACHE_FILE_TEMPLATES',
      parse: p.integer({ min: 100, max: 10_000_000 }),
      default: 20_000,
      doc: "Templates extract's file cache keeps in memory and in its file, the least recently used dropped first: its memory stays flat however long the input (Elasticsearch keeps any number).",
    }),
    embeddings: option({
      env: 'PARSIMONY_EMBEDDINGS',
      parse: p.oneOf(['local', 'openai'] as const),
      default: 'local',
      doc: 'Skeleton embeddings: local (hashed character n-grams, no download) or openai (text-embedding-3-small, needs OPENAI_API_KEY).',
    }),
    dimensions: option({
      env: 'PARSIMONY_EMBEDDING_DIMENSIONS',
      parse: p.integer({ min: 16, max: 4_096 }),
      default: 256,
      doc: 'Embedding dimensions; an index built with other dimensions is refused at start.',
    }),
    scope: option({
      env: 'PARSIMONY_CACHE_SCOPE',
      parse: p.oneOf(['source', 'document_type', 'global'] as const),
      default: 'source',
      doc: 'Which templates a record may use: its own source and template version (source), any source of its document_type, or any (global).',
    }),
    minSimilarity: option({
      env: 'PARSIMONY_CACHE_MIN_SIMILARITY',
      parse: p.decimal({ min: 0, max: 1 }),
      default: 0.7,
      doc: 'Least cosine similarity of a near (kNN) hit. The lexical gate, the slot shape and the ids decide whether a neighbour may answer; similarity only keeps far ones from being judged.',
    }),
    minScore: option({
      env: 'PARSIMONY_CACHE_MIN_SCORE',
      parse: p.decimal({ min: 0, max: 1 }),
      default: 0.5,
      doc: 'Least similarity × decay(age) of any hit; with the default a template serves for one half-life.',
    }),
    halfLifeDays: option({
      env: 'PARSIMONY_CACHE_HALF_LIFE_DAYS',
      parse: p.positiveMap,
      default: { default: 60, card_feed: 90, daily_statement: 60, wire_advice: 30, ach_batch: 60 },
      doc: 'Half-life of a template in days, by document_type ("default" for the rest), as JSON.',
    }),
    sourceHalfLifeDays: option({
      env: 'PARSIMONY_CACHE_SOURCE_HALF_LIFE_DAYS',
      parse: p.positiveMap,
      default: {},
      doc: 'Half-life overrides by source_id, as JSON; they win over document_type.',
    }),
    minConfirmations: option({
      env: 'PARSIMONY_CACHE_MIN_CONFIRMATIONS',
      parse: p.integer({ min: 0, max: 100 }),
      default: 1,
      doc: 'Independent confirmations a template needs before it serves: a second answer agreeing on its stable fields, the rules, or two tiers agreeing (0: serve at once).',
    }),
    maxErrorRate: option({
      env: 'PARSIMONY_CACHE_MAX_ERROR_RATE',
      parse: p.decimal({ min: 0, max: 1 }),
      default: 0.01,
      doc: "A template serves only while the 95 % upper bound of its own error rate (answers and feedback that contradicted it, against those that agreed, over the cache's record) stays under this.",
    }),
    k: option({
      env: 'PARSIMONY_CACHE_K',
      parse: p.integer({ min: 1, max: 100 }),
      default: 5,
      doc: 'Nearest neighbours examined per record.',
    }),
    numCandidates: option({
      env: 'PARSIMONY_CACHE_NUM_CANDIDATES',
      parse: p.integer({ min: 1, max: 10_000 }),
      default: 50,
      doc: 'Candidates the approximate kNN search examines (Elasticsearch num_candidates; with a flat vector index every template of the scope is examined).',
    }),
    vectorIndex: option({
      env: 'PARSIMONY_CACHE_VECTOR_INDEX',
      parse: p.oneOf(['auto', 'flat', 'hnsw'] as const),
      default: 'auto',
      doc: 'How the template index keeps its vectors, chosen when it is created: flat (int8, each kNN search compares the record with every template of its scope: exact, and fastest while a scope holds up to some thousands of templates) or hnsw (an int8 HNSW graph: approximate, for scopes of tens of thousands). auto: flat when cache.scope is source, hnsw otherwise. An index made flat takes a graph when hnsw is asked for later; one made with a graph keeps it.',
    }),
    refreshIntervalMs: option({
      env: 'PARSIMONY_CACHE_REFRESH_INTERVAL_MS',
      parse: p.integer({ min: 100, max: 60_000 }),
      default: 1_000,
      doc:
        'Refresh interval of the template index, set at start: how long other instances may still find a template this one evicted, or miss one it learnt. ' +
        'Longer: fewer refreshes while hits are counted on every window.',
    }),
    hotTemplates: option({
      env: 'PARSIMONY_CACHE_HOT_TEMPLATES',
      parse: p.integer({ min: 0, max: 1_000_000 }),
      default: 10_000,
      doc:
        'Exact matches (a skeleton in a scope, with its templates) the service keeps in process in front of Elasticsearch, least recently used dropped first: ' +
        'a record whose template is there and serves costs no lookup. About 1 KB each; 0 keeps none.',
    }),
    hotTemplateMaxAgeMs: option({
      env: 'PARSIMONY_CACHE_HOT_TEMPLATE_MAX_AGE_MS',
      parse: p.integer({ min: 0, max: 3_600_000 }),
      default: 60_000,
      doc:
        'How long a template kept in process answers before it is looked up again (one in use is renewed in the background from half of it): ' +
        "the longest a template another instance evicted (wrong-answer feedback, a retired template) may still answer here. This instance's own evictions and writes apply at once.",
    }),
    admitMinConfidence: option({
      env: 'PARSIMONY_CACHE_ADMIT_MIN_CONFIDENCE',
      parse: p.decimal({ min: 0, max: 1 }),
      default: 0.85,
      doc: 'Only answers validated at or above this confidence become templates.',
    }),
  },
  router: {
    policy: option({
      env: 'PARSIMONY_ROUTER_POLICY',
      parse: p.oneOf(['learned', 'cascade'] as const),
      default: 'learned',
      doc:
        "'learned': per record, the cheapest tier whose calibrated chance of a correct answer meets router.accuracyTarget (the fixed cascade until router.minExamples labelled examples exist); " +
        "'cascade': every tier, cheapest first, the next one only when an answer is doubtful.",
    }),
    accuracyTarget: option({
      env: 'PARSIMONY_ROUTER_ACCURACY_TARGET',
      parse: p.decimal({ min: 0.5, max: 0.999 }),
      default: 0.95,
      doc:
        "Share of all emitted records (every tier's, rules and cache included) to keep right, as feedback verdicts measure it: " +
        'a record starts at the cheapest tier whose route is predicted to reach it, and while the verdicts show the stream surely above it, ' +
        'the doubted answers the next tier would change least are kept instead of escalated, as far as the margin goes.',
    }),
    minExamples: option({
      env: 'PARSIMONY_ROUTER_MIN_EXAMPLES',
      parse: p.integer({ min: 10, max: 10_000_000 }),
      default: 300,
      doc: "Labelled examples of a tier (feedback, or two tiers' answers to one record) before its learnt model replaces the fixed cascade.",
    }),
    retrainEvery: option({
      env: 'PARSIMONY_ROUTER_RETRAIN_EVERY',
      parse: p.integer({ min: 10, max: 10_000_000 }),
      default: 500,
      doc: 'New labelled examples between two trainings of a candidate model.',
    }),
    explore: option({
      env: 'PARSIMONY_ROUTER_EXPLORE',
      parse: p.decimal({ min: 0, max: 0.5 }),
      default: 0.02,
      doc:
        'Share of records routed as the fixed cascade routes them, whatever the predictions (chosen by record_id, so a replay routes alike): ' +
        'without them a tier predicted to fail would never be tried again, nor a kept doubted answer checked, and the model never corrected.',
    }),
    modelName: option({
      env: 'PARSIMONY_ROUTER_MODEL_NAME',
      parse: p.string,
      default: 'default',
      doc: 'Name of the router model, its key on router.models.v1: deployments with different tiers keep different names.',
    }),
  },
  tiers: option({
    env: 'PARSIMONY_TIERS',
    parse: tierSpecs,
    default: DEFAULT_TIERS,
    doc:
      'Model tiers of the cascade, cheapest first: [{name, packSize, concurrency, minConfidence, answerFormat?, models: [{provider, model, baseUrl?, selfHosted?, reasoningEffort?, reasoningTokensPerCall?, requestsPerMinute?, tokensPerMinute?, timeoutMs?}]}]. ' +
      'reasoningEffort (OpenAI and OpenAI-compatible models): none, minimal, low, medium, high, xhigh or max, sent as reasoning_effort; unset, the model reasons at its own default. ' +
      'reasoningTokensPerCall: output tokens each call leaves for reasoning on top of the answer (default by effort: low 512, medium 2048, and so on; 0 with none or no effort). ' +
      "answerFormat: 'compact' (default: only the fields the rules did not read confidently, short keys, values by position: fewer tokens, no second opinion on the rules' readings) or 'full' (every field asked and answered by name). " +
      'Every model needs a price in src/pricing/prices.json, or the service refuses to start; only a model of an OpenAI-compatible server marked selfHosted: true runs without one (its calls cost 0). ' +
      'A model the table marks legacy runs, with a warning at start.',
  }),
  metrics: {
    host: option({
      env: 'PARSIMONY_METRICS_HOST',
      parse: p.string,
      default: '127.0.0.1',
      doc: 'Interface for /metrics, /healthz and /readyz.',
    }),
    port: option({
      env: 'PARSIMONY_METRICS_PORT',
      parse: p.integer({ min: 0, max: 65_535 }),
      default: 9464,
      doc: 'Port for /metrics, /healthz and /readyz (0 picks a free one).',
    }),
  },
  log: {
    level: option({
      env: 'PARSIMONY_LOG_LEVEL',
      parse: p.oneOf(['debug', 'info', 'warn', 'error'] as const),
      default: 'info',
      doc: 'Least severe log level written.',
    }),
  },
} satisfies OptionTree;

/** Text that may begin a Kafka topic name. */
function topicPrefix(raw: unknown): string {
  const value = p.string(raw);
  // The longest catalogue name must still fit Kafka's 249 characters.
  if (!/^[A-Za-z0-9._-]{0,200}$/.test(value)) {
    throw new p.ValueError(`expected up to 200 letters, digits, '.', '_' or '-', got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A name that may stand in a Kafka transactional id and in logs as it is. */
function instanceId(raw: unknown): string {
  const value = p.string(raw);
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(value)) {
    throw new p.ValueError(`expected 1 to 128 letters, digits, '.', '_' or '-', got ${JSON.stringify(raw)}`);
  }
  return value;
}
