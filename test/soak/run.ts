/**
 * `npm run soak`: a chaos soak with a ledger (issue 14, section 5).
 *
 * Starts the sandbox and the gateway as separate processes on 127.0.0.1 (the gateway as in
 * production: package.json `config.nodeFlags`, NODE_ENV=production), arms random faults on about
 * 5 % of upstream calls through the sandbox's control endpoint, drives mixed traffic through the
 * gateway at moderate concurrency, keeps a ledger, and ends with ONE summary line on stdout (the
 * progress and the violations' examples go to stderr). Exit 0 when every rule held, 1 when one
 * broke, 2 when the soak could not run.
 *
 *   npm run soak                          # 2 minutes
 *   npm run soak -- --minutes 10
 *   npm run soak -- --seconds 20 --seed 42 --concurrency 4 --rate 20
 *   npm run soak -- --modes 500,hang,applied-then-reset --fault-rate 0.1
 *
 * Rules: see test/soak/README.md.
 */
import { SignJWT } from 'jose';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IxopayClient } from '../../src/ixopay/client';
import { readMemory, RssSampler, type RssSample } from '../bench/measure';
import { freePort, installCleanupHandlers, isInterrupted, sleep, startService, stopAll, type Service } from '../bench/processes';
import { GraphQLClient } from './graphql-client';
import { formatCounts, Ledger } from './ledger';
import { SandboxControl, SOAK_FAULT_MODES, type SandboxStats, type SoakFaultMode, type UpstreamOperation } from './sandbox-control';
import { INSTRUMENT_MUTATIONS, Traffic, type InstrumentMutation } from './traffic';

const DEMO = { username: 'anyApiUser', password: 'myPassword', apiKey: 'demo-api-key', sharedSecret: 'demo-shared-secret' } as const;
/** bench-0001… profiles the sandbox generates, so batches have 100 distinct refs to read. */
const EXTRA_PROFILES = 300;
const RSS_SAMPLE_MS = 2000;
/** RSS growth allowed between the first and the last minute. */
const RSS_GROWTH_LIMIT = 0.05;
/** Shorter runs report RSS but do not judge it (warm-up dominates a few seconds). */
const RSS_RULE_MIN_S = 60;

/** The repository: the nearest folder up from here with the project's package.json. */
function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'ixopay-profiles-gateway') return dir;
    dir = dirname(dir);
  }
  throw new Error(`no ixopay-profiles-gateway package.json above ${__dirname}`);
}

const ROOT = findRoot();
/** Makes a child exit when this runner is gone (SIGKILL included); the bench's guard. */
const ORPHAN_PRELOAD = join(__dirname, '../bench/orphan-preload.js');

interface Options {
  durationS: number;
  concurrency: number;
  /** GraphQL operations per second, all workers together (confirmation reads come on top). */
  rate: number;
  faultRate: number;
  modes: SoakFaultMode[];
  retryAfterSeconds: number;
  seed: number;
  clientTimeoutMs: number;
  /** Folder with the compiled main.js and sandbox/main.js. */
  dist: string;
  logDir: string;
  readsTargetPercent: number;
  /** `auto`: the instrument mutations the gateway has; `off`: none (profiles are registered at the sandbox directly). */
  instruments: 'auto' | 'off';
  gatewayEnv: Record<string, string>;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

function usage(): string {
  return (
    'Usage: npm run soak -- [--minutes N | --seconds N] [--concurrency N] [--rate OPS_PER_S] [--fault-rate P] [--modes 500,429,…] ' +
    '[--retry-after S] [--seed N] [--client-timeout S] [--reads-target PERCENT] [--instruments auto|off] [--dist DIR] [--logs DIR] [--gateway-env K=V,K2=V2]'
  );
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string' },
      seconds: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      'fault-rate': { type: 'string' },
      modes: { type: 'string' },
      'retry-after': { type: 'string' },
      seed: { type: 'string' },
      'client-timeout': { type: 'string' },
      'reads-target': { type: 'string' },
      instruments: { type: 'string' },
      dist: { type: 'string' },
      logs: { type: 'string' },
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
  const durationS =
    values.seconds !== undefined ? number('seconds', values.seconds, 0, 1, 86_400) : number('minutes', values.minutes, 2, 0.05, 1440) * 60;
  const modes = (values.modes ?? SOAK_FAULT_MODES.join(','))
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const mode of modes)
    if (!(SOAK_FAULT_MODES as readonly string[]).includes(mode))
      throw new Error(`--modes: unknown mode "${mode}" (known: ${SOAK_FAULT_MODES.join(', ')})`);
  return {
    durationS,
    concurrency: Math.round(number('concurrency', values.concurrency, 8, 1, 64)),
    rate: number('rate', values.rate, 40, 1, 2000),
    faultRate: number('fault-rate', values['fault-rate'], 0.05, 0, 1),
    modes: modes as SoakFaultMode[],
    retryAfterSeconds: Math.round(number('retry-after', values['retry-after'], 1, 1, 60)),
    seed: Math.round(number('seed', values.seed, randomInt(1, 2 ** 31 - 1), 0, 2 ** 32 - 1)),
    clientTimeoutMs: number('client-timeout', values['client-timeout'], 30, 1, 600) * 1000,
    dist: resolve(values.dist ?? join(__dirname, '../../src')),
    logDir: resolve(values.logs ?? join(ROOT, 'test-output/soak')),
    readsTargetPercent: number('reads-target', values['reads-target'], 99.9, 0, 100),
    instruments: parseInstruments(values.instruments),
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

function parseInstruments(text: string | undefined): 'auto' | 'off' {
  if (text === undefined || text === 'auto') return 'auto';
  if (text === 'off') return 'off';
  throw new Error(`--instruments must be auto or off, got "${text}"`);
}

/** The production launch flags (what `npm start` passes). */
function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { config?: { nodeFlags?: string } };
  return (pkg.config?.nodeFlags ?? '').split(/\s+/).filter(Boolean);
}

interface Env {
  sandbox: Service;
  sandboxUrl: string;
  gateway: Service;
  gatewayOrigin: string;
  token: string;
}

async function startEnvironment(options: Options): Promise<Env> {
  const [sandboxPort, gatewayPort] = [await freePort(), await freePort()];
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', APOLLO_TELEMETRY_DISABLED: 'true' };
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  log(`soak: starting sandbox on 127.0.0.1:${sandboxPort} …`);
  const sandbox = await startService({
    name: 'sandbox',
    args: ['--require', ORPHAN_PRELOAD, join(options.dist, 'sandbox/main.js')],
    env: {
      ...baseEnv,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_LATENCY_MS: '0',
      SANDBOX_EXTRA_PROFILES: String(EXTRA_PROFILES),
      SANDBOX_ACCESS_LOG: '0',
      IXOPAY_USERNAME: DEMO.username,
      IXOPAY_PASSWORD: DEMO.password,
      IXOPAY_API_KEY: DEMO.apiKey,
      IXOPAY_SHARED_SECRET: DEMO.sharedSecret,
    },
    readyUrl: `${sandboxUrl}/__sandbox/health`,
    logFile: join(options.logDir, 'sandbox.log'),
  });

  const jwtSecret = randomBytes(32).toString('base64url');
  const flags = productionNodeFlags();
  const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
  log(`soak: starting gateway on 127.0.0.1:${gatewayPort} (node ${flags.join(' ')}, NODE_ENV=production) …`);
  const gateway = await startService({
    name: 'gateway',
    args: [...flags, '--require', ORPHAN_PRELOAD, join(options.dist, 'main.js')],
    env: {
      ...baseEnv,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(gatewayPort),
      IXOPAY_BASE_URL: sandboxUrl,
      IXOPAY_USERNAME: DEMO.username,
      IXOPAY_PASSWORD: DEMO.password,
      IXOPAY_API_KEY: DEMO.apiKey,
      IXOPAY_SHARED_SECRET: DEMO.sharedSecret,
      AUTH_JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      ...options.gatewayEnv,
    },
    readyUrl: `${gatewayOrigin}/readyz`,
    logFile: join(options.logDir, 'gateway.log'),
  });

  const token = await new SignJWT({ sub: 'soak-runner', scope: 'profiles:read profiles:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('23h')
    .sign(new TextEncoder().encode(jwtSecret));
  return { sandbox, sandboxUrl, gateway, gatewayOrigin, token };
}

/**
 * Which instrument mutations the running gateway has, without introspection (off in
 * production): a selection without the required `input` fails validation either way, and only
 * an unknown field says "Cannot query field".
 */
async function detectMutations(gql: GraphQLClient): Promise<Set<InstrumentMutation>> {
  const present = new Set<InstrumentMutation>();
  for (const name of INSTRUMENT_MUTATIONS) {
    const outcome = await gql.send(`mutation SoakProbe { ${name} { __typename } }`, {}, 'SoakProbe');
    if (outcome.kind !== 'response') throw new Error(`probing ${name}: ${outcome.reason}`);
    const messages = (outcome.body.errors ?? []).map((e) => e.message);
    if (messages.some((m) => m.includes(`Cannot query field "${name}"`))) continue;
    if (messages.some((m) => m.includes(`"${name}"`))) present.add(name);
    else log(`soak: could not tell whether ${name} exists (${JSON.stringify(messages).slice(0, 200)}); leaving it out`);
  }
  return present;
}

/** A steady pace for all workers together; a stall is not made up with a burst. */
class Pacer {
  #next = performance.now();
  constructor(private readonly perSecond: number) {}

  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(this.#next, now);
    this.#next = at + 1000 / this.perSecond;
    if (at > now) await sleep(at - now);
  }
}

/** mulberry32: the traffic's choices, reproducible from the seed (timing still varies). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RssWindows {
  firstMb: number;
  lastMb: number;
  growth: number;
  judged: boolean;
}

/**
 * RSS of the first and the last minute, each the minute's peak: a fresh process grows its heap to
 * the configured size during its first minute (--max-old-space-size), which a mean over that minute
 * counts as growth; a leak shows as a peak that keeps rising from minute to minute.
 */
function rssWindows(samples: RssSample[], durationS: number): RssWindows {
  const points = samples.map((s) => ({ tS: s.tMs / 1000, mb: s.rssMb })).filter((s) => s.tS <= durationS + 1 && Number.isFinite(s.mb));
  const windowS = Math.min(60, durationS / 2);
  const peak = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
  const firstMb = peak(points.filter((s) => s.tS <= windowS).map((s) => s.mb));
  const lastMb = peak(points.filter((s) => s.tS >= durationS - windowS).map((s) => s.mb));
  return { firstMb, lastMb, growth: (lastMb - firstMb) / firstMb, judged: durationS >= RSS_RULE_MIN_S };
}

/** Gateway RSS, the mean of each tenth of the run (for telling a leak from a heap growing to its size). */
function rssCurve(samples: RssSample[], durationS: number): string {
  const slices = 10;
  const sums = Array.from({ length: slices }, () => ({ total: 0, n: 0 }));
  for (const s of samples) {
    const i = Math.min(slices - 1, Math.floor((s.tMs / 1000 / durationS) * slices));
    if (i >= 0 && Number.isFinite(s.rssMb)) {
      sums[i].total += s.rssMb;
      sums[i].n++;
    }
  }
  const peak = samples.reduce((m, s) => Math.max(m, s.rssMb), 0);
  return `gateway RSS by tenth of the run (MB): ${sums.map((x) => (x.n ? (x.total / x.n).toFixed(1) : '-')).join(' ')}; peak sample ${peak.toFixed(1)}`;
}

interface Final {
  options: Options;
  elapsedS: number;
  ledger: Ledger;
  stats?: SandboxStats;
  rss?: RssWindows;
  crashes: string[];
  mutations: ReadonlySet<InstrumentMutation>;
  interrupted?: boolean;
}

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)}%`;

/** The one summary line. */
function summaryLine(f: Final): string {
  const { ledger, stats, rss } = f;
  const m = ledger.mutationTotals();
  const readsServed = ledger.readsAttempted > 0 ? ledger.readsServed / ledger.readsAttempted : NaN;
  const faults = stats ? Object.values(stats.faults).reduce((a, b) => a + b, 0) : NaN;
  const violations = new Map([...ledger.violations].map(([rule, v]) => [rule, v.count]));
  const verdict = f.interrupted ? 'INTERRUPTED' : violations.size === 0 ? 'PASS' : 'FAIL';
  const parts = [
    `soak ${verdict} ${Math.round(f.elapsedS)}s seed ${f.options.seed} c=${f.options.concurrency} rate=${f.options.rate}/s`,
    `requests ${ledger.requests} (confirming reads ${ledger.confirmationReads})`,
    `errors ${formatCounts(ledger.errorsByCode)}`,
    stats
      ? `faults ${faults} of ${stats.total} upstream calls (${pct(faults / Math.max(1, stats.total), 1)}) ${formatCounts(stats.faults)}`
      : 'faults ?',
    `mutations confirmed ${m.confirmed} / reported failed ${m['reported-failed']} / outcome unknown ${m['outcome-unknown']}` +
      (m.violation + m.unanswered > 0 ? ` / broken ${m.violation} / unanswered ${m.unanswered}` : ''),
    rss
      ? `rss first/last ${rss.firstMb.toFixed(1)}/${rss.lastMb.toFixed(1)} MB (${rss.growth >= 0 ? '+' : ''}${pct(rss.growth, 2)}${rss.judged ? '' : ', not judged under 60 s'})`
      : 'rss ?',
    `crashes ${f.crashes.length}`,
    `unanswered ${ledger.violations.get('unanswered')?.count ?? 0}`,
    `duplicate writes ${stats ? stats.duplicateWrites.total : '?'}`,
    `null-existing ${ledger.violations.get('null-existing')?.count ?? 0}`,
    `reads served ${Number.isNaN(readsServed) ? '?' : pct(readsServed, 3)} of ${ledger.readsAttempted} (target ${f.options.readsTargetPercent}%)`,
    `instrument mutations ${f.mutations.size > 0 ? [...f.mutations].map((n) => n.replace('PaymentInstrument', '')).join('/') : `absent (${ledger.profilesCreatedDirectly} profiles registered at the sandbox directly)`}`,
    `violations ${formatCounts(violations)}`,
  ];
  return parts.join(' | ');
}

function printViolations(ledger: Ledger): void {
  if (ledger.violations.size === 0) return;
  log('\nsoak: rule violations (first examples of each):');
  for (const [rule, v] of ledger.violations) {
    log(`  ${rule}: ${v.count}`);
    for (const example of v.examples) log(`    - ${example}`);
  }
  log('');
}

function readsServedLine(ledger: Ledger): string {
  const served = ledger.readsAttempted > 0 ? pct(ledger.readsServed / ledger.readsAttempted, 3) : '?';
  return `reads served ${served} of ${ledger.readsAttempted}; not served ${formatCounts(ledger.unservedByCode)}`;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(`soak: ${(error as Error).message}\n${usage()}`);
    return 2;
  }
  const ledger = new Ledger();
  const crashes: string[] = [];
  let mutations: ReadonlySet<InstrumentMutation> = new Set();
  const startedAt = Date.now();
  installCleanupHandlers(() => {
    printViolations(ledger);
    process.stdout.write(`${summaryLine({ options, elapsedS: (Date.now() - startedAt) / 1000, ledger, crashes, mutations, interrupted: true })}\n`);
  });
  // Hard stop: whatever happens, the run ends and takes its children with it.
  const hardLimitMs = (options.durationS + 240) * 1000 + options.clientTimeoutMs * 3;
  setTimeout(() => {
    log(`soak: exceeded ${Math.round(hardLimitMs / 1000)} s, aborting`);
    void stopAll().finally(() => process.exit(2));
  }, hardLimitMs).unref();

  log(
    `soak: ${options.durationS} s, concurrency ${options.concurrency}, ${options.rate} ops/s, faults on ${pct(options.faultRate, 1)} of upstream calls ` +
      `(${options.modes.join(', ')}; Retry-After ${options.retryAfterSeconds} s), seed ${options.seed}; logs in ${options.logDir}`,
  );
  const env = await startEnvironment(options);
  const control = new SandboxControl(env.sandboxUrl);
  for (const p of await control.profiles()) {
    if (p.customerIdentification) ledger.addProfile({ profileGuid: p.profileGuid, customerIdentification: p.customerIdentification, origin: 'seed' });
  }
  const gql = new GraphQLClient(`${env.gatewayOrigin}/graphql`, env.token, options.clientTimeoutMs, options.concurrency + 2);
  const direct = new IxopayClient({ baseUrl: env.sandboxUrl, ...DEMO, bodyHash: 'sha512', timeoutMs: 10_000, connections: 2 });
  try {
    mutations = options.instruments === 'off' ? new Set() : await detectMutations(gql);
    log(
      `soak: processes: sandbox pid ${env.sandbox.pid}, gateway pid ${env.gateway.pid}; ${ledger.profiles.size} seeded profiles; instrument mutations: ` +
        `${mutations.size > 0 ? [...mutations].join(', ') : 'none (profiles to delete are registered at the sandbox directly)'}`,
    );

    // Faults on the operations the gateway sends; register only when the gateway sends it.
    const faulted: UpstreamOperation[] = ['getProfile', 'updateProfile', 'deleteProfile'];
    if (mutations.has('registerPaymentInstrument')) faulted.push('register');
    if (mutations.has('removePaymentInstrument')) faulted.push('deregister');
    if (mutations.has('attachPaymentInstrument')) faulted.push('attachPaymentInstrument');
    if (mutations.has('detachPaymentInstrument')) faulted.push('detachPaymentInstrument');
    if (options.faultRate > 0 && options.modes.length > 0) {
      for (const [i, operation] of faulted.entries()) {
        // The lost-answer modes exist for writes only (the sandbox refuses them on getProfile).
        const modes = operation === 'getProfile' ? options.modes.filter((m) => !m.startsWith('applied-then-')) : options.modes;
        if (modes.length === 0) continue;
        await control.armRandomFault({
          operation,
          probability: options.faultRate,
          modes,
          seed: (options.seed + i) >>> 0,
          retryAfterSeconds: options.retryAfterSeconds,
        });
      }
    }
    const statsBefore = await control.stats();

    const traffic = new Traffic(ledger, gql, control, prng(options.seed), {
      runId: options.seed.toString(36).slice(-6),
      mutations,
      direct,
      confirmWithinMs: 12_000,
    });
    const pacer = new Pacer(options.rate);
    const runStarted = Date.now();
    const endAt = runStarted + options.durationS * 1000;
    const sampler = new RssSampler([env.gateway.pid], RSS_SAMPLE_MS);
    let stop = false;
    const watch = setInterval(() => {
      for (const service of [env.sandbox, env.gateway]) {
        if (service.exited() && !crashes.some((c) => c.startsWith(service.name))) {
          crashes.push(`${service.name} (pid ${service.pid}) exited during the run; last output:\n${service.tail()}`);
          ledger.violation('crash', `${service.name} exited during the run`);
          stop = true;
        }
      }
    }, 250);
    const progress = setInterval(
      () => {
        const m = ledger.mutationTotals();
        let rss = '?';
        try {
          rss = readMemory(env.gateway.pid).rssMb.toFixed(1);
        } catch {
          // reported by the watch
        }
        log(
          `  [${Math.round((Date.now() - runStarted) / 1000)}s] requests ${ledger.requests}, ${readsServedLine(ledger)}, mutations ${m.confirmed}/${m['reported-failed']}/${m['outcome-unknown']}, ` +
            `violations ${formatCounts(new Map([...ledger.violations].map(([k, v]) => [k, v.count])))}, gateway rss ${rss} MB`,
        );
      },
      options.durationS >= 60 ? 30_000 : 5_000,
    );

    let soakErrors = 0;
    const worker = async () => {
      while (!stop && !isInterrupted() && Date.now() < endAt) {
        await pacer.take();
        if (stop || Date.now() >= endAt) break;
        try {
          await traffic.step();
        } catch (error) {
          if (isInterrupted()) break; // the processes are being stopped
          // A control call failed: the ledger cannot be kept for that operation.
          if (++soakErrors <= 5) log(`soak: operation failed in the soak itself: ${(error as Error).stack ?? String(error)}`);
          ledger.violation('journal', `the soak could not check an operation: ${(error as Error).message}`);
          if (env.sandbox.exited() || env.gateway.exited()) stop = true;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
    const elapsedS = (Date.now() - runStarted) / 1000;
    clearInterval(progress);
    const samples = sampler.stop().get(env.gateway.pid) ?? [];
    log(`soak: traffic stopped after ${elapsedS.toFixed(1)} s; ${readsServedLine(ledger)}`);

    // With faults disarmed: settle what could not be confirmed, audit the journal.
    await control.clearFaults();
    await traffic.settleDeferred();
    clearInterval(watch);
    const stats = await control.stats();
    const faultStats = { ...stats, faults: Object.fromEntries(Object.entries(stats.faults).map(([k, v]) => [k, v - (statsBefore.faults[k] ?? 0)])) };
    if (stats.duplicateWrites.total > 0) ledger.violation('duplicate-writes', `sandbox counted ${JSON.stringify(stats.duplicateWrites)}`);
    const journal = await control.writes({});
    for (const w of journal.writes) {
      if (ledger.attributedSeqs.has(w.seq) || w.merchantTransactionId?.startsWith('soak-direct-')) continue;
      ledger.violation('journal', `applied write no mutation of the soak accounts for: ${JSON.stringify(w)}`);
    }
    if (journal.dropped > 0)
      log(`soak: the sandbox journal dropped its ${journal.dropped} oldest entries; the audit covered the newest ${journal.writes.length}`);

    const rss = rssWindows(samples, elapsedS);
    log(`soak: ${rssCurve(samples, elapsedS)}`);
    if (rss.judged && !(rss.growth <= RSS_GROWTH_LIMIT)) {
      ledger.violation(
        'rss',
        `gateway RSS ${rss.firstMb.toFixed(1)} MB in the first minute, ${rss.lastMb.toFixed(1)} MB in the last (${pct(rss.growth, 2)} > ${pct(RSS_GROWTH_LIMIT, 0)})`,
      );
    }
    if (ledger.readsAttempted > 0 && (ledger.readsServed / ledger.readsAttempted) * 100 < options.readsTargetPercent) {
      ledger.violation('reads-served', `${readsServedLine(ledger)}; target ${options.readsTargetPercent}%`);
    }
    for (const service of [env.sandbox, env.gateway]) {
      if (service.exited() && !crashes.some((c) => c.startsWith(service.name))) {
        crashes.push(`${service.name} (pid ${service.pid}) exited; last output:\n${service.tail()}`);
        ledger.violation('crash', `${service.name} exited`);
      }
    }
    log('soak: stopping processes …');
    gql.close();
    await stopAll();
    for (const crash of crashes) log(`soak: ${crash}`);
    printViolations(ledger);
    process.stdout.write(`${summaryLine({ options, elapsedS, ledger, stats: faultStats, rss, crashes, mutations })}\n`);
    return ledger.violations.size === 0 ? 0 : 1;
  } finally {
    gql.close();
    await direct.close().catch(() => undefined);
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isInterrupted()) return; // the signal handler stops the children and exits
    log(`soak failed: ${(error as Error)?.stack ?? String(error)}`);
    void stopAll().finally(() => process.exit(2));
  },
);
