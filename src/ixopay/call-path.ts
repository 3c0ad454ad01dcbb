/**
 * The path every call to IXOPAY takes:
 *
 *   circuit (once per call) → [retries: getProfile only] → cool-down gate → budget slot
 *     → attempt deadline → signed POST → interpret
 *
 * One Deadline per call bounds all of it (timeoutMs). A getProfile attempt that may still be
 * retried gets its own, shorter deadline (attemptTimeoutMs) nested in the call's and started once it
 * holds a slot, so a hung attempt is abandoned in time for another while queueing behind our own
 * limiter is not charged to the upstream; the last attempt gets whatever the call has left. Retries
 * sit outside the budget, so a call backing off holds no slot. The breaker sees each call once, with
 * its final outcome: a read that succeeded on its third attempt is one success.
 *
 * With a quota (IXOPAY_RATE_LIMIT_PER_SECOND, resilience/rate-budget.ts) the budget slot also waits
 * for a unit of the current second's quota; one that cannot come before the deadline fails fast as
 * a local UPSTREAM_RATE_LIMITED. With tracing on, each call and each attempt is a span
 * (./call-trace.ts) and each attempt sends its `traceparent`.
 */
import { performance } from 'node:perf_hooks';
import type { Tracer } from '@opentelemetry/api';
import { gatewayTracer } from '../fleet/tracing';
import { CallTrace } from './call-trace';
import { ABORT_MESSAGES, Deadline } from './deadline';
import type { Endpoint } from './endpoints';
import { UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError, isIxopayError } from './errors';
import type { ResolvedOptions, ResolvedTuning } from './options';
import type { RequestSigner } from './request-signer';
import type { UpstreamBudget } from './resilience/budget';
import { circuitOutcomeOf, type CallOutcome, type CircuitBreaker } from './resilience/circuit';
import type { UpstreamCoolDown } from './resilience/cool-down';
import { LimiterAbortedError, LimiterQueueFullError } from './resilience/limiter';
import { QuotaExhaustedError } from './resilience/rate-budget';
import { backoffMs, runWithRetry, type RetryPolicy } from './resilience/retry';
import { exchange } from './transport';
import type { UpstreamCallEvent } from './types';
import { interpretResponse, NOT_FOUND } from './wire/interpret';

/** What a call path is built from; the client owns each part. */
export interface CallPathParts {
  options: ResolvedOptions;
  signer: RequestSigner;
  circuit: CircuitBreaker;
  coolDown: UpstreamCoolDown;
  budget: UpstreamBudget;
}

export class CallPath {
  readonly #tuning: ResolvedTuning;
  readonly #options: ResolvedOptions;
  readonly #signer: RequestSigner;
  readonly #circuit: CircuitBreaker;
  readonly #coolDown: UpstreamCoolDown;
  readonly #budget: UpstreamBudget;
  readonly #retry: RetryPolicy;
  /** Set when an OpenTelemetry SDK runs (OTEL_EXPORTER_OTLP_ENDPOINT); else no tracing work at all. */
  readonly #tracer: Tracer | undefined = gatewayTracer();

  constructor(parts: CallPathParts) {
    this.#options = parts.options;
    this.#tuning = parts.options.tuning;
    this.#signer = parts.signer;
    this.#circuit = parts.circuit;
    this.#coolDown = parts.coolDown;
    this.#budget = parts.budget;
    const { now, sleep } = this.#options;
    const policy = { ...this.#tuning, random: this.#options.random };
    this.#retry = {
      maxAttempts: this.#tuning.retryMaxAttempts,
      now,
      sleep,
      backoffMs: (attempt) => backoffMs(attempt, policy),
      coolDownMs: () => Math.max(0, this.#coolDown.until() - this.#options.clock().getTime()),
      halted: () => this.#circuit.state === 'open',
    };
  }

  /** One logical call: the parsed result, NOT_FOUND, or an error of the closed set. */
  async call<T>(endpoint: Endpoint<T>, body: Buffer, signal: AbortSignal | undefined): Promise<T | typeof NOT_FOUND> {
    const trace = this.#tracer && new CallTrace(this.#tracer, endpoint.name);
    const admission = this.#circuit.admit();
    trace?.admission(admission, this.#circuit.state);
    if (admission === 'rejected') {
      const error = new UpstreamUnavailableError(endpoint.name, 'circuit_open', 'circuit breaker is open; failing fast without calling IXOPAY');
      trace?.end('rejected', error);
      throw error;
    }
    const { timeoutMs, retryMaxAttempts } = this.#tuning;
    const deadlineAt = this.#options.now() + timeoutMs;
    const call = new Deadline(timeoutMs, signal);
    let outcome: CallOutcome = 'neutral';
    let failure: unknown;
    try {
      const result =
        endpoint.retried && retryMaxAttempts > 1
          ? await runWithRetry(
              this.#retry,
              {
                deadlineAt,
                // Read only after a failed attempt: a call that never waits never makes its signal.
                get signal() {
                  return call.signal;
                },
                onRetry: trace && ((n, waitMs) => trace.event('retry', () => ({ 'ixopay.attempt': n, 'ixopay.retry.wait_ms': waitMs }))),
              },
              (n, last) => this.#attempt(endpoint, body, n, last, call, deadlineAt, trace),
            )
          : await this.#attempt(endpoint, body, 1, true, call, deadlineAt, trace);
      outcome = 'success';
      return result;
    } catch (error) {
      failure = error;
      // A caller that went away proves nothing about the upstream.
      outcome = call.cause === 'caller' ? 'neutral' : circuitOutcomeOf(error);
      throw error;
    } finally {
      call.dispose();
      this.#circuit.record(admission, outcome);
      trace?.end(outcome, failure);
    }
  }

  /** cool-down gate → slot → attempt deadline → send. */
  async #attempt<T>(
    endpoint: Endpoint<T>,
    body: Buffer,
    n: number,
    last: boolean,
    call: Deadline,
    deadlineAt: number,
    trace: CallTrace | undefined,
  ): Promise<T | typeof NOT_FOUND> {
    await this.#passCoolDown(endpoint.name, call, deadlineAt, trace);
    while (!this.#budget.tryAcquire()) {
      await this.#waitForSlot(endpoint.name, call, deadlineAt, trace);
      // A 429 (this replica's or, through Redis, another's) may have come while this attempt
      // waited for its slot or its second of the quota: nothing is sent before its cool-down ends.
      if (this.#coolDown.until() <= this.#options.clock().getTime()) break;
      this.#budget.release();
      await this.#passCoolDown(endpoint.name, call, deadlineAt, trace);
    }
    let deadline = call;
    try {
      if (!last) {
        const { attemptTimeoutMs } = this.#tuning;
        if (attemptTimeoutMs < deadlineAt - this.#options.now()) deadline = new Deadline(attemptTimeoutMs, call, 'attempt');
      }
      return await this.#send(endpoint, body, n, deadline, trace);
    } finally {
      if (deadline !== call) deadline.dispose();
      this.#budget.release();
    }
  }

  /**
   * Nothing is sent while a cool-down lasts. A call whose deadline outlasts the cool-down waits for
   * its end (a 1 s Retry-After must not fail a read that has 10 s); one whose deadline does not
   * fails fast with the seconds left. Either way IXOPAY sees nothing until the cool-down is over,
   * so there is no retry storm; the waiters are bounded by the requests in flight (the server's
   * connection cap and request timeout bound those).
   */
  async #passCoolDown(operation: string, call: Deadline, deadlineAt: number, trace: CallTrace | undefined): Promise<void> {
    const until = this.#coolDown.until();
    if (until <= 0) return;
    const left = until - this.#options.clock().getTime();
    if (left <= 0) return;
    const refusal = () => new UpstreamRateLimitedError(operation, Math.ceil(left / 1000), { local: true });
    if (this.#options.now() + left >= deadlineAt) {
      trace?.event('cool_down.refused', () => ({ 'ixopay.cool_down.left_ms': Math.ceil(left) }));
      throw refusal();
    }
    trace?.event('cool_down.wait', () => ({ 'ixopay.cool_down.left_ms': Math.ceil(left) }));
    try {
      await this.#options.sleep(left, call.signal);
    } catch {
      throw refusal();
    }
  }

  async #waitForSlot(operation: string, call: Deadline, deadlineAt: number, trace: CallTrace | undefined): Promise<void> {
    try {
      await this.#budget.acquire(call.signal, deadlineAt);
    } catch (error) {
      trace?.event('budget.refused', () => ({ 'error.type': (error as Error).name }));
      if (error instanceof QuotaExhaustedError) {
        // Our own share of IXOPAY's quota (IXOPAY_RATE_LIMIT_PER_SECOND) is spent until after the deadline.
        throw new UpstreamRateLimitedError(operation, Math.ceil(error.retryAfterMs / 1000), { local: true });
      }
      if (error instanceof LimiterQueueFullError) {
        throw new UpstreamUnavailableError(operation, 'overloaded', 'too many concurrent upstream calls; queue full');
      }
      if (error instanceof LimiterAbortedError) {
        const why = ABORT_MESSAGES[call.cause ?? 'deadline'];
        throw new UpstreamUnavailableError(operation, 'timeout', `${why} while waiting for an upstream slot`, { local: true });
      }
      throw error;
    }
  }

  /** Signs, sends, interprets; starts a cool-down on 429; reports the attempt to onCall. */
  async #send<T>(
    endpoint: Endpoint<T>,
    body: Buffer,
    attempt: number,
    deadline: Deadline,
    trace: CallTrace | undefined,
  ): Promise<T | typeof NOT_FOUND> {
    const started = performance.now();
    let status = 0;
    const headers = this.#signer.headers(body, endpoint.path);
    // traceparent/tracestate join the headers after signing; they are not in the signed string.
    const span = trace?.attempt(attempt, endpoint.origin, headers);
    try {
      const raw = await exchange({
        dispatcher: endpoint.dispatcher,
        origin: endpoint.origin,
        operation: endpoint.name,
        path: endpoint.path,
        headers,
        body,
        deadline,
        maxResponseBytes: this.#tuning.maxResponseBytes,
      });
      status = raw.status;
      const result = interpretResponse(endpoint.name, raw, this.#options.clock(), endpoint.parse);
      const outcome = result === NOT_FOUND ? 'PROFILE_NOT_FOUND' : 'ok';
      this.#report(endpoint.name, status, started, outcome, undefined, attempt);
      if (span) trace!.attemptDone(span, status, outcome, undefined);
      return result;
    } catch (error) {
      let thrown = error;
      if (error instanceof UpstreamRateLimitedError) {
        const ms = this.#startCoolDown(error.retryAfterSeconds);
        trace?.event('cool_down.start', () => ({ 'ixopay.cool_down.ms': ms }));
      } else if (error instanceof UpstreamRejectedError && endpoint.refine) thrown = endpoint.refine(error) ?? error;
      if (status === 0 && error instanceof UpstreamUnavailableError) status = error.httpStatus ?? 0;
      const outcome = isIxopayError(thrown) ? thrown.code : 'UPSTREAM_UNAVAILABLE';
      const errorCode = error instanceof UpstreamRejectedError ? error.errorCode : undefined;
      this.#report(endpoint.name, status, started, outcome, errorCode, attempt);
      if (span) trace!.attemptDone(span, status, outcome, errorCode);
      throw thrown;
    }
  }

  /** Retry-After when sent (capped), else the configured default. */
  #startCoolDown(retryAfterSeconds: number | undefined): number {
    const { coolDownMs, maxCoolDownMs } = this.#tuning;
    const ms = Math.min(retryAfterSeconds === undefined ? coolDownMs : retryAfterSeconds * 1000, maxCoolDownMs);
    if (ms > 0) this.#coolDown.set(this.#options.clock().getTime() + ms);
    return ms;
  }

  #report(
    operation: string,
    status: number,
    started: number,
    outcome: UpstreamCallEvent['outcome'],
    errorCode: number | string | undefined,
    attempt: number,
  ): void {
    const onCall = this.#options.hooks.onCall;
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
