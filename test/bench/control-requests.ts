/**
 * The runner's own HTTP requests, beside the load: the sandbox's control endpoints (upstream call
 * counters, injected latency), waiting for the upstream to go quiet, and the probes' single
 * checked requests.
 */
import type { Env } from './environment';
import { controlRequestOnce } from './control-request';
import { log } from './log';
import { sleep } from './processes';

export async function sandboxStats(sandboxUrl: string): Promise<{ calls: Record<string, number>; total: number }> {
  const res = await controlRequest('GET', `${sandboxUrl}/__sandbox/stats`);
  if (res.status !== 200) throw new Error(`GET /__sandbox/stats answered ${res.status}: ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text) as { calls: Record<string, number>; total: number };
}

export async function setSandboxLatency(sandboxUrl: string, ms: number): Promise<void> {
  const res = await controlRequest('PUT', `${sandboxUrl}/__sandbox/latency`, { ms });
  if (res.status !== 200) throw new Error(`PUT /__sandbox/latency {"ms":${ms}} answered ${res.status}: ${res.text.slice(0, 200)}`);
}

export function diffCalls(before: { calls: Record<string, number>; total: number }, after: { calls: Record<string, number>; total: number }) {
  const calls: Record<string, number> = {};
  for (const [key, value] of Object.entries(after.calls)) {
    const d = value - (before.calls[key] ?? 0);
    if (d !== 0) calls[key] = d;
  }
  return { calls, total: after.total - before.total };
}

/**
 * Waits until the sandbox has seen no call for a while: a run's requests that autocannon cut off at
 * its end (and anything queued behind them in the gateway) finish before the next counters are
 * read, so no measurement or probe is charged with another's upstream calls or CPU. Bounded.
 */
export async function waitQuiet(env: Env, latencyMs: number, maxMs = 60_000): Promise<void> {
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

async function controlRequest(method: 'GET' | 'PUT', url: string, body?: unknown): Promise<{ status: number; text: string }> {
  try {
    return await controlRequestOnce(method, url, body);
  } catch {
    await sleep(100);
    return controlRequestOnce(method, url, body);
  }
}
