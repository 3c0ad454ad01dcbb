/**
 * What the runner measures per scenario and target: a probe (exact upstream calls per operation,
 * answers checked), a timed measurement under load (throughput, latency, calls, CPU and memory per
 * operation), the median of a target's rounds, and the progress line of one measurement.
 */
import { assertAlive, headersFor, originOf, serviceOf, type Env } from './environment';
import { controlRequestOnce } from './control-request';
import { diffCalls, sandboxStats, waitQuiet } from './control-requests';
import { latencyStats, load } from './load';
import { readCpuMs, readMemory, RssSampler } from './measure';
import { sleep } from './processes';
import { fmt, type CallProbe, type Measurement, type Target } from './report';
import type { ConnectionState, Scenario, ScenarioId } from './scenarios';

const PROBE_OPERATIONS = 3;

/** Sequential, checked requests; sandbox counters before/after give the exact calls per operation. */
export async function probe(env: Env, scenario: Scenario, target: Target, latencyMs: number): Promise<CallProbe> {
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

export async function measure(
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
export function medianOf(runs: Measurement[]): Measurement {
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

export function describe(m: Measurement): string {
  const errors = m.non2xx + m.errors > 0 ? `  ⚠ non2xx ${m.non2xx} errors ${m.errors} timeouts ${m.timeouts}` : '';
  return (
    `  ${m.target.padEnd(8)} c=${String(m.connections).padEnd(3)} ${fmt(m.rps, 0).padStart(6)} req/s  p50 ${fmt(m.latency.p50, 2)} p90 ${fmt(m.latency.p90, 2)} p99 ${fmt(m.latency.p99, 2)} ms  ` +
    `calls/op ~${fmt(m.upstreamCallsPerOp, 2)}  cpu ${fmt(m.cpuMsPerOp, 3)} ms/op  rss ${fmt(m.rssMaxMb, 1)} MB${errors}`
  );
}

/** Request counters per scenario, shared by probes and load so scenario 4 keeps alternating. */
const counters = new Map<ScenarioId, number>();
export const nextIndex = (id: ScenarioId) => {
  const n = counters.get(id) ?? 0;
  counters.set(id, n + 1);
  return n;
};
