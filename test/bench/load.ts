/** Load with autocannon against one target, and the latency statistics of what it measured. */
import autocannon from 'autocannon';
import { headersFor, originOf, type Env } from './environment';
import { mean, percentile } from './measure';
import type { LatencyStats, Target } from './report';
import type { BenchRequest, ConnectionState, Scenario } from './scenarios';

export interface LoadOutcome {
  result: autocannon.Result;
  latencies: number[];
}

/**
 * One autocannon run; per-response latencies (float ms) are collected for exact percentiles. A
 * varying request is made per send from the connection's state (autocannon's per-connection
 * `context`, which lasts `cycle` requests), and `observe` sees each answer of that connection.
 */
export function load(
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

export function latencyStats(values: number[]): LatencyStats {
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

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
