/**
 * The one HTTP client of the gateway towards IXOPAY: every profile and transaction call is signed
 * here (./request-signer.ts), sent over one keep-alive undici pool (./transport.ts), interpreted
 * without trusting the body (./wire/interpret.ts) and protected by a circuit breaker, a concurrency
 * limiter and — for getProfile only — retries (./resilience). Composition per HTTP attempt:
 *
 *   retry (getProfile only) → circuit breaker → limiter → deadline → signed POST → interpret
 *
 * Retry is outermost so a call backing off holds no limiter slot, and every attempt is seen — and
 * can be short-circuited — by the breaker.
 */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { parseBaseUrl } from './base-url';
import { Deadline } from './deadline';
import { ProfileNotFoundError, UpstreamRejectedError, UpstreamUnavailableError, isIxopayError } from './errors';
import { encodeJsonBody, type JsonStyle } from './json-body';
import { RequestSigner } from './request-signer';
import { Pool } from './undici-pool';
import { CircuitBreaker, circuitOutcomeOf, type CallOutcome, type CircuitState } from './resilience/circuit';
import { Limiter, LimiterAbortedError } from './resilience/limiter';
import { MAX_TIMER_MS, resolveResilience, type ResilienceOptions } from './resilience/options';
import { runWithRetry } from './resilience/retry';
import type { BodyHashAlgorithm } from './signature';
import { exchange } from './transport';
import type { JsonObject } from './wire/fields';
import { interpretResponse, NOT_FOUND } from './wire/interpret';
import { parseProfile } from './wire/profile';
import { deregisterBody, profileRefBody, registerBody, updateProfileBody } from './wire/requests';
import { parseDeleteResult, parseDeregisterResult, parseRegisterResult, parseUpdateResult } from './wire/results';
import type {
  CallOptions,
  CustomerProfile,
  DeregisterRequest,
  DeregisterResult,
  ProfileRef,
  ProfilesApi,
  RegisterRequest,
  RegisterResult,
  UpdateProfileRequest,
  UpdateProfileResult,
  UpstreamCallEvent,
} from './types';

/** Construction options of IxopayClient. */
export interface IxopayClientOptions {
  /** e.g. `https://gateway.ixopay.com/`; a path prefix (`https://host/sandbox/`) is part of the signed URI. http only towards loopback. */
  baseUrl: string;
  username: string;
  /**
   * Sent in Basic auth exactly as configured. The official PHP client sends sha1 applied ten times
   * (`phpHashedPassword`); to mimic it, configure that 40-hex value here. We never hash it ourselves.
   */
  password: string;
  apiKey: string;
  sharedSecret: string;
  /** Body hash inside the signature: `sha512` (current) or `md5` (legacy, PHP client default). */
  bodyHash: BodyHashAlgorithm;
  /** Deadline of one attempt: limiter queueing + connect + request + headers + whole body. Default (config) 10000. */
  timeoutMs: number;
  /** Keep-alive connections in the pool towards the origin. */
  connections: number;
  /** Injected dispatcher (tests); it is not closed by close(). Default: an undici Pool with TLS ≥ 1.2. */
  dispatcher?: Dispatcher;
  /** Wall clock for Date/X-Date and Retry-After dates. Default `() => new Date()`. */
  clock?: () => Date;
  /** Suffix of the Date header: `GMT` (RFC 7231) or `UTC` (PHP client). Default 'GMT'. */
  dateSuffix?: 'GMT' | 'UTC';
  /** `standard` JSON.stringify bytes, or PHP json_encode-compatible escapes. Default 'standard'. */
  jsonStyle?: JsonStyle;
  /** Largest response body read; beyond it the attempt fails ('unexpected_shape'). Default 2 MiB. */
  maxResponseBytes?: number;
  /** Observer called after every HTTP attempt (metrics, logs). Never receives bodies. Exceptions are swallowed. */
  onCall?: (event: UpstreamCallEvent) => void;
  /** Retry, limiter and circuit breaker settings; see ResilienceOptions for defaults. */
  resilience?: Partial<ResilienceOptions>;
}

/** Default cap on a response body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/** IXOPAY Customer Profiles (and register/deregister) client. One instance per upstream. */
export class IxopayClient implements ProfilesApi {
  readonly #origin: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #signer: RequestSigner;
  readonly #clock: () => Date;
  readonly #jsonStyle: JsonStyle;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #onCall: ((event: UpstreamCallEvent) => void) | undefined;
  readonly #resilience: ResilienceOptions;
  readonly #now: () => number;
  readonly #circuit: CircuitBreaker;
  readonly #limiter: Limiter;
  readonly #ops: Operations;
  #closed = false;

  /** Validates the options (throwing a plain Error that never contains a credential) and creates the pool. */
  constructor(options: IxopayClientOptions) {
    const base = parseBaseUrl(options.baseUrl);
    for (const key of ['username', 'password', 'apiKey', 'sharedSecret'] as const) {
      if (typeof options[key] !== 'string' || options[key] === '') throw new Error(`IXOPAY client option ${key} must be a non-empty string`);
    }
    // RFC 7617: the user-id cannot contain a colon.
    if (options.username.includes(':')) throw new Error('IXOPAY client option username must not contain ":"');
    if (options.bodyHash !== 'sha512' && options.bodyHash !== 'md5') throw new Error('IXOPAY client option bodyHash must be "sha512" or "md5"');
    const dateSuffix = options.dateSuffix ?? 'GMT';
    if (dateSuffix !== 'GMT' && dateSuffix !== 'UTC') throw new Error('IXOPAY client option dateSuffix must be "GMT" or "UTC"');
    const jsonStyle = options.jsonStyle ?? 'standard';
    if (jsonStyle !== 'standard' && jsonStyle !== 'php') throw new Error('IXOPAY client option jsonStyle must be "standard" or "php"');
    positiveInteger('timeoutMs', options.timeoutMs, MAX_TIMER_MS);
    positiveInteger('connections', options.connections, 65_536);
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    positiveInteger('maxResponseBytes', maxResponseBytes, 2 ** 30);

    this.#origin = base.origin;
    this.#clock = options.clock ?? (() => new Date());
    this.#jsonStyle = jsonStyle;
    this.#timeoutMs = options.timeoutMs;
    this.#maxResponseBytes = maxResponseBytes;
    this.#onCall = options.onCall;
    this.#resilience = resolveResilience(options.resilience);
    this.#now = this.#resilience.now;
    this.#signer = new RequestSigner({
      username: options.username,
      password: options.password,
      sharedSecret: options.sharedSecret,
      bodyHash: options.bodyHash,
      clock: this.#clock,
      dateSuffix,
    });
    this.#circuit = new CircuitBreaker({
      failureThreshold: this.#resilience.failureThreshold,
      errorThresholdPercentage: this.#resilience.errorThresholdPercentage,
      volumeThreshold: this.#resilience.volumeThreshold,
      rollingWindowMs: this.#resilience.rollingWindowMs,
      resetTimeoutMs: this.#resilience.resetTimeoutMs,
      now: this.#now,
      onStateChange: this.#resilience.onStateChange,
    });
    this.#limiter = new Limiter(this.#resilience.maxInFlight, this.#resilience.maxQueue);
    this.#ops = operations(base.pathPrefix, options.apiKey);

    if (options.dispatcher) {
      this.#dispatcher = options.dispatcher;
      this.#ownsDispatcher = false;
    } else {
      this.#dispatcher = new Pool(base.origin, {
        connections: options.connections,
        // TLS 1.2+ as the platform requires; ignored for loopback http.
        connect: { minVersion: 'TLSv1.2' },
        // Backstops only: the per-attempt Deadline is what bounds a call.
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      this.#ownsDispatcher = true;
    }
  }

  /** The profile, or null when IXOPAY says it does not exist. The only operation that is retried. */
  async getProfile(ref: ProfileRef, options?: CallOptions): Promise<CustomerProfile | null> {
    const op = this.#ops.getProfile;
    this.#assertOpen(op.name);
    const body = encodeJsonBody(profileRefBody(ref), this.#jsonStyle);
    const signal = options?.signal;
    const result = await runWithRetry(
      this.#resilience,
      this.#timeoutMs,
      (attempt, deadlineAt) => this.#attempt(op, body, attempt, deadlineAt, signal),
      signal,
    );
    return result === NOT_FOUND ? null : result;
  }

  /** Updates customer data / preferred instrument; ProfileNotFoundError when the profile does not exist. Never retried. */
  async updateProfile(ref: ProfileRef, request: UpdateProfileRequest, options?: CallOptions): Promise<UpdateProfileResult> {
    const op = this.#ops.updateProfile;
    const result = await this.#once(op, updateProfileBody(ref, request), options?.signal);
    if (result === NOT_FOUND) throw new ProfileNotFoundError(op.name);
    return result;
  }

  /** Deletes the profile; ProfileNotFoundError when it does not exist. Never retried. */
  async deleteProfile(ref: ProfileRef, options?: CallOptions): Promise<void> {
    const op = this.#ops.deleteProfile;
    const result = await this.#once(op, profileRefBody(ref), options?.signal);
    if (result === NOT_FOUND) throw new ProfileNotFoundError(op.name);
  }

  /** Transaction API register carrying customerProfileData (creates/extends a profile). Never retried. */
  async register(request: RegisterRequest, options?: CallOptions): Promise<RegisterResult> {
    const op = this.#ops.register;
    const result = await this.#once(op, registerBody(request), options?.signal);
    if (result === NOT_FOUND) throw new ProfileNotFoundError(op.name);
    return result;
  }

  /** Transaction API deregister (detaches the instrument from its profile). Never retried. */
  async deregister(request: DeregisterRequest, options?: CallOptions): Promise<DeregisterResult> {
    const op = this.#ops.deregister;
    const result = await this.#once(op, deregisterBody(request), options?.signal);
    if (result === NOT_FOUND) throw new ProfileNotFoundError(op.name);
    return result;
  }

  /** State of the circuit breaker (for readiness and metrics). */
  circuitState(): CircuitState {
    return this.#circuit.state;
  }

  /** Stops accepting calls and closes the pool (waiting for in-flight requests); an injected dispatcher is left open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new UpstreamUnavailableError(operation, 'connection', 'client is closed');
  }

  /** A single attempt with the full timeout: the path of every write. */
  #once<T>(op: Operation<T>, body: object, signal: AbortSignal | undefined): Promise<T | typeof NOT_FOUND> {
    this.#assertOpen(op.name);
    return this.#attempt(op, encodeJsonBody(body, this.#jsonStyle), 1, this.#now() + this.#timeoutMs, signal);
  }

  /** circuit → limiter → deadline → exchange → interpret, for one HTTP attempt. */
  async #attempt<T>(op: Operation<T>, body: Buffer, attempt: number, deadlineAt: number, signal: AbortSignal | undefined): Promise<T | typeof NOT_FOUND> {
    const admission = this.#circuit.admit();
    if (admission === 'rejected') {
      throw new UpstreamUnavailableError(op.name, 'circuit_open', 'circuit breaker is open; failing fast without calling IXOPAY');
    }
    const deadline = new Deadline(deadlineAt - this.#now(), signal);
    let outcome: CallOutcome = 'neutral';
    try {
      if (!this.#limiter.tryAcquire()) {
        try {
          await this.#limiter.acquire(op.name, deadline.signal);
        } catch (error) {
          if (error instanceof LimiterAbortedError) {
            const why = deadline.cause === 'caller' ? 'call aborted by the caller' : 'call deadline exceeded';
            throw new UpstreamUnavailableError(op.name, 'timeout', `${why} while waiting for an upstream slot`);
          }
          throw error;
        }
      }
      try {
        const result = await this.#send(op, body, attempt, deadline);
        outcome = 'success';
        return result;
      } catch (error) {
        outcome = circuitOutcomeOf(error, deadline.cause === 'caller');
        throw error;
      } finally {
        this.#limiter.release();
      }
    } finally {
      deadline.dispose();
      this.#circuit.record(admission, outcome);
    }
  }

  /** Signs, sends, interprets, and reports the attempt to onCall. */
  async #send<T>(op: Operation<T>, body: Buffer, attempt: number, deadline: Deadline): Promise<T | typeof NOT_FOUND> {
    const started = performance.now();
    let status = 0;
    try {
      const raw = await exchange({
        dispatcher: this.#dispatcher,
        origin: this.#origin,
        operation: op.name,
        path: op.path,
        headers: this.#signer.headers(body, op.path),
        body,
        deadline,
        maxResponseBytes: this.#maxResponseBytes,
      });
      status = raw.status;
      const result = interpretResponse(op.name, raw, this.#clock(), op.parse);
      this.#report(op.name, status, started, result === NOT_FOUND ? 'PROFILE_NOT_FOUND' : 'ok', undefined, attempt);
      return result;
    } catch (error) {
      if (status === 0 && error instanceof UpstreamUnavailableError) status = error.httpStatus ?? 0;
      const outcome = isIxopayError(error) ? error.code : 'UPSTREAM_UNAVAILABLE';
      this.#report(op.name, status, started, outcome, error instanceof UpstreamRejectedError ? error.errorCode : undefined, attempt);
      throw error;
    }
  }

  #report(
    operation: string,
    status: number,
    started: number,
    outcome: UpstreamCallEvent['outcome'],
    errorCode: number | string | undefined,
    attempt: number,
  ): void {
    const onCall = this.#onCall;
    if (!onCall) return;
    const event: UpstreamCallEvent = { operation, status, durationMs: performance.now() - started, outcome, attempt };
    if (errorCode !== undefined) event.errorCode = errorCode;
    try {
      onCall(event);
    } catch {
      // An observer must not break the call path.
    }
  }
}

/** One endpoint: its name (as in errors and events), signed path, and success-body parser. */
interface Operation<T> {
  readonly name: string;
  readonly path: string;
  readonly parse: (body: JsonObject) => T;
}

interface Operations {
  getProfile: Operation<CustomerProfile>;
  updateProfile: Operation<UpdateProfileResult>;
  deleteProfile: Operation<void>;
  register: Operation<RegisterResult>;
  deregister: Operation<DeregisterResult>;
}

// Paths are fixed per client, so they are built once. The apiKey is a path segment: encode it.
function operations(prefix: string, apiKey: string): Operations {
  const key = encodeURIComponent(apiKey);
  const profiles = `${prefix}/api/v3/customerProfiles/${key}/`;
  const transaction = `${prefix}/api/v3/transaction/${key}/`;
  return {
    getProfile: { name: 'getProfile', path: profiles + 'getProfile', parse: parseProfile },
    updateProfile: { name: 'updateProfile', path: profiles + 'updateProfile', parse: parseUpdateResult },
    deleteProfile: { name: 'deleteProfile', path: profiles + 'deleteProfile', parse: parseDeleteResult },
    register: { name: 'register', path: transaction + 'register', parse: parseRegisterResult },
    deregister: { name: 'deregister', path: transaction + 'deregister', parse: parseDeregisterResult },
  };
}

function positiveInteger(name: string, value: unknown, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`IXOPAY client option ${name} must be an integer in [1, ${max}]`);
  }
}
