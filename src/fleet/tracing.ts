/**
 * Tracing helpers over @opentelemetry/api, used by every layer (server, graphql, ixopay); this file
 * imports nothing from src/. The SDK itself is started by src/tracing.ts, first thing in main.ts,
 * and only when an OTLP endpoint is configured.
 *
 * Cheap when off: gatewayTracer() is undefined without an SDK, and callers then do no tracing work
 * at all (no span objects, no contexts). With an SDK, attributes are only built for spans that
 * record (a sampled-out span still carries the trace context on).
 *
 * Nothing secret or personal goes into a span: no URL path (it holds the apiKey), no bodies, no
 * identifiers of customers or profiles, no tokens, no error messages (they may quote the upstream);
 * only operation names, types, codes, counts and statuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  createContextKey,
  isSpanContextValid,
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

/** The instrumentation scope of every span of the gateway. */
export const TRACER_NAME = 'ixopay-profiles-gateway';

let tracer: Tracer | null | undefined;

/**
 * The tracer when an OpenTelemetry SDK is registered, else undefined. Looked up once, on first use
 * (after main.ts started the SDK); never call it while modules load.
 */
export function gatewayTracer(): Tracer | undefined {
  if (tracer === undefined) {
    const provider = trace.getTracerProvider();
    // The API's global provider is a proxy; it has a delegate only once an SDK registered one.
    tracer = (provider instanceof ProxyTracerProvider ? provider.getDelegateTracer(TRACER_NAME) : provider.getTracer(TRACER_NAME)) ?? null;
  }
  return tracer ?? undefined;
}

/**
 * Appends the W3C `traceparent` (and `tracestate`) of `span` to a flat undici header list. Only the
 * trace context: baggage a caller sent is not forwarded to IXOPAY. These headers are not part of
 * the signed string (request-signer.ts), so X-Signature is unchanged.
 */
export function appendTraceContext(headers: string[], span: Span): void {
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return;
  headers.push('traceparent', `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`);
  const state = sc.traceState?.serialize();
  if (state) headers.push('tracestate', state);
}

/** Runs `fn` with `span` active, ends the span when it settles (ERROR when it throws). */
export async function withSpan<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(context.active(), span), fn);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** Sets `attributes` when the span records (so callers may pass a literal only then built). */
export function annotate(span: Span, attributes: () => Attributes): void {
  if (span.isRecording()) span.setAttributes(attributes());
}

/** A name for an error that is safe in a span: its code or class name, never its message. */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(name) ? name : 'Error';
}

// ---------------------------------------------------------------------------------------------
// The GraphQL operation: one SERVER span per /graphql request, continuing the caller's trace.

const OPERATION_SPAN = createContextKey('ixopay-profiles-gateway.operation-span');

/**
 * Runs the handling of one /graphql request in a SERVER span, child of the caller's
 * `traceparent`/`tracestate` when it sent one (the propagators are the SDK's: OTEL_PROPAGATORS,
 * default W3C trace context and baggage). recordOperation() completes the span from the
 * operation's report, whichever path answered it.
 */
export async function traceOperation<T>(tracer: Tracer, req: IncomingMessage, res: ServerResponse, fn: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan('graphql', { kind: SpanKind.SERVER }, parent);
  annotate(span, () => ({ 'http.request.method': req.method ?? 'GET', 'url.path': '/graphql' }));
  try {
    return await context.with(trace.setSpan(parent, span).setValue(OPERATION_SPAN, span), fn);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
    throw error;
  } finally {
    annotate(span, () => ({ 'http.response.status_code': res.statusCode }));
    span.end();
  }
}

/** What recordOperation reads of an operation report (src/server/operations/report.ts). */
export interface OperationFacts {
  outcome: { operationName: string | null; operationType: string; outcome: string; errorCodes: string[] };
  httpStatus: number;
}

/**
 * Completes the active request's operation span from its report: name, type, outcome and error
 * codes (GraphQL semantic conventions where they exist). Called by the operation sink, which both
 * Apollo's side and the fast path report to; a no-op outside a traced request.
 */
export function recordOperation(facts: OperationFacts): void {
  const span = context.active().getValue(OPERATION_SPAN) as Span | undefined;
  if (span === undefined || !span.isRecording()) return;
  const { operationName, operationType, outcome, errorCodes } = facts.outcome;
  span.updateName(operationType === 'unknown' ? 'graphql' : `${operationType}${operationName ? ` ${operationName}` : ''}`);
  const attributes: Attributes = {
    'graphql.operation.type': operationType,
    'graphql.outcome': outcome,
    'graphql.error.codes': errorCodes,
  };
  if (operationName !== null) attributes['graphql.operation.name'] = operationName;
  span.setAttributes(attributes);
  if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
}
