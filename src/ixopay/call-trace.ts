/**
 * The spans of one logical IXOPAY call (only built when tracing is on, see src/fleet/tracing.ts):
 *
 *   ixopay <operation>              INTERNAL  circuit admission and outcome, retries, cool-down and
 *                                             quota waits as events, the number of attempts
 *     POST ixopay <operation>       CLIENT    one per attempt: attempt number, HTTP status, outcome,
 *                                             IXOPAY errorCode; its context goes out as `traceparent`
 *
 * Never the URL path (it holds the apiKey), bodies, identifiers or messages.
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { annotate, appendTraceContext, errorType } from '../fleet/tracing';

export class CallTrace {
  readonly #tracer: Tracer;
  readonly #operation: string;
  readonly #span: Span;
  readonly #context: Context;
  #attempts = 0;

  /** Starts the call's span as a child of the active context (a DataLoader batch, an operation). */
  constructor(tracer: Tracer, operation: string) {
    this.#tracer = tracer;
    this.#operation = operation;
    const parent = context.active();
    this.#span = tracer.startSpan(`ixopay ${operation}`, { kind: SpanKind.INTERNAL }, parent);
    this.#context = trace.setSpan(parent, this.#span);
    annotate(this.#span, () => ({ 'ixopay.operation': operation }));
  }

  /** What the circuit breaker granted: normal, probe or rejected. */
  admission(admission: string, state: string): void {
    annotate(this.#span, () => ({ 'ixopay.circuit.admission': admission, 'ixopay.circuit.state': state }));
  }

  /** A decision on the way: a retry, a cool-down wait or refusal, a wait for the quota. */
  event(name: string, attributes?: () => Attributes): void {
    if (this.#span.isRecording()) this.#span.addEvent(name, attributes?.());
  }

  /**
   * Starts attempt `n`'s CLIENT span and appends its trace context to the outgoing `headers`
   * (outside the signed string: X-Signature is unchanged).
   */
  attempt(n: number, origin: string, headers: string[]): Span {
    this.#attempts = n;
    const span = this.#tracer.startSpan(`POST ixopay ${this.#operation}`, { kind: SpanKind.CLIENT }, this.#context);
    annotate(span, () => {
      const { hostname, port, protocol } = new URL(origin);
      const attributes: Attributes = {
        'http.request.method': 'POST',
        'server.address': hostname,
        'server.port': port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port),
        'ixopay.operation': this.#operation,
        'ixopay.attempt': n,
      };
      if (n > 1) attributes['http.request.resend_count'] = n - 1;
      return attributes;
    });
    appendTraceContext(headers, span);
    return span;
  }

  /** Ends an attempt's span: HTTP status (0: no answer), outcome (`ok`, `PROFILE_NOT_FOUND` or an error code). */
  attemptDone(span: Span, status: number, outcome: string, errorCode: number | string | undefined): void {
    if (span.isRecording()) {
      const attributes: Attributes = { 'ixopay.outcome': outcome };
      if (status > 0) attributes['http.response.status_code'] = status;
      if (errorCode !== undefined) attributes['ixopay.error_code'] = errorCode;
      if (outcome !== 'ok' && outcome !== 'PROFILE_NOT_FOUND') {
        attributes['error.type'] = outcome;
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      }
      span.setAttributes(attributes);
    }
    span.end();
  }

  /** Ends the call's span: how the breaker counts it, and the error it ended with, if any. */
  end(circuitOutcome: string, error?: unknown): void {
    if (this.#span.isRecording()) {
      this.#span.setAttributes({ 'ixopay.attempts': this.#attempts, 'ixopay.circuit.outcome': circuitOutcome });
      if (error !== undefined) {
        const type = errorType(error);
        this.#span.setAttribute('error.type', type);
        this.#span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      }
    }
    this.#span.end();
  }
}
