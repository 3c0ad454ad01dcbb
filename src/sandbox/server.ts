/**
 * The IXOPAY-compatible sandbox: a node:http server speaking the Customer Profiles API (plus
 * register/deregister of the Transaction API) with the platform's authentication and signature
 * checks, demo data, named test tokens with synchronous and asynchronous (redirect / pending)
 * flows, fault injection, a rate limit and a latency knob. It is the gateway's default upstream
 * in demo mode and a local stand-in for the platform (like stripe-mock).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleApiCall, type ApiEnvironment } from './api-handler';
import { Authenticator } from './auth-check';
import { handleControl, type ControlEnvironment } from './control';
import { createFaultInjector, type FaultController } from './faults';
import type { OperationContext } from './operations/context';
import { OPTION_DEFAULTS, validateOptions } from './options';
import { createTransactionController, type TransactionController } from './pending-transactions';
import { loadDataFile, Persister } from './persistence';
import { RateLimiter } from './rate-limit';
import { matchRoute } from './router';
import { addBenchProfiles, seedStore } from './seed';
import { parseSettingsPatch, type MissingProfileWriteForm, type SandboxSettings } from './settings';
import { StatsCounter, type SandboxStats } from './stats';
import { assertSnapshot, SandboxStore } from './store';
import { apiError, ErrorCode, sendReply } from './wire';
import { WriteJournal, type WriteLog, type WriteQuery } from './write-journal';

export { DEMO_PROFILES, demoProfiles, type DemoProfile } from './seed';
export type { SandboxStats } from './stats';
export type { ActiveFault, FaultController, FaultMode, FaultSpec } from './faults';
export { SettingsError, type MissingProfileWriteForm, type SandboxSettings } from './settings';
export type { AppliedWrite, WriteLog, WriteQuery } from './write-journal';
export { TransactionControlError, type TransactionController, type TransactionOutcome, type TransactionView } from './pending-transactions';

export interface SandboxCredentials {
  username: string;
  password: string;
  apiKey: string;
  sharedSecret: string;
}

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  credentials: SandboxCredentials;
  /** Fixed added latency per API call, in ms (default 0). */
  latencyMs?: number;
  /** How update/delete answer for a missing profile: '200' (default) or '404' (see settings.ts). */
  missingProfileWrite?: MissingProfileWriteForm;
  /** Authenticated API calls admitted per one-second window; beyond it 429 + Retry-After (default 0 = off). */
  rateLimitPerSecond?: number;
  /** Optional JSON persistence, written atomically (temp file + rename). */
  dataFile?: string;
  /** Seed the demo profiles into a fresh store (default true). */
  seed?: boolean;
  /** Also generate profiles `bench-0001`… (one card each) for load tests (default 0). */
  extraProfiles?: number;
  /** 0/undefined = Date freshness is not checked (no skew is documented). */
  maxClockSkewSeconds?: number;
  /** The sandbox's clock (timestamps, Date skew, rate-limit windows); default the system clock. */
  clock?: () => Date;
  /** One line per request; never contains secrets or bodies. */
  log?: (line: string) => void;
}

export interface RunningSandbox {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234. */
  url: string;
  port: number;
  /** Programmatic fault injection (same as the control endpoint). */
  faults: FaultController;
  /** Asynchronous (REDIRECT / PENDING) registers: list, complete, fail (same as the control endpoints). */
  transactions: TransactionController;
  /** Accepted calls per operation and per second, rate-limited answers, injected faults, applied and duplicate writes. */
  stats(): SandboxStats;
  /** Zeroes the stats and forgets the applied-writes journal. */
  resetStats(): void;
  /** Applied writes matching every key given, oldest first (bounded log). */
  writes(query?: WriteQuery): WriteLog;
  /** The runtime knobs (same as GET /__sandbox/settings). */
  settings(): SandboxSettings;
  /** Changes some knobs; throws SettingsError for a bad value (same as PUT /__sandbox/settings). */
  updateSettings(patch: Partial<SandboxSettings>): SandboxSettings;
  /** Store back to the seed, faults cleared, stats and journal reset; settings are kept. */
  reset(): Promise<void>;
  setLatency(ms: number): void;
  /** Closes the server and every open socket (hung ones too) and flushes the data file. */
  close(): Promise<void>;
}

/** Credentials of the demo connector; they match the official client's signature vectors. */
export const DEMO_CREDENTIALS: SandboxCredentials = Object.freeze({
  username: 'anyApiUser',
  password: 'myPassword',
  apiKey: 'demo-api-key',
  sharedSecret: 'demo-shared-secret',
});

/** Starts a sandbox and resolves once it listens. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  validateOptions(options);
  const host = options.host ?? OPTION_DEFAULTS.host;
  const log = options.log;
  const clock = options.clock ?? (() => new Date());
  const store = new SandboxStore();
  const persister = options.dataFile
    ? new Persister(
        options.dataFile,
        () => store.snapshot(),
        (error) => log?.(`sandbox: writing the data file failed: ${describe(error)}`),
      )
    : undefined;

  const fillStore = (): boolean => {
    let changed = false;
    if (options.seed !== false) {
      seedStore(store);
      changed = true;
    }
    if (options.extraProfiles) changed = addBenchProfiles(store, options.extraProfiles) > 0 || changed;
    return changed;
  };

  // A loaded data file is the store, even when it holds no profiles (deleting is data too);
  // seeding is for a fresh store only. Bench profiles are topped up either way.
  const saved = options.dataFile ? await loadDataFile(options.dataFile) : undefined;
  let dirty: boolean;
  if (saved !== undefined) {
    assertSnapshot(saved);
    store.restore(saved);
    dirty = options.extraProfiles ? addBenchProfiles(store, options.extraProfiles) > 0 : false;
  } else {
    dirty = fillStore();
  }
  if (dirty && persister) await persister.save();

  let settings: SandboxSettings = {
    latencyMs: options.latencyMs ?? OPTION_DEFAULTS.latencyMs,
    missingProfileWrite: options.missingProfileWrite ?? OPTION_DEFAULTS.missingProfileWrite,
    rateLimitPerSecond: options.rateLimitPerSecond ?? OPTION_DEFAULTS.rateLimitPerSecond,
  };
  const faults = createFaultInjector();
  const stats = new StatsCounter();
  const journal = new WriteJournal();
  const limiter = new RateLimiter();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const ctx: OperationContext = {
    store,
    persist: () => persister?.save() ?? Promise.resolve(),
    now: clock,
    settings: () => settings,
  };
  const transactions = createTransactionController(ctx);
  const updateSettings = (patch: Partial<SandboxSettings>): SandboxSettings => {
    settings = { ...settings, ...parseSettingsPatch(patch) };
    return { ...settings };
  };
  const readStats = (): SandboxStats => ({ ...stats.read(), ...journal.counters() });
  const resetStats = (): void => {
    stats.reset();
    journal.reset();
  };
  const reset = async (): Promise<void> => {
    store.clear();
    fillStore();
    faults.clear();
    resetStats();
    limiter.reset();
    await ctx.persist();
  };
  let listenUrl = '';
  const apiEnv: ApiEnvironment = {
    auth: new Authenticator({ ...options.credentials, maxClockSkewSeconds: options.maxClockSkewSeconds ?? OPTION_DEFAULTS.maxClockSkewSeconds }),
    faults,
    stats,
    journal,
    limiter,
    ctx,
    listenUrl: () => listenUrl,
    delay: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
  };
  const controlEnv: ControlEnvironment = {
    store,
    faults,
    transactions,
    stats: readStats,
    resetStats,
    settings: () => ({ ...settings }),
    updateSettings,
    writes: (query) => journal.find(query),
    reset,
  };

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const route = matchRoute(req.method ?? 'GET', req.url ?? '/');
    const label = route.kind === 'api' ? route.operation : route.kind === 'control' ? `/__sandbox/${route.action}` : '(no route)';
    if (log) {
      res.once('close', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log(`${req.method} ${label} ${res.writableFinished ? res.statusCode : 'aborted'} ${ms.toFixed(1)}ms`);
      });
    }
    dispatch(route, req, res).catch(() => {
      // Never a stack trace on the wire: the platform's generic system error instead.
      if (!res.headersSent && !res.destroyed) sendReply(res, apiError(500, ErrorCode.UNEXPECTED_SYSTEM_ERROR, 'Unexpected system error'));
      else res.destroy();
    });
  });

  async function dispatch(route: ReturnType<typeof matchRoute>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (route.kind) {
      case 'api':
        return handleApiCall(apiEnv, route.operation, route.apiKey, req, res);
      case 'control':
        return handleControl(controlEnv, route, req, res);
      case 'method-not-allowed':
        return sendReply(res, apiError(405, ErrorCode.REQUEST_FAILED, `Method not allowed: use ${route.allow}`, { Allow: route.allow }));
      case 'not-found':
        return sendReply(res, apiError(404, ErrorCode.REQUEST_FAILED, 'Not found: no such API route'));
    }
  }

  // Clients keep connections for up to 60 s by default; outlive that so we never race them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const port = await listen(server, options.port ?? OPTION_DEFAULTS.port, host);
  listenUrl = `http://${urlHost(host)}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url: listenUrl,
    port,
    faults: { add: (spec) => faults.add(spec), clear: () => faults.clear(), list: () => faults.list() },
    transactions,
    stats: readStats,
    resetStats,
    writes: (query) => journal.find(query),
    settings: () => ({ ...settings }),
    updateSettings,
    reset,
    setLatency: (ms) => {
      try {
        updateSettings({ latencyMs: ms });
      } catch (error) {
        throw new RangeError(describe(error));
      }
    },
    close() {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await closed;
        await persister?.flush();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new Error(`sandbox cannot listen on ${host}:${port}: ${error.message}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** The host part of the base URL: wildcard binds are reached via loopback; IPv6 in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
