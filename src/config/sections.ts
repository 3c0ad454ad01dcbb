/**
 * Settings of the gateway's own sections, declared once (see ./declare.ts). They live here until
 * each moves next to the code it configures, the way the IXOPAY client's did
 * (src/ixopay/settings.ts): the declaration, not config.ts, is the one place for a default.
 */
import { boolean, choice, integer, text, url } from './declare';

export const NODE_ENV_SETTING = choice({
  env: 'NODE_ENV',
  values: ['development', 'production', 'test'],
  description:
    'Default production, except demo mode (no IXOPAY_BASE_URL), which is development. development adds stack traces and upstream messages to errors.',
});

export const SERVER_SETTINGS = {
  host: text({ env: 'HOST', default: '127.0.0.1', description: 'Listen address (0.0.0.0 in a container).' }),
  port: integer({ env: 'PORT', min: 0, max: 65_535, default: 4000, description: 'Listen port.' }),
  introspection: boolean({
    env: 'INTROSPECTION',
    description: 'Introspection and the Apollo Sandbox landing page at GET /graphql (default: on unless production).',
  }),
  shutdownTimeoutMs: integer({
    env: 'SHUTDOWN_TIMEOUT_MS',
    min: 0,
    max: 600_000,
    default: 10_000,
    description: 'On SIGTERM/SIGINT, how long in-flight operations may take to finish.',
  }),
  metricsEnabled: boolean({ env: 'METRICS_ENABLED', default: true, description: 'Serve GET /metrics.' }),
  compiledExecution: boolean({
    env: 'GRAPHQL_COMPILED_EXECUTION',
    default: true,
    description:
      'An operation seen twice (a query, or a mutation with one root field) runs as a graphql-jit compiled plan; false is the kill switch.',
  }),
  fastPath: boolean({
    env: 'GRAPHQL_FAST_PATH',
    default: true,
    description: "Compiled operations are answered before Apollo's pipeline; off without compiled execution.",
  }),
  operationCacheBytes: integer({
    env: 'GRAPHQL_CACHE_MAX_BYTES',
    min: 1_048_576,
    max: 1_073_741_824,
    default: 16_777_216,
    description:
      'Estimated heap bytes each of the two request-derived caches may hold: parsed documents, and compiled operations (query text included).',
  }),
  requestTimeoutMs: integer({
    env: 'SERVER_REQUEST_TIMEOUT_MS',
    min: 1000,
    max: 600_000,
    default: 30_000,
    description: "A request (headers and body) must arrive within this; slow clients are cut off (Node's default is 300 s).",
  }),
  maxConnections: integer({
    env: 'SERVER_MAX_CONNECTIONS',
    min: 1,
    max: 1_000_000,
    default: 1024,
    description: 'Concurrent client connections; further ones are refused.',
  }),
  metricsToken: text({
    env: 'METRICS_TOKEN',
    minLength: 16,
    secret: true,
    description: 'When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`.',
  }),
  trustedDocuments: text({
    env: 'TRUSTED_DOCUMENTS',
    description: 'Path of an Apollo persisted-query manifest: the operations a frontend was built with (see TRUSTED_DOCUMENTS_ENFORCE).',
  }),
  trustedDocumentsEnforce: choice({
    env: 'TRUSTED_DOCUMENTS_ENFORCE',
    values: ['shoppers', 'all', 'off'],
    default: 'shoppers',
    description: 'With a manifest: who may run only its operations. shoppers (default): shopper tokens; all: every caller; off: nobody.',
  }),
  routerSecret: text({
    env: 'ROUTER_SECRET',
    minLength: 32,
    secret: true,
    description:
      'Shared secret a federation router sends as `x-router-secret`: it may then read `_service` and ask for ftv1 traces without a bearer token. Without it, those need a valid token.',
  }),
} as const;

export const LOADER_SETTINGS = {
  concurrency: integer({ env: 'LOADER_CONCURRENCY', min: 1, max: 256, default: 8, description: 'Upstream calls in flight per GraphQL operation.' }),
  maxRefs: integer({ env: 'MAX_PROFILE_REFS', min: 1, max: 10_000, default: 100, description: 'Refs per customerProfiles.' }),
  maxRepresentations: integer({
    env: 'MAX_ENTITY_REPRESENTATIONS',
    min: 1,
    max: 10_000,
    default: 100,
    description: 'Representations per _entities.',
  }),
} as const;

export const LIMIT_SETTINGS = {
  maxDepth: integer({ env: 'LIMIT_MAX_DEPTH', min: 1, max: 100, default: 12, description: 'Selection depth (introspection not counted).' }),
  maxAliases: integer({ env: 'LIMIT_MAX_ALIASES', min: 0, max: 1000, default: 30, description: 'Aliases per operation.' }),
  maxTokens: integer({ env: 'LIMIT_MAX_TOKENS', min: 10, max: 1_000_000, default: 5000, description: 'Lexical tokens per document.' }),
  maxDirectives: integer({ env: 'LIMIT_MAX_DIRECTIVES', min: 0, max: 1000, default: 50, description: 'Directives per operation.' }),
  maxCost: integer({ env: 'LIMIT_MAX_COST', min: 1, max: 1_000_000, default: 1000, description: 'Upstream cost per operation.' }),
  maxQueryBytes: integer({
    env: 'LIMIT_MAX_QUERY_BYTES',
    min: 1024,
    max: 1_048_576,
    default: 65_536,
    description: 'Query text size (UTF-8 bytes); larger documents are refused before parsing.',
  }),
  shopperOperationsPerMinute: integer({
    env: 'LIMIT_SHOPPER_OPERATIONS_PER_MINUTE',
    min: 1,
    max: 1_000_000,
    default: 120,
    description: 'Operations one shopper (by its customer id) may run per minute; beyond it RATE_LIMITED with retryAfterSeconds.',
  }),
  shopperMaxUpstreamCalls: integer({
    env: 'LIMIT_SHOPPER_MAX_UPSTREAM_CALLS',
    min: 1,
    max: 1000,
    default: 5,
    description: 'Upstream calls one operation of a shopper token may cause (a shopper owns one profile).',
  }),
} as const;

export const LOG_SETTINGS = {
  level: choice({
    env: 'LOG_LEVEL',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    description: 'Log level, or silent.',
  }),
} as const;

/** Demo mode only: the embedded sandbox (startSandbox checks the values again). */
export const DEMO_SANDBOX_SETTINGS = {
  latencyMs: integer({ env: 'SANDBOX_LATENCY_MS', min: 0, max: 60_000, default: 0, description: 'Latency the embedded sandbox adds.' }),
  dataFile: text({ env: 'SANDBOX_DATA_FILE', description: "Persist the embedded sandbox's store to this JSON file." }),
} as const;

/**
 * Running as several replicas (src/fleet): one IXOPAY quota, one 429 back-off and one APQ cache for
 * all of them, kept in Redis. Without REDIS_URL everything stays in this process, as for a single
 * replica; IXOPAY_RATE_LIMIT_PER_SECOND then limits this process alone.
 */
export const FLEET_SETTINGS = {
  redisUrl: url({
    env: 'REDIS_URL',
    // It may carry a password: never echoed, not even with the user-info masked.
    secret: true,
    check: redisUrlProblem,
    description:
      'redis:// or rediss:// URL of the Redis the replicas share (quota, 429 cool-down, APQ cache); unset: all of it in memory, per process.',
  }),
  redisKeyPrefix: text({
    env: 'REDIS_KEY_PREFIX',
    default: 'ixopay-profiles-gateway:',
    maxLength: 64,
    check: (value) => (/^[A-Za-z0-9:._-]+$/.test(value) ? undefined : 'must contain only letters, digits and : . _ -'),
    description: 'Prefix of every Redis key and channel of this gateway (several deployments may share one Redis).',
  }),
  redisTimeoutMs: integer({
    env: 'REDIS_TIMEOUT_MS',
    min: 10,
    max: 10_000,
    default: 250,
    description: 'How long one Redis command (and the connection at start-up) may take before the replica goes on with its own, local state.',
  }),
  rateLimitPerSecond: integer({
    env: 'IXOPAY_RATE_LIMIT_PER_SECOND',
    min: 1,
    max: 1_000_000,
    description:
      'Upstream attempts per wall-clock second for the IXOPAY API user, shared by every replica through Redis (per process without REDIS_URL). Unset: no quota.',
  }),
  fallbackRateLimitPerSecond: integer({
    env: 'IXOPAY_RATE_LIMIT_FALLBACK_PER_SECOND',
    min: 1,
    max: 1_000_000,
    description:
      "Each replica's own quota while Redis is unreachable (default: IXOPAY_RATE_LIMIT_PER_SECOND; set it to that divided by the replica count).",
  }),
  apqTtlSeconds: integer({
    env: 'APQ_TTL_SECONDS',
    min: 60,
    max: 2_592_000,
    default: 86_400,
    description: 'With REDIS_URL: how long an automatic persisted query stays registered in Redis.',
  }),
} as const;

/** Rules that span fleet settings; `[variable, problem]` pairs. */
export function fleetProblems(fleet: { rateLimitPerSecond?: number; fallbackRateLimitPerSecond?: number }): Array<[string, string]> {
  if (fleet.fallbackRateLimitPerSecond !== undefined && fleet.rateLimitPerSecond === undefined) {
    return [[FLEET_SETTINGS.fallbackRateLimitPerSecond.env, `needs ${FLEET_SETTINGS.rateLimitPerSecond.env} (the quota it stands in for)`]];
  }
  return [];
}

/** REDIS_URL: redis: or rediss: with a host. Never quotes the value (it may hold a password). */
function redisUrlProblem(value: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'must be a URL such as redis://host:6379 or rediss://:password@host:6380/0';
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return 'must start with redis:// or rediss:// (TLS)';
  if (parsed.hostname === '') return 'must name a host';
  return undefined;
}

/**
 * Variables that were read once and no longer are, with what replaced them. Setting one is not an
 * error (old manifests keep starting) but is reported at start-up.
 */
export const RETIRED_VARIABLES: Readonly<Record<string, string>> = {
  IXOPAY_RETRY_BUDGET_MS: 'retries now happen within IXOPAY_TIMEOUT_MS, each attempt but the last bounded by IXOPAY_ATTEMPT_TIMEOUT_MS',
};
