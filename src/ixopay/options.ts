/**
 * What IxopayClient is constructed with, and its validation. Three parts: the connection (where and
 * as whom), the tuning (declared with defaults and ranges in ./settings.ts; `config.ixopay` is
 * exactly this part) and hooks (observers and, for tests, injected time and transport).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { resolveSettings, type SettingsValues } from '../config/declare';
import { parseBaseUrl, type BaseUrl } from './base-url';
import type { UpstreamBudget } from './resilience/budget';
import type { CircuitState } from './resilience/circuit';
import type { UpstreamCoolDown } from './resilience/cool-down';
import {
  defaultAttemptTimeout,
  IXOPAY_CONNECTION_SETTINGS,
  IXOPAY_SETTINGS,
  tuningProblems,
  type IxopayConnection,
  type IxopayTuning,
} from './settings';
import type { UpstreamCallEvent } from './types';

/** Observers, and replacements for time, transport and shared state. All optional. */
export interface IxopayHooks {
  /** Called after every HTTP attempt (metrics, logs). Never receives bodies. Exceptions are swallowed. */
  onCall?: (event: UpstreamCallEvent) => void;
  /** Called on every circuit state change (metrics, logs). Exceptions are swallowed. */
  onCircuitStateChange?: (state: CircuitState, previous: CircuitState) => void;
  /** Dispatcher for both APIs (tests); it is not closed by close(). Default: undici Pools with TLS ≥ 1.2. */
  dispatcher?: Dispatcher;
  /** Wall clock: Date/X-Date, Retry-After dates, the cool-down. Default `() => new Date()`. */
  clock?: () => Date;
  /** Monotonic milliseconds: deadlines, backoff, the breaker. Default performance.now. */
  now?: () => number;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. Default timers/promises setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Where the 429 cool-down lives. Default: in this process (LocalCoolDown). */
  coolDown?: UpstreamCoolDown;
  /** Admission of attempts. Default: a Limiter of maxInFlight/maxQueue in this process. */
  budget?: UpstreamBudget;
}

/** Construction options: a connection, any tuning to override, hooks. */
export interface IxopayClientOptions extends IxopayConnection, Partial<IxopayTuning>, IxopayHooks {}

/** The tuning with every default applied. */
export type ResolvedTuning = { [K in keyof IxopayTuning]-?: Exclude<IxopayTuning[K], undefined> };

/** Options after validation, with every default applied. */
export interface ResolvedOptions extends Required<Pick<IxopayHooks, 'clock' | 'now' | 'random' | 'sleep'>> {
  tuning: ResolvedTuning;
  connection: IxopayConnection;
  profilesBase: BaseUrl;
  transactionBase: BaseUrl;
  hooks: Pick<IxopayHooks, 'onCall' | 'onCircuitStateChange' | 'dispatcher' | 'coolDown' | 'budget'>;
}

const LABEL = 'IXOPAY client option';

const HOOK_KEYS = ['onCall', 'onCircuitStateChange', 'dispatcher', 'clock', 'now', 'random', 'sleep', 'coolDown', 'budget'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set([...Object.keys(IXOPAY_SETTINGS), ...Object.keys(IXOPAY_CONNECTION_SETTINGS), ...HOOK_KEYS]);

/**
 * Checks every option and applies the defaults. Throws a plain Error naming the option; messages
 * never contain a value (a credential or a URL with the API key could be one).
 */
export function resolveOptions(options: IxopayClientOptions): ResolvedOptions {
  for (const key of Object.keys(options)) {
    // A misspelt knob would silently fall back to its default: refuse it instead.
    if (!KNOWN_KEYS.has(key)) throw new Error(`${LABEL} ${key} is not a known option`);
  }
  for (const key of ['username', 'password', 'apiKey', 'sharedSecret'] as const) {
    if (typeof options[key] !== 'string') throw new Error(`${LABEL} ${key} must be a non-empty string`);
  }
  const connection = resolveSettings(IXOPAY_CONNECTION_SETTINGS, options, LABEL) as SettingsValues<typeof IXOPAY_CONNECTION_SETTINGS> &
    IxopayConnection;
  const tuning = resolveSettings(IXOPAY_SETTINGS, options, LABEL);
  const resolvedTuning: ResolvedTuning = { ...tuning, attemptTimeoutMs: tuning.attemptTimeoutMs ?? defaultAttemptTimeout(tuning.timeoutMs) };
  for (const { option, problem } of tuningProblems(resolvedTuning)) throw new Error(`${LABEL} ${option} ${problem}`);
  return {
    tuning: resolvedTuning,
    connection,
    profilesBase: parseBaseUrl(options.baseUrl, `${LABEL} baseUrl`),
    transactionBase: parseBaseUrl(options.transactionBaseUrl ?? options.baseUrl, `${LABEL} transactionBaseUrl`),
    clock: options.clock ?? (() => new Date()),
    now: options.now ?? (() => performance.now()),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
    hooks: {
      onCall: options.onCall,
      onCircuitStateChange: options.onCircuitStateChange,
      dispatcher: options.dispatcher,
      coolDown: options.coolDown,
      budget: options.budget,
    },
  };
}
