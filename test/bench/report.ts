/**
 * Results of a benchmark run: their shape, the targets of the performance issue evaluated on
 * them, the markdown table printed to stdout and the JSON file written next to it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ScenarioId } from './scenarios';

export type Target = 'gateway' | 'baseline';

/** Latency percentiles in milliseconds (from per-response hrtime, not autocannon's 1 ms histogram). */
export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
  samples: number;
}

/** One autocannon run against one target. */
export interface Measurement {
  scenario: ScenarioId;
  latencyMs: number;
  target: Target;
  connections: number;
  durationS: number;
  /** 2xx responses. */
  requests: number;
  /** Requests sent (incl. those cut off when the run ended). */
  sent: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rps: number;
  latency: LatencyStats;
  /** Sandbox calls during the run / requests the server received (autocannon `sent`). */
  upstreamCallsPerOp: number;
  upstreamCalls: Record<string, number>;
  /** utime+stime of the target process per request received. */
  cpuMsPerOp: number;
  /** Same for the sandbox process (shared upstream; context for 2-core contention). */
  sandboxCpuMsPerOp: number;
  /** Highest VmRSS sampled (every 500 ms) of the target process during the run. */
  rssMaxMb: number;
  /** VmHWM of the target process after the run (process lifetime peak). */
  hwmMb: number;
}

/** Exact upstream calls per operation: N sequential checked requests, sandbox counters before/after. */
export interface CallProbe {
  scenario: ScenarioId;
  latencyMs: number;
  target: Target;
  operations: number;
  callsPerOp: number;
  calls: Record<string, number>;
}

export interface SoakResult {
  durationS: number;
  connections: number;
  latencyMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  rps: number;
  latency: LatencyStats;
  /** Gateway VmRSS every 5 s. */
  samples: Array<{ tS: number; rssMb: number }>;
  windowS: number;
  firstWindowAvgMb: number;
  lastWindowAvgMb: number;
  growthMb: number;
  hwmMb: number;
}

export interface TargetCheck {
  name: string;
  measured: string;
  limit: string;
  pass: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: {
    nproc: number;
    cpuModel: string;
    node: string;
    platform: string;
    clockTicks: number;
    totalMemMb: number;
    loadAvgStart: number[];
    loadAvgEnd: number[];
  };
  options: {
    durationS: number;
    rounds: number;
    warmupS: number;
    scenarios: ScenarioId[];
    latencies: number[];
    connections: Record<ScenarioId, number[]>;
    soakS: number;
    loaderConcurrency: number;
    gatewayFlags: string[];
    baselineFlags?: string[];
    gatewayEnv?: Record<string, string>;
    cpuProfile: boolean;
  };
  measurements: Measurement[];
  probes: CallProbe[];
  soak?: SoakResult;
  gatewayPeakRssMb: number;
  baselinePeakRssMb: number;
  targets: TargetCheck[];
}

const SCENARIO_LABEL: Record<ScenarioId, string> = {
  1: '1 customerProfile',
  2: '2 customerProfiles ×100/40',
  3: '3 _entities ×100/40',
  4: '4 updateCustomerProfile',
  5: '5 register/remove instrument',
  6: '6 mixed 80/15/5 (1/3/4)',
};

export const find = (results: Pick<BenchResults, 'measurements'>, scenario: ScenarioId, latencyMs: number, target: Target, connections: number) =>
  results.measurements.find((m) => m.scenario === scenario && m.latencyMs === latencyMs && m.target === target && m.connections === connections);

const probeOf = (results: Pick<BenchResults, 'probes'>, scenario: ScenarioId, latencyMs: number, target: Target) =>
  results.probes.find((p) => p.scenario === scenario && p.latencyMs === latencyMs && p.target === target);

/** The targets of the performance issue; `pass: null` when the run did not measure it. */
export function evaluateTargets(results: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const concurrency = results.options.loaderConcurrency;
  const wallLimit = (Math.ceil(40 / concurrency) + 1) * 20;
  const notMeasured = (name: string, limit: string): TargetCheck => ({ name, measured: 'not measured', limit, pass: null });

  {
    const name = 'S1 @0 ms, c=1: gateway p50 − baseline p50';
    const gw = find(results, 1, 0, 'gateway', 1);
    const base = find(results, 1, 0, 'baseline', 1);
    if (gw && base) {
      const delta = gw.latency.p50 - base.latency.p50;
      checks.push({
        name,
        measured: `${fmt(delta, 3)} ms (${fmt(gw.latency.p50, 3)} vs ${fmt(base.latency.p50, 3)})`,
        limit: '≤ 0.5 ms',
        pass: delta <= 0.5,
      });
    } else checks.push(notMeasured(name, '≤ 0.5 ms'));
  }
  {
    const name = 'S1 @0 ms, c=32: gateway req/s ÷ baseline req/s';
    const gw = find(results, 1, 0, 'gateway', 32);
    const base = find(results, 1, 0, 'baseline', 32);
    if (gw && base && base.rps > 0) {
      const ratio = gw.rps / base.rps;
      checks.push({ name, measured: `${fmt(ratio * 100, 1)} % (${fmt(gw.rps, 0)} vs ${fmt(base.rps, 0)})`, limit: '≥ 50 %', pass: ratio >= 0.5 });
    } else checks.push(notMeasured(name, '≥ 50 %'));
  }
  for (const scenario of [2, 3] as const) {
    {
      const name = `S${scenario} @20 ms: upstream calls per operation (exact probe)`;
      const probe = probeOf(results, scenario, 20, 'gateway');
      if (probe) checks.push({ name, measured: fmt(probe.callsPerOp, 2), limit: '= 40', pass: probe.callsPerOp === 40 });
      else checks.push(notMeasured(name, '= 40'));
    }
    {
      const name = `S${scenario} @20 ms, c=1: gateway wall time p50 (p99)`;
      const gw = find(results, scenario, 20, 'gateway', 1);
      const limit = `≤ ${wallLimit} ms`;
      if (gw)
        checks.push({ name, measured: `${fmt(gw.latency.p50, 1)} ms (${fmt(gw.latency.p99, 1)} ms)`, limit, pass: gw.latency.p50 <= wallLimit });
      else checks.push(notMeasured(name, limit));
    }
  }
  // Issue 18: batches, entities and mutations as lean as the single read (0 ms upstream).
  for (const [scenario, connections, cpuLimit, rpsLimit] of [
    [2, 8, 1.3, 0.85],
    [3, 8, 1.3, 0.85],
    [4, 32, 1.5, 0.7],
  ] as const) {
    const gw = find(results, scenario, 0, 'gateway', connections);
    const base = find(results, scenario, 0, 'baseline', connections);
    const cpuName = `S${scenario} @0 ms, c=${connections}: gateway CPU per operation ÷ baseline's`;
    const rpsName = `S${scenario} @0 ms, c=${connections}: gateway req/s ÷ baseline req/s`;
    if (gw && base && base.cpuMsPerOp > 0 && base.rps > 0) {
      const cpu = gw.cpuMsPerOp / base.cpuMsPerOp;
      const rps = gw.rps / base.rps;
      checks.push({
        name: cpuName,
        measured: `${fmt(cpu, 2)}× (${fmt(gw.cpuMsPerOp, 3)} vs ${fmt(base.cpuMsPerOp, 3)} ms)`,
        limit: `≤ ${cpuLimit}×`,
        pass: cpu <= cpuLimit,
      });
      checks.push({
        name: rpsName,
        measured: `${fmt(rps * 100, 1)} % (${fmt(gw.rps, 0)} vs ${fmt(base.rps, 0)})`,
        limit: `≥ ${rpsLimit * 100} %`,
        pass: rps >= rpsLimit,
      });
    } else {
      checks.push(notMeasured(cpuName, `≤ ${cpuLimit}×`));
      checks.push(notMeasured(rpsName, `≥ ${rpsLimit * 100} %`));
    }
  }
  {
    const name = 'Gateway peak RSS (VmHWM) over the whole run';
    checks.push({
      name,
      measured: `${fmt(results.gatewayPeakRssMb, 1)} MB`,
      limit: '≤ 120 MB',
      pass: Number.isFinite(results.gatewayPeakRssMb) ? results.gatewayPeakRssMb <= 120 : null,
    });
  }
  {
    const name = 'Soak: gateway RSS growth, last vs first window average';
    const limit = '≤ max(5 MB, 5 %)';
    const soak = results.soak;
    if (soak) {
      const allowed = Math.max(5, soak.firstWindowAvgMb * 0.05);
      checks.push({
        name,
        measured: `${fmt(soak.growthMb, 1)} MB (${fmt(soak.firstWindowAvgMb, 1)} → ${fmt(soak.lastWindowAvgMb, 1)} MB, ${soak.windowS} s windows, ${soak.durationS} s run)`,
        limit,
        pass: soak.growthMb <= allowed && soak.non2xx === 0 && soak.errors === 0,
      });
    } else checks.push(notMeasured(`${name} (run with --soak 300)`, limit));
  }
  return checks;
}

export function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

const verdict = (pass: boolean | null) => (pass === null ? '–' : pass ? '✅ pass' : '❌ FAIL');

/** The markdown report printed at the end of a run. */
export function renderMarkdown(results: BenchResults): string {
  const out: string[] = [];
  const m = results.machine;
  out.push(`## Benchmark results (${results.finishedAt})`);
  out.push('');
  out.push(
    `Machine: ${m.nproc} cores (${m.cpuModel}), ${fmt(m.totalMemMb / 1024, 0)} GiB, Node ${m.node}, ${m.platform}. ` +
      `Sandbox, gateway, baseline and load generator are separate processes on this machine, on 127.0.0.1. ` +
      `${results.options.durationS} s per measurement, gateway and baseline alternating for ${results.options.rounds} round(s), medians reported (${results.options.warmupS} s warm-up per scenario and target before the first); loader concurrency ${results.options.loaderConcurrency}. ` +
      `Load average (1 min) before/after: ${fmt(m.loadAvgStart[0], 2)} / ${fmt(m.loadAvgEnd[0], 2)}.` +
      (results.options.gatewayFlags.length ? ` Gateway node flags: \`${results.options.gatewayFlags.join(' ')}\`.` : '') +
      (results.options.baselineFlags?.length ? ` Baseline node flags (experiment): \`${results.options.baselineFlags.join(' ')}\`.` : '') +
      (Object.keys(results.options.gatewayEnv ?? {}).length
        ? ` Gateway environment overrides: \`${Object.entries(results.options.gatewayEnv ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}\`.`
        : '') +
      (results.options.cpuProfile ? ' Gateway ran under --cpu-prof (slower).' : ''),
  );
  out.push('');
  out.push(
    '| Scenario | Upstream latency | Conc. | GW req/s | Base req/s | GW/Base req/s | GW p50 / p90 / p99 ms | Base p50 / p90 / p99 ms | p50 Δ ms | Upstream calls/op GW (Base) | GW CPU ms/op | Base CPU ms/op | GW RSS max MB | Errors GW/Base |',
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const keys = new Set<string>();
  for (const x of results.measurements) keys.add(`${x.scenario}|${x.latencyMs}|${x.connections}`);
  const rows = [...keys].map((k) => k.split('|').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  for (const [scenario, latencyMs, connections] of rows) {
    const gw = find(results, scenario as ScenarioId, latencyMs, 'gateway', connections);
    const base = find(results, scenario as ScenarioId, latencyMs, 'baseline', connections);
    const gwProbe = probeOf(results, scenario as ScenarioId, latencyMs, 'gateway');
    const baseProbe = probeOf(results, scenario as ScenarioId, latencyMs, 'baseline');
    const lat = (x?: Measurement) => (x ? `${fmt(x.latency.p50, 2)} / ${fmt(x.latency.p90, 2)} / ${fmt(x.latency.p99, 2)}` : '–');
    const calls = (probe?: CallProbe, x?: Measurement) => (probe ? fmt(probe.callsPerOp, 2) : x ? `~${fmt(x.upstreamCallsPerOp, 2)}` : '–');
    out.push(
      [
        '',
        SCENARIO_LABEL[scenario as ScenarioId],
        `${latencyMs} ms`,
        connections,
        gw ? fmt(gw.rps, 0) : '–',
        base ? fmt(base.rps, 0) : '–',
        gw && base && base.rps > 0 ? `${fmt((gw.rps / base.rps) * 100, 0)} %` : '–',
        lat(gw),
        lat(base),
        gw && base ? fmt(gw.latency.p50 - base.latency.p50, 2) : '–',
        `${calls(gwProbe, gw)} (${calls(baseProbe, base)})`,
        gw ? fmt(gw.cpuMsPerOp, 3) : '–',
        base ? fmt(base.cpuMsPerOp, 3) : '–',
        gw ? fmt(gw.rssMaxMb, 1) : '–',
        `${gw ? gw.non2xx + gw.errors : '–'}/${base ? base.non2xx + base.errors : '–'}`,
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  out.push('');
  out.push(`Peak RSS (VmHWM) over the run: gateway ${fmt(results.gatewayPeakRssMb, 1)} MB, baseline ${fmt(results.baselinePeakRssMb, 1)} MB.`);
  if (results.soak) {
    const s = results.soak;
    out.push(
      `Soak (scenarios 1+2 mixed, ${s.latencyMs} ms upstream, c=${s.connections}, ${s.durationS} s): ${fmt(s.rps, 0)} req/s, p50 ${fmt(s.latency.p50, 2)} ms, p99 ${fmt(s.latency.p99, 2)} ms, ` +
        `RSS first ${s.windowS} s avg ${fmt(s.firstWindowAvgMb, 1)} MB, last ${s.windowS} s avg ${fmt(s.lastWindowAvgMb, 1)} MB, VmHWM ${fmt(s.hwmMb, 1)} MB, errors ${s.non2xx + s.errors}.`,
    );
  }
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push('| Target | Measured | Limit | Result |');
  out.push('|---|---|---|---|');
  for (const t of results.targets) out.push(`| ${t.name} | ${t.measured} | ${t.limit} | ${verdict(t.pass)} |`);
  out.push('');
  out.push(
    'Notes: latency percentiles come from per-response hrtime (sub-ms resolution). "Upstream calls/op" is exact (sequential probe requests, ' +
      'sandbox counters before/after); "~" marks a load-based estimate. CPU ms/op = utime+stime of that process ÷ requests sent ' +
      `(tick ${fmt(1000 / results.machine.clockTicks, 0)} ms). Timings are never asserted in jest.`,
  );
  return out.join('\n');
}

export function writeJson(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
