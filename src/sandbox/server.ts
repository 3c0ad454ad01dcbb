/**
 * The IXOPAY-compatible sandbox: a node:http server speaking the Customer Profiles API (plus
 * register/deregister of the Transaction API) with the platform's authentication and signature
 * checks, demo data, fault injection and a latency knob. It is the gateway's default upstream in
 * demo mode and a local stand-in for the platform (like stripe-mock).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleApiCall, type ApiEnvironment } from './api-handler';
import { Authenticator } from './auth-check';
import { handleControl, MAX_LATENCY_MS, type ControlEnvironment } from './control';
import { createFaultInjector, type FaultController } from './faults';
import type { OperationContext } from './operations/context';
import { loadDataFile, Persister } from './persistence';
import { matchRoute } from './router';
import { addBenchProfiles, seedStore } from './seed';
import { StatsCounter, type SandboxStats } from './stats';
import { assertSnapshot, SandboxStore } from './store';
import { apiError, ErrorCode, sendReply } from './wire';

export { DEMO_PROFILES } from './seed';
export type { SandboxStats } from './stats';
export type { ActiveFault, FaultController, FaultMode, FaultSpec } from './faults';

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
  /** Optional JSON persistence, written atomically (temp file + rename). */
  dataFile?: string;
  /** Seed the demo profiles into a fresh store (default true). */
  seed?: boolean;
  /** Also generate profiles `bench-0001`… (one card each) for load tests (default 0). */
  extraProfiles?: number;
  /** 0/undefined = Date freshness is not checked (no skew is documented). */
  maxClockSkewSeconds?: number;
  /** One line per request; never contains secrets or bodies. */
  log?: (line: string) => void;
}

export interface RunningSandbox {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234. */
  url: string;
  port: number;
  /** Programmatic fault injection (same as the control endpoint). */
  faults: FaultController;
  /** Calls that passed authentication and reached an operation, per operation. */
  stats(): SandboxStats;
  resetStats(): void;
  /** Store back to the seed, faults cleared, stats reset. */
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
  const host = options.host ?? '127.0.0.1';
  const log = options.log;
  const store = new SandboxStore();
  const persister = options.dataFile
    ? new Persister(options.dataFile, () => store.snapshot(), (error) => log?.(`sandbox: writing the data file failed: ${describe(error)}`))
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

  let latencyMs = options.latencyMs ?? 0;
  const faults = createFaultInjector();
  const stats = new StatsCounter();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const ctx: OperationContext = {
    store,
    persist: () => persister?.save() ?? Promise.resolve(),
    now: () => new Date(),
  };
  const reset = async (): Promise<void> => {
    store.clear();
    fillStore();
    faults.clear();
    stats.reset();
    await ctx.persist();
  };
  const setLatency = (ms: number): void => {
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) throw new RangeError(`latency must be an integer between 0 and ${MAX_LATENCY_MS} ms`);
    latencyMs = ms;
  };
  const apiEnv: ApiEnvironment = {
    auth: new Authenticator({ ...options.credentials, maxClockSkewSeconds: options.maxClockSkewSeconds ?? 0 }),
    faults,
    stats,
    ctx,
    latencyMs: () => latencyMs,
    delay: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
  };
  const controlEnv: ControlEnvironment = { store, faults, stats, latencyMs: () => latencyMs, setLatency, reset };

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
        return handleControl(controlEnv, route.action, req.method ?? 'GET', req, res);
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

  const port = await listen(server, options.port ?? 0, host);
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    faults: { add: (spec) => faults.add(spec), clear: () => faults.clear(), list: () => faults.list() },
    stats: () => stats.read(),
    resetStats: () => stats.reset(),
    reset,
    setLatency,
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

function validateOptions(options: SandboxOptions): void {
  const c = options.credentials as Partial<SandboxCredentials> | undefined;
  for (const key of ['username', 'password', 'apiKey', 'sharedSecret'] as const) {
    if (typeof c?.[key] !== 'string' || c[key] === '') throw new TypeError(`startSandbox: credentials.${key} must be a non-empty string`);
  }
  const intIn = (name: string, value: number | undefined, min: number, max: number): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new TypeError(`startSandbox: ${name} must be an integer between ${min} and ${max}`);
    }
  };
  intIn('port', options.port, 0, 65_535);
  intIn('latencyMs', options.latencyMs, 0, MAX_LATENCY_MS);
  intIn('maxClockSkewSeconds', options.maxClockSkewSeconds, 0, 365 * 86_400);
  intIn('extraProfiles', options.extraProfiles, 0, 1_000_000);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
