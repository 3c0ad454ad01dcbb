/**
 * `npm run bench`: starts the sandbox, the gateway and the baseline server as separate processes
 * on 127.0.0.1, drives each scenario against gateway and baseline with autocannon from this process,
 * and reports throughput, latency, upstream calls, CPU and memory per operation, with the targets
 * of the performance issue evaluated. Writes bench-results/latest.json (+ latest.md) and prints
 * the markdown table to stdout; progress goes to stderr.
 *
 *   npm run bench                       # default: 5 s per measurement, scenarios 1-4, 0 and 20 ms
 *   npm run bench -- --quick            # 1 s each (smoke run)
 *   npm run bench -- --scenarios 1,2 --duration 10
 *   npm run bench -- --soak 300         # + 5-minute RSS soak (scenarios 1+2 mixed)
 *   npm run bench -- --cpu-prof /tmp/prof   # gateway (and baseline, in /tmp/prof/baseline) under node --cpu-prof
 *   npm run bench -- --gateway-flags="--max-semi-space-size=4"   # node flags for the gateway (note the =)
 *   npm run bench -- --baseline-flags="--max-semi-space-size=4"  # and for the baseline (experiments only)
 */
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IxopayClient } from '../../src/ixopay/client';
import { clockTicksPerSecond, mean, percentile, readCpuMs, readMemory, RssSampler } from './measure';
import { freePort, installCleanupHandlers, isInterrupted, sleep, startService, stopAll, type Service } from './processes';
import {
  evaluateTargets,
  fmt,
  renderMarkdown,
  writeJson,
  type BenchResults,
  type CallProbe,
  type LatencyStats,
  type Measurement,
  type SoakResult,
  type Target,
} from './report';
import {
  ALL_SCENARIOS,
  buildScenarios,
  DISTINCT_PROFILES,
  INSTRUMENT_PROFILES,
  type BenchProfile,
  type BenchRequest,
  type ConnectionState,
  type Scenario,
  type ScenarioId,
} from './scenarios';

const ROOT = resolve(__dirname, '../../..');
const DEMO = { username: 'anyApiUser', password: 'myPassword', apiKey: 'demo-api-key', sharedSecret: 'demo-shared-secret' } as const;
const LOADER_CONCURRENCY = 8;
/** Makes a child exit when this runner is gone (see orphan-preload.ts). */
const ORPHAN_PRELOAD = join(__dirname, 'orphan-preload.js');
const EXTRA_PROFILES = 60;
const PROBE_OPERATIONS = 3;

interface Options {
  durationS: number;
  /** Gateway and baseline measured alternately this many times; the report takes medians. */
  rounds: number;
  warmupS: number;
  scenarios: ScenarioId[];
  latencies: number[];
  /** Concurrency levels per scenario. */
  connections: Record<ScenarioId, number[]>;
  soakS: number;
  out: string;
  cpuProfDir?: string;
  /** Extra node flags for the gateway process (experiments, e.g. "--max-semi-space-size=4"). */
  gatewayFlags: string[];
  /** Node flags for the baseline process (default none: V8's defaults); for experiments only. */
  baselineFlags: string[];
  /** Extra environment for the gateway only (experiments, e.g. GRAPHQL_COMPILED_EXECUTION=false). */
  gatewayEnv: Record<string, string>;
}

/**
 * The gateway runs with the production heap settings, read from package.json `config.nodeFlags`
 * (what `npm start` passes too), so the benchmark measures the documented launch command.
 */
const PRODUCTION_NODE_FLAGS: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).config.nodeFlags;

function usage(): string {
  return `Usage: npm run bench -- [--duration S] [--rounds N] [--quick] [--scenarios 1,2,3,4,5,6|none] [--latencies 0,20] [--connections 1,32] [--soak S] [--out FILE] [--cpu-prof DIR] [--gateway-flags="NODE FLAGS"] [--baseline-flags="NODE FLAGS"] [--gateway-env K=V,K2=V2]`;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      scenarios: { type: 'string' },
      latencies: { type: 'string' },
      connections: { type: 'string' },
      soak: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'gateway-flags': { type: 'string' },
      'baseline-flags': { type: 'string' },
      'gateway-env': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${usage()}\n`);
    process.exit(0);
  }
  const number = (name: string, text: string | undefined, fallback: number, min: number, max: number): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got "${text}"`);
    return value;
  };
  const list = (name: string, text: string | undefined, fallback: number[], allowed?: (n: number) => boolean): number[] => {
    if (text === undefined) return fallback;
    if (text.trim() === 'none' || text.trim() === '') return [];
    const items = text.split(',').map((s) => Number(s.trim()));
    for (const n of items) if (!Number.isInteger(n) || (allowed && !allowed(n))) throw new Error(`--${name}: bad value in "${text}"`);
    return [...new Set(items)];
  };
  const quick = values.quick === true;
  const durationS = number('duration', values.duration, quick ? 1 : 5, 0.5, 3600);
  return {
    durationS,
    rounds: number('rounds', values.rounds, quick ? 1 : 3, 1, 50),
    warmupS: quick ? 0.3 : Math.min(0.5, durationS / 2),
    scenarios: list('scenarios', values.scenarios, [...ALL_SCENARIOS], (n) => (ALL_SCENARIOS as readonly number[]).includes(n)) as ScenarioId[],
    latencies: list('latencies', values.latencies, [0, 20], (n) => n >= 0 && n <= 5000),
    connections: connectionsFor(list('connections', values.connections, [], (n) => n >= 1 && n <= 1024)),
    soakS: number('soak', values.soak, 0, 0, 24 * 3600),
    out: resolve(ROOT, values.out ?? 'bench-results/latest.json'),
    cpuProfDir: values['cpu-prof'] ? resolve(values['cpu-prof']) : undefined,
    gatewayFlags: (values['gateway-flags'] ?? PRODUCTION_NODE_FLAGS).split(/\s+/).filter(Boolean),
    baselineFlags: (values['baseline-flags'] ?? '').split(/\s+/).filter(Boolean),
    gatewayEnv: Object.fromEntries(
      (values['gateway-env'] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const at = pair.indexOf('=');
          if (at < 1) throw new Error(`--gateway-env: expected K=V, got "${pair}"`);
          return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    ),
  };
}

/**
 * Default concurrency: 1 (latency) and 32 (throughput); 8 for the 40-call fan-out scenarios, where
 * 32 operations would put 1280 upstream calls in flight, beyond the client's limiter (64 in flight
 * + 1000 queued) — that measures the overload path, not the gateway. `--connections` sets all.
 */
function connectionsFor(given: number[]): Record<ScenarioId, number[]> {
  if (given.length > 0) return { 1: given, 2: given, 3: given, 4: given, 5: given, 6: given };
  // The mix (6) at 32 connections has about 5 of them in 40-call batches at any time: 200 reads in
  // flight or queued, within the limiter's queue.
  return { 1: [1, 32], 2: [1, 8], 3: [1, 8], 4: [1, 32], 5: [1, 32], 6: [8, 32] };
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** The three processes and what the runner needs to talk to them. */
interface Env {
  sandbox: Service;
  sandboxUrl: string;
  gateway: Service;
  gatewayOrigin: string;
  baseline: Service;
  baselineOrigin: string;
  token: string;
}

/**
 * A small JSON request on a fresh connection (`agent: false`): the runner's control calls sit idle
 * for seconds between uses, and a pooled keep-alive socket may be closed by the server's idle
 * timeout just as it is reused ("fetch failed"). One retry on a connection-level error.
 */
function controlRequestOnce(
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 5000,
): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        timeout: timeoutMs,
        headers: payload ? { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(payload) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function controlRequest(method: 'GET' | 'PUT', url: string, body?: unknown): Promise<{ status: number; text: string }> {
  try {
    return await controlRequestOnce(method, url, body);
  } catch {
    await sleep(100);
    return controlRequestOnce(method, url, body);
  }
}

async function sandboxStats(sandboxUrl: string): Promise<{ calls: Record<string, number>; total: number }> {
  const res = await controlRequest('GET', `${sandboxUrl}/__sandbox/stats`);
  if (res.status !== 200) throw new Error(`GET /__sandbox/stats answered ${res.status}: ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text) as { calls: Record<string, number>; total: number };
}

async function setSandboxLatency(sandboxUrl: string, ms: number): Promise<void> {
  const res = await controlRequest('PUT', `${sandboxUrl}/__sandbox/latency`, { ms });
  if (res.status !== 200) throw new Error(`PUT /__sandbox/latency {"ms":${ms}} answered ${res.status}: ${res.text.slice(0, 200)}`);
}

function diffCalls(before: { calls: Record<string, number>; total: number }, after: { calls: Record<string, number>; total: number }) {
  const calls: Record<string, number> = {};
  for (const [key, value] of Object.entries(after.calls)) {
    const d = value - (before.calls[key] ?? 0);
    if (d !== 0) calls[key] = d;
  }
  return { calls, total: after.total - before.total };
}

/** bench-0001.. profiles: their guids, read through our own signed client. */
async function resolveProfiles(sandboxUrl: string): Promise<BenchProfile[]> {
  const client = new IxopayClient({ baseUrl: sandboxUrl, ...DEMO, bodyHash: 'sha512', timeoutMs: 5000, connections: 4 });
  try {
    const width = Math.max(4, String(EXTRA_PROFILES).length);
    const profiles: BenchProfile[] = [];
    for (let i = 1; i <= DISTINCT_PROFILES + INSTRUMENT_PROFILES; i++) {
      const customerIdentification = `bench-${String(i).padStart(width, '0')}`;
      const profile = await client.getProfile({ customerIdentification });
      if (!profile) throw new Error(`sandbox has no profile ${customerIdentification}: are the generated bench profiles enabled?`);
      profiles.push({ profileGuid: profile.profileGuid, customerIdentification });
    }
    return profiles;
  } finally {
    await client.close();
  }
}

async function startEnvironment(options: Options): Promise<Env> {
  const [sandboxPort, gatewayPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
  const logDir = resolve(ROOT, 'bench-results/logs');
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', APOLLO_TELEMETRY_DISABLED: 'true' };

  log(`starting sandbox on 127.0.0.1:${sandboxPort} …`);
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const sandbox = await startService({
    name: 'sandbox',
    args: ['--require', ORPHAN_PRELOAD, join(ROOT, 'dist/sandbox/main.js')],
    env: {
      ...baseEnv,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_LATENCY_MS: '0',
      SANDBOX_EXTRA_PROFILES: String(EXTRA_PROFILES),
      // One stdout line per call would cost the sandbox (and this runner) CPU under load.
      SANDBOX_ACCESS_LOG: '0',
      IXOPAY_USERNAME: DEMO.username,
      IXOPAY_PASSWORD: DEMO.password,
      IXOPAY_API_KEY: DEMO.apiKey,
      IXOPAY_SHARED_SECRET: DEMO.sharedSecret,
    },
    readyUrl: `${sandboxUrl}/__sandbox/health`,
    logFile: join(logDir, 'sandbox.log'),
  });

  const jwtSecret = randomBytes(32).toString('base64url');
  const upstreamEnv = {
    ...baseEnv,
    NODE_ENV: 'production',
    IXOPAY_BASE_URL: sandboxUrl,
    IXOPAY_USERNAME: DEMO.username,
    IXOPAY_PASSWORD: DEMO.password,
    IXOPAY_API_KEY: DEMO.apiKey,
    IXOPAY_SHARED_SECRET: DEMO.sharedSecret,
    LOADER_CONCURRENCY: String(LOADER_CONCURRENCY),
    AUTH_JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
  };

  log(`starting gateway on 127.0.0.1:${gatewayPort}${options.cpuProfDir ? ` (cpu profile → ${options.cpuProfDir})` : ''} …`);
  const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
  const gateway = await startService({
    name: 'gateway',
    args: [
      ...options.gatewayFlags,
      ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
      '--require',
      ORPHAN_PRELOAD,
      join(ROOT, 'dist/main.js'),
    ],
    env: { ...upstreamEnv, ...options.gatewayEnv, HOST: '127.0.0.1', PORT: String(gatewayPort) },
    readyUrl: `${gatewayOrigin}/readyz`,
    logFile: join(logDir, 'gateway.log'),
  });

  log(`starting baseline on 127.0.0.1:${baselinePort} …`);
  const baselineOrigin = `http://127.0.0.1:${baselinePort}`;
  const baseline = await startService({
    name: 'baseline',
    // Profiled too, into DIR/baseline: the gateway's profile minus this one is what GraphQL costs.
    args: [
      ...options.baselineFlags,
      ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, 'baseline')}`] : []),
      join(ROOT, 'dist-bench/test/bench/baseline-server.js'),
    ],
    env: { ...upstreamEnv, BASELINE_PORT: String(baselinePort) },
    readyUrl: `${baselineOrigin}/readyz`,
    logFile: join(logDir, 'baseline.log'),
  });

  const token = await new SignJWT({ sub: 'bench-runner', scope: 'profiles:read profiles:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(jwtSecret));

  return { sandbox, sandboxUrl, gateway, gatewayOrigin, baseline, baselineOrigin, token };
}

function headersFor(env: Env, target: Target): Record<string, string> {
  return target === 'gateway'
    ? { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${env.token}` }
    : { 'content-type': 'application/json', accept: 'application/json' };
}

const originOf = (env: Env, target: Target) => (target === 'gateway' ? env.gatewayOrigin : env.baselineOrigin);
const serviceOf = (env: Env, target: Target) => (target === 'gateway' ? env.gateway : env.baseline);

function assertAlive(env: Env): void {
  for (const service of [env.sandbox, env.gateway, env.baseline]) {
    if (service.exited()) throw new Error(`${service.name} (pid ${service.pid}) has exited. Last output:\n${service.tail()}`);
  }
}

/** Request counters per scenario, shared by probes and load so scenario 4 keeps alternating. */
const counters = new Map<ScenarioId, number>();
const nextIndex = (id: ScenarioId) => {
  const n = counters.get(id) ?? 0;
  counters.set(id, n + 1);
  return n;
};

/** Sequential, checked requests; sandbox counters before/after give the exact calls per operation. */
async function probe(env: Env, scenario: Scenario, target: Target, latencyMs: number): Promise<CallProbe> {
  await waitQuiet(env, latencyMs);
  const before = await sandboxStats(env.sandboxUrl);
  const operations = scenario.probeOperations ?? PROBE_OPERATIONS;
  const state: ConnectionState = {};
  for (let i = 0; i < operations; i++) {
    const n = nextIndex(scenario.id);
    const request = target === 'gateway' ? scenario.gateway(n, state) : scenario.baseline(n, state);
    // Not retried: a probe is one operation, and scenario 4 must not update twice.
    const res = await controlRequestOnce('POST', `${originOf(env, target)}${request.path}`, request.body, headersFor(env, target), 30_000);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw new Error(`${target} scenario ${scenario.id}: HTTP ${res.status}, not JSON: ${res.text.slice(0, 300)}`);
    }
    if (res.status !== 200) throw new Error(`${target} scenario ${scenario.id}: HTTP ${res.status}: ${res.text.slice(0, 600)}`);
    try {
      if (target === 'gateway') scenario.checkGateway(n, json);
      else scenario.checkBaseline(n, json);
    } catch (error) {
      throw new Error(`${target} scenario ${scenario.id}: wrong answer: ${(error as Error).message}`);
    }
    scenario.observe?.(state, json);
  }
  await sleep(50);
  const diff = diffCalls(before, await sandboxStats(env.sandboxUrl));
  return { scenario: scenario.id, latencyMs, target, operations, callsPerOp: diff.total / operations, calls: diff.calls };
}

interface LoadOutcome {
  result: autocannon.Result;
  latencies: number[];
}

/**
 * One autocannon run; per-response latencies (float ms) are collected for exact percentiles. A
 * varying request is made per send from the connection's state (autocannon's per-connection
 * `context`, which lasts `cycle` requests), and `observe` sees each answer of that connection.
 */
function load(
  env: Env,
  target: Target,
  requests: Array<(state: ConnectionState) => BenchRequest>,
  varies: boolean,
  connections: number,
  durationS: number,
  observe?: Scenario['observe'],
  cycle = 1,
): Promise<LoadOutcome> {
  const latencies: number[] = [];
  const origin = originOf(env, target);
  const acRequests: autocannon.Request[] = varies
    ? Array.from({ length: cycle }, () => ({
        method: 'POST' as const,
        setupRequest: (req: autocannon.Request, context: unknown) => ({ ...req, ...requests[0](context as ConnectionState) }),
        ...(observe && {
          onResponse: (status: number, body: string, context: unknown) =>
            observe(context as ConnectionState, status === 200 ? parseOrNull(body) : null),
        }),
      }))
    : requests.map((make) => ({ method: 'POST' as const, ...make({}) }));
  return new Promise((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url: `${origin}/`,
        method: 'POST',
        headers: headersFor(env, target),
        requests: acRequests,
        connections,
        duration: durationS,
        timeout: 30,
      },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolvePromise({ result, latencies })),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function latencyStats(values: number[]): LatencyStats {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  return {
    p50: percentile(arr, 50),
    p90: percentile(arr, 90),
    p99: percentile(arr, 99),
    mean: mean(arr),
    max: arr.length ? arr[arr.length - 1] : NaN,
    samples: arr.length,
  };
}

/**
 * Waits until the sandbox has seen no call for a while: a run's requests that autocannon cut off at
 * its end (and anything queued behind them in the gateway) finish before the next counters are
 * read, so no measurement or probe is charged with another's upstream calls or CPU. Bounded.
 */
async function waitQuiet(env: Env, latencyMs: number, maxMs = 60_000): Promise<void> {
  const quietMs = 150 + latencyMs * 3;
  const deadline = Date.now() + maxMs;
  let previous = (await sandboxStats(env.sandboxUrl)).total;
  // Nothing happened since the last time we saw it quiet: still quiet.
  if (previous === lastQuietTotal) return;
  for (;;) {
    await sleep(quietMs);
    const current = (await sandboxStats(env.sandboxUrl)).total;
    if (current === previous) {
      lastQuietTotal = current;
      return;
    }
    if (Date.now() > deadline) {
      log(`  ⚠ upstream still busy after ${maxMs} ms; measuring anyway`);
      return;
    }
    previous = current;
  }
}
let lastQuietTotal = -1;

async function measure(
  env: Env,
  scenario: Scenario,
  target: Target,
  latencyMs: number,
  connections: number,
  durationS: number,
): Promise<Measurement> {
  assertAlive(env);
  await waitQuiet(env, latencyMs);
  const service = serviceOf(env, target);
  const statsBefore = await sandboxStats(env.sandboxUrl);
  const cpuBefore = readCpuMs(service.pid);
  const sandboxCpuBefore = readCpuMs(env.sandbox.pid);
  const sampler = new RssSampler([service.pid], 500);
  const make = (state: ConnectionState) => {
    const n = nextIndex(scenario.id);
    return target === 'gateway' ? scenario.gateway(n, state) : scenario.baseline(n, state);
  };
  const { result, latencies } = await load(env, target, [make], scenario.varies, connections, durationS, scenario.observe, scenario.requestsPerCycle);
  await waitQuiet(env, latencyMs);
  const samples = sampler.stop();
  const cpuMs = readCpuMs(service.pid) - cpuBefore;
  const sandboxCpuMs = readCpuMs(env.sandbox.pid) - sandboxCpuBefore;
  const diff = diffCalls(statsBefore, await sandboxStats(env.sandboxUrl));
  assertAlive(env);
  const ok = result['2xx'];
  // Server-side costs are divided by the requests the server received: those cut off at the end
  // of the run were still processed (upstream calls, CPU) though autocannon did not count them.
  const handled = Math.max(result.requests.sent ?? 0, ok + result.non2xx);
  const rssList = samples.get(service.pid) ?? [];
  return {
    scenario: scenario.id,
    latencyMs,
    target,
    connections,
    durationS: result.duration,
    requests: ok,
    sent: handled,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: ok / result.duration,
    latency: latencyStats(latencies),
    upstreamCallsPerOp: handled > 0 ? diff.total / handled : NaN,
    upstreamCalls: diff.calls,
    cpuMsPerOp: handled > 0 ? cpuMs / handled : NaN,
    sandboxCpuMsPerOp: handled > 0 ? sandboxCpuMs / handled : NaN,
    rssMaxMb: rssList.length ? Math.max(...rssList.map((s) => s.rssMb)) : NaN,
    hwmMb: readMemory(service.pid).hwmMb,
  };
}

/** Field-wise median of one target's rounds (the middle run for odd counts). */
function medianOf(runs: Measurement[]): Measurement {
  const median = (pick: (m: Measurement) => number) => {
    const values = runs
      .map(pick)
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    if (values.length === 0) return NaN;
    const mid = values.length >> 1;
    return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  };
  const sum = (pick: (m: Measurement) => number) => runs.reduce((total, m) => total + pick(m), 0);
  return {
    ...runs[0],
    durationS: sum((m) => m.durationS),
    requests: sum((m) => m.requests),
    sent: sum((m) => m.sent),
    non2xx: sum((m) => m.non2xx),
    errors: sum((m) => m.errors),
    timeouts: sum((m) => m.timeouts),
    rps: median((m) => m.rps),
    latency: {
      ...runs[0].latency,
      ...Object.fromEntries(Object.keys(runs[0].latency).map((key) => [key, median((m) => (m.latency as unknown as Record<string, number>)[key])])),
    },
    upstreamCallsPerOp: median((m) => m.upstreamCallsPerOp),
    cpuMsPerOp: median((m) => m.cpuMsPerOp),
    sandboxCpuMsPerOp: median((m) => m.sandboxCpuMsPerOp),
    rssMaxMb: Math.max(...runs.map((m) => m.rssMaxMb)),
    hwmMb: Math.max(...runs.map((m) => m.hwmMb)),
  };
}

function describe(m: Measurement): string {
  const errors = m.non2xx + m.errors > 0 ? `  ⚠ non2xx ${m.non2xx} errors ${m.errors} timeouts ${m.timeouts}` : '';
  return (
    `  ${m.target.padEnd(8)} c=${String(m.connections).padEnd(3)} ${fmt(m.rps, 0).padStart(6)} req/s  p50 ${fmt(m.latency.p50, 2)} p90 ${fmt(m.latency.p90, 2)} p99 ${fmt(m.latency.p99, 2)} ms  ` +
    `calls/op ~${fmt(m.upstreamCallsPerOp, 2)}  cpu ${fmt(m.cpuMsPerOp, 3)} ms/op  rss ${fmt(m.rssMaxMb, 1)} MB${errors}`
  );
}

async function soak(env: Env, scenarios: Record<ScenarioId, Scenario>, durationS: number): Promise<SoakResult> {
  const latencyMs = 0;
  // Each connection alternates a scenario-1 and a scenario-2 request; 16 keeps the worst case
  // (16 × 40 upstream calls) inside the client's limiter queue, so this measures memory under
  // full CPU load rather than the overload path.
  const connections = 16;
  await setSandboxLatency(env.sandboxUrl, latencyMs);
  log(`soak: scenarios 1+2 mixed against the gateway, ${latencyMs} ms upstream, c=${connections}, ${durationS} s (RSS every 5 s) …`);
  const sampler = new RssSampler([env.gateway.pid], 5000);
  const progress = setInterval(() => {
    try {
      log(`  soak: gateway RSS ${fmt(readMemory(env.gateway.pid).rssMb, 1)} MB`);
    } catch {
      // reported below
    }
  }, 30_000);
  let outcome: LoadOutcome;
  try {
    outcome = await load(
      env,
      'gateway',
      [(state) => scenarios[1].gateway(0, state), (state) => scenarios[2].gateway(0, state)],
      false,
      connections,
      durationS,
    );
  } finally {
    clearInterval(progress);
  }
  await waitQuiet(env, latencyMs);
  // Only samples taken while the load ran (not the idle one before it or the one after it).
  const samples = (sampler.stop().get(env.gateway.pid) ?? [])
    .map((s) => ({ tS: s.tMs / 1000, rssMb: s.rssMb }))
    .filter((s) => s.tS > 0 && s.tS <= durationS + 0.5);
  assertAlive(env);
  const windowS = durationS >= 180 ? 60 : Math.max(5, Math.floor(durationS / 3));
  const first = samples.filter((s) => s.tS <= windowS).map((s) => s.rssMb);
  const last = samples.filter((s) => s.tS >= durationS - windowS).map((s) => s.rssMb);
  const { result, latencies } = outcome;
  return {
    durationS,
    connections,
    latencyMs,
    requests: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    rps: result['2xx'] / result.duration,
    latency: latencyStats(latencies),
    samples,
    windowS,
    firstWindowAvgMb: mean(first),
    lastWindowAvgMb: mean(last),
    growthMb: mean(last) - mean(first),
    hwmMb: readMemory(env.gateway.pid).hwmMb,
  };
}

function machine(loadAvgStart: number[]): BenchResults['machine'] {
  const cpus = os.cpus();
  return {
    nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    clockTicks: clockTicksPerSecond(),
    totalMemMb: os.totalmem() / 2 ** 20,
    loadAvgStart,
    loadAvgEnd: os.loadavg(),
  };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(`bench: ${(error as Error).message}\n${usage()}`);
    process.exit(2);
  }
  installCleanupHandlers();
  const perLatency = options.scenarios.reduce(
    (sum, id) => sum + 2 * (options.rounds * (options.durationS + 0.5) * options.connections[id].length + 1),
    0,
  );
  const estimateS = perLatency * options.latencies.length + options.scenarios.length * 2 * options.warmupS + options.soakS + 10;
  const levels = options.scenarios.map((id) => `${id}:${options.connections[id].join('/')}`).join(' ');
  log(
    `bench: scenarios [${options.scenarios.join(',') || 'none'}], latencies [${options.latencies.join(',')}] ms, connections ${levels || '–'}, ${options.durationS} s each${options.soakS ? `, soak ${options.soakS} s` : ''}; about ${Math.ceil(estimateS)} s`,
  );
  // Hard stop: whatever happens, the run ends (and takes its children with it).
  const hardLimitMs = (estimateS * 2 + 300) * 1000;
  setTimeout(() => {
    log(`bench: exceeded ${Math.round(hardLimitMs / 1000)} s, aborting`);
    void stopAll().finally(() => process.exit(2));
  }, hardLimitMs).unref();

  const startedAt = new Date().toISOString();
  const loadAvgStart = os.loadavg();
  const env = await startEnvironment(options);
  const profiles = await resolveProfiles(env.sandboxUrl);
  const scenarios = buildScenarios(profiles.slice(0, DISTINCT_PROFILES), profiles.slice(DISTINCT_PROFILES));
  log(
    `processes: sandbox pid ${env.sandbox.pid}, gateway pid ${env.gateway.pid}, baseline pid ${env.baseline.pid}; ${profiles.length} bench profiles resolved`,
  );

  const measurements: Measurement[] = [];
  const probes: CallProbe[] = [];
  for (const latencyMs of options.latencies) {
    await setSandboxLatency(env.sandboxUrl, latencyMs);
    for (const id of options.scenarios) {
      const scenario = scenarios[id];
      log(`\nscenario ${id} ${scenario.name} @ ${latencyMs} ms upstream`);
      for (const target of ['gateway', 'baseline'] as const) {
        const p = await probe(env, scenario, target, latencyMs);
        probes.push(p);
        if (p.callsPerOp !== scenario.expectedUpstreamCalls) {
          log(
            `  ⚠ ${target}: ${fmt(p.callsPerOp, 2)} upstream calls per operation, expected ${scenario.expectedUpstreamCalls} (${JSON.stringify(p.calls)})`,
          );
        }
        // JIT warm-up, once per scenario and target (at the first latency setting).
        if (options.warmupS > 0 && latencyMs === options.latencies[0]) {
          const make = (state: ConnectionState) => (target === 'gateway' ? scenario.gateway : scenario.baseline)(nextIndex(id), state);
          await load(env, target, [make], scenario.varies, 8, options.warmupS, scenario.observe, scenario.requestsPerCycle);
        }
      }
      for (const connections of options.connections[id]) {
        // Gateway and baseline alternate, round by round, so both see the same machine: on a
        // shared 2-core box a single back-to-back pair swung the ratios by ±30 %.
        const rounds: Record<Target, Measurement[]> = { gateway: [], baseline: [] };
        for (let round = 0; round < options.rounds; round++) {
          for (const target of ['gateway', 'baseline'] as const) {
            const m = await measure(env, scenario, target, latencyMs, connections, options.durationS);
            rounds[target].push(m);
            log(describe(m));
          }
        }
        for (const target of ['gateway', 'baseline'] as const) measurements.push(medianOf(rounds[target]));
      }
    }
  }

  let soakResult: SoakResult | undefined;
  if (options.soakS > 0) soakResult = await soak(env, scenarios, options.soakS);

  const gatewayPeakRssMb = readMemory(env.gateway.pid).hwmMb;
  const baselinePeakRssMb = readMemory(env.baseline.pid).hwmMb;
  log('\nstopping processes …');
  await stopAll();

  const partial: Omit<BenchResults, 'targets'> = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(loadAvgStart),
    options: {
      durationS: options.durationS,
      rounds: options.rounds,
      warmupS: options.warmupS,
      scenarios: options.scenarios,
      latencies: options.latencies,
      connections: options.connections,
      soakS: options.soakS,
      loaderConcurrency: LOADER_CONCURRENCY,
      gatewayFlags: options.gatewayFlags,
      baselineFlags: options.baselineFlags,
      gatewayEnv: options.gatewayEnv,
      cpuProfile: options.cpuProfDir !== undefined,
    },
    measurements,
    probes,
    soak: soakResult,
    gatewayPeakRssMb,
    baselinePeakRssMb,
  };
  const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
  writeJson(options.out, results);
  const markdown = renderMarkdown(results);
  writeFileSync(options.out.replace(/\.json$/, '') + '.md', `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
  log(`\nwrote ${options.out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (isInterrupted()) return; // the signal handler stops the children and exits
    log(`bench failed: ${(error as Error)?.stack ?? String(error)}`);
    void stopAll().finally(() => process.exit(1));
  },
);
