/**
 * OpenTelemetry end to end, as production runs it: the built gateway (`node main.js`, so
 * src/tracing.ts starts the SDK first) exports over OTLP/HTTP to a receiver this test runs on
 * loopback, and talks to the sandbox through a recording proxy. One query sent with a W3C
 * `traceparent` must come back as spans of that trace with the right parent links, and each
 * IXOPAY attempt must carry its own span's `traceparent` upstream. Without an endpoint, tracing is
 * off: nothing is exported and nothing is propagated.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { startRecordingProxy, type RecordingProxy } from '../fleet/support/recording-proxy';
import { buildGateway, startGatewayProcess, waitFor, type GatewayProcess } from '../server/security/support';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';

const SECRET = 'tracing-test-secret-0123456789abcdef';
const SERVER = 2;
const CLIENT = 3;

let build: { dir: string; remove(): void };
let sandbox: RunningSandbox;
let proxy: RecordingProxy;
let receiver: OtlpReceiver;
let traced: GatewayProcess;
let untraced: GatewayProcess;
let token: string;

const gatewayEnv = (upstream: string): Record<string, string> => ({
  NODE_ENV: 'production',
  IXOPAY_BASE_URL: upstream,
  IXOPAY_USERNAME: DEMO_CREDENTIALS.username,
  IXOPAY_PASSWORD: DEMO_CREDENTIALS.password,
  IXOPAY_API_KEY: DEMO_CREDENTIALS.apiKey,
  IXOPAY_SHARED_SECRET: DEMO_CREDENTIALS.sharedSecret,
  AUTH_JWT_SECRET: SECRET,
  LOG_LEVEL: 'warn',
});

beforeAll(async () => {
  build = buildGateway();
  sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0 });
  proxy = await startRecordingProxy(sandbox.url);
  receiver = await startOtlpReceiver();
  [traced, untraced] = await Promise.all([
    startGatewayProcess(build.dir, [], {
      ...gatewayEnv(proxy.url),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'customer-profiles-test',
      // Export within 50 ms instead of 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '50',
    }),
    startGatewayProcess(build.dir, [], gatewayEnv(proxy.url)),
  ]);
  token = await new SignJWT({ sub: 'tracing-test', scope: 'profiles:read' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}, 240_000);

afterAll(async () => {
  await Promise.all([traced?.kill(), untraced?.kill()]);
  await proxy?.close();
  await receiver?.close();
  await sandbox?.close();
  build?.remove();
});

const QUERY = `query TwoProfiles {
  a: customerProfile(customerIdentification: "cust-0001") { customerIdentification }
  b: customerProfile(customerIdentification: "cust-0002") { customerIdentification }
}`;

async function send(gateway: GatewayProcess, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gateway.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: response.status, body: await response.json() };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const spansOf = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);
const only = (spans: ReceivedSpan[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  expect(found.map((s) => s.name)).toEqual([name]);
  return found[0];
};

test('a query sent with a traceparent is traced in that trace, parent to child, and IXOPAY receives each attempt’s traceparent', async () => {
  const traceId = hex(16);
  const callerSpanId = hex(8);
  const sentBefore = proxy.requests.length;
  const answer = await send(traced, { traceparent: `00-${traceId}-${callerSpanId}-01`, tracestate: 'router=abc' });
  expect(answer).toEqual({ status: 200, body: { data: { a: { customerIdentification: 'cust-0001' }, b: { customerIdentification: 'cust-0002' } } } });

  // operation + batch + 2 calls + 2 attempts
  await waitFor(() => spansOf(traceId).length >= 6, 'the spans of the query', 15_000);
  const spans = spansOf(traceId);

  const operation = only(spans, 'query TwoProfiles');
  expect(operation).toMatchObject({ kind: SERVER, parentSpanId: callerSpanId, scope: 'ixopay-profiles-gateway' });
  expect(operation.attributes).toMatchObject({
    'graphql.operation.name': 'TwoProfiles',
    'graphql.operation.type': 'query',
    'graphql.outcome': 'ok',
    'graphql.error.codes': [],
    'http.response.status_code': 200,
  });
  expect(operation.resource['service.name']).toBe('customer-profiles-test');

  const batch = only(spans, 'dataloader.batch getProfile');
  expect(batch.parentSpanId).toBe(operation.spanId);
  expect(batch.attributes).toMatchObject({ 'graphql.dataloader.batch_size': 2, 'graphql.dataloader.failed': 0 });

  const calls = spans.filter((s) => s.name === 'ixopay getProfile');
  expect(calls).toHaveLength(2);
  for (const call of calls) {
    expect(call.parentSpanId).toBe(batch.spanId);
    expect(call.attributes).toMatchObject({
      'ixopay.operation': 'getProfile',
      'ixopay.attempts': 1,
      'ixopay.circuit.admission': 'normal',
      'ixopay.circuit.outcome': 'success',
    });
  }
  const attempts = spans.filter((s) => s.name === 'POST ixopay getProfile');
  expect(attempts).toHaveLength(2);
  for (const attempt of attempts) {
    expect(calls.map((c) => c.spanId)).toContain(attempt.parentSpanId);
    expect(attempt.kind).toBe(CLIENT);
    expect(attempt.attributes).toMatchObject({
      'http.response.status_code': 200,
      'ixopay.attempt': 1,
      'ixopay.outcome': 'ok',
      'server.address': '127.0.0.1',
    });
  }

  // Each upstream request carried the trace context of its own attempt span (and the caller's tracestate).
  const upstream = proxy.requests.slice(sentBefore);
  expect(upstream).toHaveLength(2);
  expect(upstream.map((r) => r.headers.traceparent).sort()).toEqual(attempts.map((a) => `00-${traceId}-${a.spanId}-01`).sort());
  expect(upstream.map((r) => r.headers.tracestate)).toEqual(['router=abc', 'router=abc']);
  // ...and the sandbox accepted them: the signature does not cover these headers.
  expect(upstream.map((r) => r.status)).toEqual([200, 200]);
}, 30_000);

test('without a traceparent the operation starts a trace of its own', async () => {
  const before = new Set(receiver.spans.map((s) => s.traceId));
  expect((await send(traced, {})).status).toBe(200);
  await waitFor(() => receiver.spans.some((s) => s.name === 'query TwoProfiles' && !before.has(s.traceId)), 'a new trace', 15_000);
  const operation = receiver.spans.find((s) => s.name === 'query TwoProfiles' && !before.has(s.traceId))!;
  expect(operation.parentSpanId).toBe('');
});

test('a caller that does not sample is not recorded, but the trace context still goes upstream', async () => {
  const traceId = hex(16);
  const sentBefore = proxy.requests.length;
  expect((await send(traced, { traceparent: `00-${traceId}-${hex(8)}-00` })).status).toBe(200);
  const upstream = proxy.requests.slice(sentBefore);
  expect(upstream.map((r) => r.headers.traceparent)).toEqual([
    expect.stringMatching(`^00-${traceId}-[0-9a-f]{16}-00$`),
    expect.stringMatching(`^00-${traceId}-[0-9a-f]{16}-00$`),
  ]);
  // Give the exporter a moment to send anything it would have sent: nothing of this trace.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(spansOf(traceId)).toEqual([]);
});

test('no secret and nothing personal is exported', () => {
  const exported = receiver.bodies.join('\n');
  expect(exported.length).toBeGreaterThan(0);
  for (const value of [
    DEMO_CREDENTIALS.apiKey,
    DEMO_CREDENTIALS.username,
    DEMO_CREDENTIALS.password,
    DEMO_CREDENTIALS.sharedSecret,
    token,
    'cust-0001',
    'cust-0002',
    '/api/v3',
    'customerProfiles/',
  ]) {
    expect(exported).not.toContain(value);
  }
});

test('tracing off (no OTEL endpoint): nothing is propagated upstream', async () => {
  const sentBefore = proxy.requests.length;
  expect((await send(untraced, { traceparent: `00-${hex(16)}-${hex(8)}-01` })).status).toBe(200);
  const upstream = proxy.requests.slice(sentBefore);
  expect(upstream).toHaveLength(2);
  expect(upstream.map((r) => r.headers.traceparent)).toEqual([undefined, undefined]);
  expect(untraced.output()).not.toMatch(/opentelemetry/i);
});
