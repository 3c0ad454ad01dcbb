/**
 * The gateway's spans in detail, in process: an OpenTelemetry SDK (the one src/tracing.ts starts)
 * registered before the stack starts, with a span processor that keeps what ends. Covers what the
 * end-to-end test cannot see from outside: operations answered by the compiled fast path are
 * traced like any other, error outcomes and codes, and the retry and cool-down decisions of an
 * IXOPAY call.
 */
import { randomBytes } from 'node:crypto';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { startStack, type Stack } from '../support/stack';

interface Finished {
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes?: Record<string, unknown> }>;
  status: { code: number; message?: string };
  spanContext(): { traceId: string; spanId: string };
  parentSpanContext?: { spanId: string };
}

const finished: Finished[] = [];
const sdk = new NodeSDK({
  autoDetectResources: false,
  metricReaders: [],
  logRecordProcessors: [],
  // A span processor is an interface; this one keeps every ended span.
  spanProcessors: [
    {
      onStart: () => undefined,
      onEnd: (span: Finished) => void finished.push(span),
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    },
  ],
});

let stack: Stack;

beforeAll(async () => {
  sdk.start();
  stack = await startStack({ env: { IXOPAY_TIMEOUT_MS: '2000', IXOPAY_RETRY_BASE_DELAY_MS: '1' } });
});

afterAll(async () => {
  await stack?.close();
  await sdk.shutdown();
});

beforeEach(async () => {
  stack.sandbox.faults.clear();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Sends `query` in a fresh trace; returns its answer and, once ended, the spans of that trace. */
async function traced(query: string, expectedSpans: number) {
  const traceId = hex(16);
  const answer = await stack.graphql(query, undefined, { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } });
  const deadline = Date.now() + 5000;
  const spans = () => finished.filter((s) => s.spanContext().traceId === traceId);
  while (spans().length < expectedSpans && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return { answer, spans: spans() };
}

const ONE = `query OneProfile { customerProfile(customerIdentification: "cust-0003") { customerIdentification } }`;

test('an operation answered by the compiled fast path is traced like one answered by Apollo', async () => {
  const fastPath = () => stack.app.gateway.compiledExecutionStats()!.fastPath;
  // Seen once, then compiled and admitted; from the third time on the fast path answers.
  await traced(ONE, 4);
  await traced(ONE, 4);
  const before = fastPath();
  const { answer, spans } = await traced(ONE, 4);
  expect(fastPath()).toBe(before + 1);
  expect(answer.body).toEqual({ data: { customerProfile: { customerIdentification: 'cust-0003' } } });

  const operation = spans.find((s) => s.name === 'query OneProfile')!;
  expect(operation.attributes).toMatchObject({ 'graphql.operation.name': 'OneProfile', 'graphql.operation.type': 'query', 'graphql.outcome': 'ok' });
  const batch = spans.find((s) => s.name === 'dataloader.batch getProfile')!;
  expect(batch.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
  const call = spans.find((s) => s.name === 'ixopay getProfile')!;
  expect(call.parentSpanContext?.spanId).toBe(batch.spanContext().spanId);
  const attempt = spans.find((s) => s.name === 'POST ixopay getProfile')!;
  expect(attempt.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
});

test('an operation that fails says how: outcome, error codes, ERROR status', async () => {
  const { answer, spans } = await traced('{ customerProfile(customerIdentification: ', 1);
  expect(answer.body.errors![0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  const [operation] = spans;
  expect(operation.name).toBe('graphql');
  expect(operation.attributes).toMatchObject({
    'graphql.operation.type': 'unknown',
    'graphql.outcome': 'GRAPHQL_PARSE_FAILED',
    'graphql.error.codes': ['GRAPHQL_PARSE_FAILED'],
  });
  expect(operation.attributes['http.response.status_code']).toBe(answer.status);
  expect(operation.status.code).toBe(2);
});

test('a retried read: one call span, one span per attempt with its status, and the retry as an event', async () => {
  stack.sandbox.faults.add({ mode: '500', operation: 'getProfile', count: 1 });
  const { answer, spans } = await traced(ONE, 5);
  expect(answer.body.data.customerProfile).toEqual({ customerIdentification: 'cust-0003' });

  const call = spans.find((s) => s.name === 'ixopay getProfile')!;
  expect(call.attributes).toMatchObject({ 'ixopay.attempts': 2, 'ixopay.circuit.outcome': 'success' });
  expect(call.events.map((e) => e.name)).toEqual(['retry']);
  expect(call.events[0].attributes).toMatchObject({ 'ixopay.attempt': 1 });

  const attempts = spans
    .filter((s) => s.name === 'POST ixopay getProfile')
    .sort((a, b) => Number(a.attributes['ixopay.attempt']) - Number(b.attributes['ixopay.attempt']));
  expect(attempts.map((a) => a.attributes['http.response.status_code'])).toEqual([500, 200]);
  expect(attempts.map((a) => a.attributes['ixopay.outcome'])).toEqual(['UPSTREAM_UNAVAILABLE', 'ok']);
  expect(attempts.map((a) => a.attributes['http.request.resend_count'])).toEqual([undefined, 1]);
  expect(attempts.map((a) => a.status.code)).toEqual([2, 0]);
});

test('a 429: the attempt shows it and starts the cool-down; the next call is refused without an attempt', async () => {
  stack.sandbox.faults.add({ mode: '429', operation: 'getProfile', count: 1, retryAfterSeconds: 5 });
  const first = await traced(ONE, 4);
  expect(first.answer.body.errors![0].extensions?.code).toBe('UPSTREAM_RATE_LIMITED');
  const attempt = first.spans.find((s) => s.name === 'POST ixopay getProfile')!;
  expect(attempt.attributes).toMatchObject({ 'http.response.status_code': 429, 'ixopay.outcome': 'UPSTREAM_RATE_LIMITED' });
  const firstCall = first.spans.find((s) => s.name === 'ixopay getProfile')!;
  expect(firstCall.events.map((e) => e.name)).toEqual(['cool_down.start']);
  expect(firstCall.events[0].attributes).toMatchObject({ 'ixopay.cool_down.ms': 5000 });

  const second = await traced(ONE, 3);
  expect(second.answer.body.errors![0].extensions?.code).toBe('UPSTREAM_RATE_LIMITED');
  expect(second.spans.filter((s) => s.name === 'POST ixopay getProfile')).toEqual([]);
  const secondCall = second.spans.find((s) => s.name === 'ixopay getProfile')!;
  expect(secondCall.events.map((e) => e.name)).toEqual(['cool_down.refused']);
  expect(secondCall.attributes).toMatchObject({ 'ixopay.attempts': 0, 'error.type': 'UPSTREAM_RATE_LIMITED' });
  const operation = second.spans.find((s) => s.name === 'query OneProfile')!;
  expect(operation.attributes).toMatchObject({ 'graphql.outcome': 'UPSTREAM_RATE_LIMITED' });
});

test('no span holds identifiers, tokens or credentials', () => {
  const everything = JSON.stringify(finished.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
  for (const value of ['cust-0003', 'profileGuid', 'Bearer', 'apiKey', '/api/v3']) expect(everything).not.toContain(value);
});
