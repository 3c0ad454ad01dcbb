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
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseOrExit } from './cli-options';
import { setSandboxLatency } from './control-requests';
import { LOADER_CONCURRENCY, resolveProfiles, startEnvironment } from './environment';
import { load } from './load';
import { log } from './log';
import { clockTicksPerSecond, readMemory } from './measure';
import { describe, measure, medianOf, nextIndex, probe } from './measurement';
import { parseOptions, usage } from './options';
import { installCleanupHandlers, isInterrupted, stopAll } from './processes';
import {
  evaluateTargets,
  fmt,
  renderMarkdown,
  writeJson,
  type BenchResults,
  type CallProbe,
  type Measurement,
  type SoakResult,
  type Target,
} from './report';
import { soak } from './rss-soak';
import { buildScenarios, DISTINCT_PROFILES, type ConnectionState } from './scenarios';

async function main(): Promise<void> {
  const options = parseOrExit('bench', usage, () => parseOptions(process.argv.slice(2)));
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (isInterrupted()) return; // the signal handler stops the children and exits
    log(`bench failed: ${(error as Error)?.stack ?? String(error)}`);
    void stopAll().finally(() => process.exit(1));
  },
);
