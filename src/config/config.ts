/**
 * Environment -> one validated, typed Config, built once at start-up. Nothing else in the
 * gateway reads `process.env`: main.ts calls `loadConfig(process.env)` and passes the result on.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BodyHashAlgorithm } from '../ixopay/signature';

/** The gateway's whole configuration. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  server: {
    host: string;
    port: number;
    /** Introspection and the Apollo Sandbox landing page. */
    introspection: boolean;
    /** Bounded wait for in-flight operations on SIGTERM/SIGINT. */
    shutdownTimeoutMs: number;
    metricsEnabled: boolean;
    /** Repeated queries run as graphql-jit compiled plans (GRAPHQL_COMPILED_EXECUTION). */
    compiledExecution: boolean;
    /** Admitted compiled queries are answered before Apollo's pipeline (GRAPHQL_FAST_PATH; needs compiledExecution). */
    fastPath: boolean;
  };
  /** `demo`: no IXOPAY_BASE_URL, so main.ts starts the embedded sandbox and points the client at it. */
  upstream: { mode: 'demo'; sandbox: { latencyMs: number; dataFile?: string } } | { mode: 'remote'; baseUrl: string };
  ixopay: {
    username: string;
    password: string;
    apiKey: string;
    sharedSecret: string;
    bodyHash: BodyHashAlgorithm;
    timeoutMs: number;
    connections: number;
    maxInFlight: number;
    maxQueue: number;
    retryMaxAttempts: number;
    retryBudgetMs: number;
    circuitFailureThreshold: number;
    circuitResetMs: number;
  };
  loader: {
    /** Upstream calls in flight per GraphQL operation. */
    concurrency: number;
    maxRefs: number;
    maxRepresentations: number;
  };
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
  };
  auth:
    | { mode: 'none' }
    | {
        mode: 'jwt';
        /** HS256 secret (AUTH_JWT_SECRET), or one generated for demo mode. */
        hmacSecret?: string;
        jwksUrl?: string;
        issuer?: string;
        audience?: string;
        customerClaim: string;
        customerMayDelete: boolean;
        clockToleranceSeconds: number;
        /** Demo mode without auth settings: a generated secret; main.ts prints a short-lived dev token. */
        devTokens: boolean;
      };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
}

/** Start-up stops with this; the message names every wrong or missing variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Credentials of the embedded sandbox; they match the signature vectors of the official client. */
export const DEMO_IXOPAY_CREDENTIALS = {
  username: 'anyApiUser',
  password: 'myPassword',
  apiKey: 'demo-api-key',
  sharedSecret: 'demo-shared-secret',
} as const;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalString = z.string().trim().min(1).optional();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  INTROSPECTION: bool.optional(),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  METRICS_ENABLED: bool.default(true),
  GRAPHQL_COMPILED_EXECUTION: bool.default(true),
  GRAPHQL_FAST_PATH: bool.default(true),

  IXOPAY_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  IXOPAY_USERNAME: optionalString,
  IXOPAY_PASSWORD: optionalString,
  IXOPAY_API_KEY: z.string().trim().min(1).max(50).optional(),
  IXOPAY_SHARED_SECRET: optionalString,
  IXOPAY_SIGNATURE_BODY_HASH: z.enum(['sha512', 'md5']).default('sha512'),
  IXOPAY_TIMEOUT_MS: int(1, 120_000).default(10_000),
  IXOPAY_CONNECTIONS: int(1, 1024).default(32),
  IXOPAY_MAX_IN_FLIGHT: int(1, 10_000).default(64),
  IXOPAY_MAX_QUEUE: int(0, 100_000).default(1000),
  IXOPAY_RETRY_MAX_ATTEMPTS: int(1, 10).default(3),
  IXOPAY_RETRY_BUDGET_MS: int(0, 120_000).default(2000),
  IXOPAY_CIRCUIT_FAILURE_THRESHOLD: int(1, 1000).default(5),
  IXOPAY_CIRCUIT_RESET_MS: int(100, 600_000).default(5000),

  SANDBOX_LATENCY_MS: int(0, 60_000).default(0),
  SANDBOX_DATA_FILE: optionalString,

  LOADER_CONCURRENCY: int(1, 256).default(8),
  MAX_PROFILE_REFS: int(1, 10_000).default(100),
  MAX_ENTITY_REPRESENTATIONS: int(1, 10_000).default(100),

  LIMIT_MAX_DEPTH: int(1, 100).default(12),
  LIMIT_MAX_ALIASES: int(0, 1000).default(30),
  LIMIT_MAX_TOKENS: int(10, 1_000_000).default(5000),
  LIMIT_MAX_DIRECTIVES: int(0, 1000).default(50),
  LIMIT_MAX_COST: int(1, 1_000_000).default(1000),

  AUTH_MODE: z.enum(['jwt', 'none']).default('jwt'),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  AUTH_CUSTOMER_CLAIM: z.string().min(1).default('sub'),
  AUTH_CUSTOMER_MAY_DELETE: bool.default(false),
  AUTH_CLOCK_TOLERANCE_SECONDS: int(0, 600).default(30),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Empty strings mean "unset": shells and compose files often export VAR= .
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';

  let upstream: Config['upstream'];
  let credentials: { username: string; password: string; apiKey: string; sharedSecret: string };
  if (e.IXOPAY_BASE_URL) {
    upstream = { mode: 'remote', baseUrl: e.IXOPAY_BASE_URL };
    for (const name of ['IXOPAY_USERNAME', 'IXOPAY_PASSWORD', 'IXOPAY_API_KEY', 'IXOPAY_SHARED_SECRET'] as const) {
      if (!e[name]) problems.push(`${name}: required when IXOPAY_BASE_URL is set`);
    }
    credentials = {
      username: e.IXOPAY_USERNAME ?? '',
      password: e.IXOPAY_PASSWORD ?? '',
      apiKey: e.IXOPAY_API_KEY ?? '',
      sharedSecret: e.IXOPAY_SHARED_SECRET ?? '',
    };
  } else {
    if (production) problems.push('IXOPAY_BASE_URL: required when NODE_ENV=production (demo mode is for local use)');
    upstream = { mode: 'demo', sandbox: { latencyMs: e.SANDBOX_LATENCY_MS, dataFile: e.SANDBOX_DATA_FILE } };
    credentials = {
      username: e.IXOPAY_USERNAME ?? DEMO_IXOPAY_CREDENTIALS.username,
      password: e.IXOPAY_PASSWORD ?? DEMO_IXOPAY_CREDENTIALS.password,
      apiKey: e.IXOPAY_API_KEY ?? DEMO_IXOPAY_CREDENTIALS.apiKey,
      sharedSecret: e.IXOPAY_SHARED_SECRET ?? DEMO_IXOPAY_CREDENTIALS.sharedSecret,
    };
  }

  let auth: Config['auth'];
  if (e.AUTH_MODE === 'none') {
    if (production) problems.push('AUTH_MODE: "none" is refused when NODE_ENV=production');
    auth = { mode: 'none' };
  } else {
    if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) problems.push('AUTH_JWT_SECRET, AUTH_JWKS_URL: set one, not both');
    const devTokens = upstream.mode === 'demo' && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL;
    if (!devTokens && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
      problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required (or AUTH_MODE=none for a local demo)');
    }
    auth = {
      mode: 'jwt',
      hmacSecret: devTokens ? randomBytes(32).toString('base64url') : e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      customerClaim: e.AUTH_CUSTOMER_CLAIM,
      customerMayDelete: e.AUTH_CUSTOMER_MAY_DELETE,
      clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
      devTokens,
    };
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv: e.NODE_ENV,
    server: {
      host: e.HOST,
      port: e.PORT,
      introspection: e.INTROSPECTION ?? !production,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      metricsEnabled: e.METRICS_ENABLED,
      compiledExecution: e.GRAPHQL_COMPILED_EXECUTION,
      fastPath: e.GRAPHQL_COMPILED_EXECUTION && e.GRAPHQL_FAST_PATH,
    },
    upstream,
    ixopay: {
      ...credentials,
      bodyHash: e.IXOPAY_SIGNATURE_BODY_HASH,
      timeoutMs: e.IXOPAY_TIMEOUT_MS,
      connections: e.IXOPAY_CONNECTIONS,
      maxInFlight: e.IXOPAY_MAX_IN_FLIGHT,
      maxQueue: e.IXOPAY_MAX_QUEUE,
      retryMaxAttempts: e.IXOPAY_RETRY_MAX_ATTEMPTS,
      retryBudgetMs: e.IXOPAY_RETRY_BUDGET_MS,
      circuitFailureThreshold: e.IXOPAY_CIRCUIT_FAILURE_THRESHOLD,
      circuitResetMs: e.IXOPAY_CIRCUIT_RESET_MS,
    },
    loader: {
      concurrency: e.LOADER_CONCURRENCY,
      maxRefs: e.MAX_PROFILE_REFS,
      maxRepresentations: e.MAX_ENTITY_REPRESENTATIONS,
    },
    limits: {
      maxDepth: e.LIMIT_MAX_DEPTH,
      maxAliases: e.LIMIT_MAX_ALIASES,
      maxTokens: e.LIMIT_MAX_TOKENS,
      maxDirectives: e.LIMIT_MAX_DIRECTIVES,
      maxCost: e.LIMIT_MAX_COST,
    },
    auth,
    log: { level: e.LOG_LEVEL },
  };
}
