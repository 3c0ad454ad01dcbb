/** The command line of `npm run bench`: its options, their defaults and the usage line. */
import { resolve } from 'node:path';
import { envPairsOption, nodeFlagsOption, numberListOption, numberOption, parseCommandLine } from './cli-options';
import { productionNodeFlags } from './launch';
import { ROOT } from './paths';
import { ALL_SCENARIOS, type ScenarioId } from './scenarios';

export interface Options {
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

export function usage(): string {
  return `Usage: npm run bench -- [--duration S] [--rounds N] [--quick] [--scenarios 1,2,3,4,5,6|none] [--latencies 0,20] [--connections 1,32] [--soak S] [--out FILE] [--cpu-prof DIR] [--gateway-flags="NODE FLAGS"] [--baseline-flags="NODE FLAGS"] [--gateway-env K=V,K2=V2]`;
}

/** Throws on a bad value (the message names the option); -h/--help prints the usage and exits. */
export function parseOptions(argv: string[]): Options {
  const values = parseCommandLine(
    argv,
    {
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
    },
    usage,
  );
  const quick = values.quick === true;
  const durationS = numberOption('duration', values.duration, quick ? 1 : 5, 0.5, 3600);
  return {
    durationS,
    rounds: numberOption('rounds', values.rounds, quick ? 1 : 3, 1, 50),
    warmupS: quick ? 0.3 : Math.min(0.5, durationS / 2),
    scenarios: numberListOption('scenarios', values.scenarios, [...ALL_SCENARIOS], (n) =>
      (ALL_SCENARIOS as readonly number[]).includes(n),
    ) as ScenarioId[],
    latencies: numberListOption('latencies', values.latencies, [0, 20], (n) => n >= 0 && n <= 5000),
    connections: connectionsFor(numberListOption('connections', values.connections, [], (n) => n >= 1 && n <= 1024)),
    soakS: numberOption('soak', values.soak, 0, 0, 24 * 3600),
    out: resolve(ROOT, values.out ?? 'bench-results/latest.json'),
    cpuProfDir: values['cpu-prof'] ? resolve(values['cpu-prof']) : undefined,
    gatewayFlags: nodeFlagsOption(values['gateway-flags'] ?? PRODUCTION_NODE_FLAGS),
    baselineFlags: nodeFlagsOption(values['baseline-flags'] ?? ''),
    gatewayEnv: envPairsOption('gateway-env', values['gateway-env']),
  };
}

/**
 * The gateway runs with the production heap settings, read from package.json `config.nodeFlags`
 * (what `npm start` passes too), so the benchmark measures the documented launch command.
 */
const PRODUCTION_NODE_FLAGS = productionNodeFlags(ROOT);

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
