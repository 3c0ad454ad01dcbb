/** `--soak S`: the gateway's RSS over a long mixed load (scenarios 1 and 2), first window against last. */
import { assertAlive, type Env } from './environment';
import { setSandboxLatency, waitQuiet } from './control-requests';
import { latencyStats, load, type LoadOutcome } from './load';
import { log } from './log';
import { mean, readMemory, RssSampler } from './measure';
import { fmt, type SoakResult } from './report';
import type { Scenario, ScenarioId } from './scenarios';

export async function soak(env: Env, scenarios: Record<ScenarioId, Scenario>, durationS: number): Promise<SoakResult> {
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
