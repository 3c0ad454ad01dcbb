/** The command line of `npm run soak`: its options, their defaults and the usage line. */
import { randomInt } from 'node:crypto';
import { join, resolve } from 'node:path';
import { envPairsOption, numberOption, parseCommandLine } from '../bench/cli-options';
import { ROOT } from './root';
import { SOAK_FAULT_MODES, type SoakFaultMode } from './sandbox-control';

export interface Options {
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

export function usage(): string {
  return (
    'Usage: npm run soak -- [--minutes N | --seconds N] [--concurrency N] [--rate OPS_PER_S] [--fault-rate P] [--modes 500,429,…] ' +
    '[--retry-after S] [--seed N] [--client-timeout S] [--reads-target PERCENT] [--instruments auto|off] [--dist DIR] [--logs DIR] [--gateway-env K=V,K2=V2]'
  );
}

/** Throws on a bad value (the message names the option); -h/--help prints the usage and exits. */
export function parseOptions(argv: string[]): Options {
  const values = parseCommandLine(
    argv,
    {
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
    },
    usage,
  );
  const durationS =
    values.seconds !== undefined
      ? numberOption('seconds', values.seconds, 0, 1, 86_400)
      : numberOption('minutes', values.minutes, 2, 0.05, 1440) * 60;
  const modes = (values.modes ?? SOAK_FAULT_MODES.join(','))
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const mode of modes)
    if (!(SOAK_FAULT_MODES as readonly string[]).includes(mode))
      throw new Error(`--modes: unknown mode "${mode}" (known: ${SOAK_FAULT_MODES.join(', ')})`);
  return {
    durationS,
    concurrency: Math.round(numberOption('concurrency', values.concurrency, 8, 1, 64)),
    rate: numberOption('rate', values.rate, 40, 1, 2000),
    faultRate: numberOption('fault-rate', values['fault-rate'], 0.05, 0, 1),
    modes: modes as SoakFaultMode[],
    retryAfterSeconds: Math.round(numberOption('retry-after', values['retry-after'], 1, 1, 60)),
    seed: Math.round(numberOption('seed', values.seed, randomInt(1, 2 ** 31 - 1), 0, 2 ** 32 - 1)),
    clientTimeoutMs: numberOption('client-timeout', values['client-timeout'], 30, 1, 600) * 1000,
    dist: resolve(values.dist ?? join(__dirname, '../../src')),
    logDir: resolve(values.logs ?? join(ROOT, 'test-output/soak')),
    readsTargetPercent: numberOption('reads-target', values['reads-target'], 99.9, 0, 100),
    instruments: parseInstruments(values.instruments),
    gatewayEnv: envPairsOption('gateway-env', values['gateway-env']),
  };
}

function parseInstruments(text: string | undefined): 'auto' | 'off' {
  if (text === undefined || text === 'auto') return 'auto';
  if (text === 'off') return 'off';
  throw new Error(`--instruments must be auto or off, got "${text}"`);
}
