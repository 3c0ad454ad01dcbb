/** The HTTP surface around GraphQL: health, readiness, metrics, request ids and request hygiene. */
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let origin: string;
beforeAll(async () => {
  stack = await startStack();
  origin = new URL(stack.gatewayUrl).origin;
});
afterAll(() => stack.close());

test('GET /healthz answers 200 while the process is alive', async () => {
  const res = await fetch(`${origin}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('GET /readyz is ready with a closed upstream circuit', async () => {
  const res = await fetch(`${origin}/readyz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ready', upstreamCircuit: 'closed' });
});

test('GET /metrics serves Prometheus text with operation and upstream metrics', async () => {
  await stack.graphql('query Probe { customerProfile(customerIdentification: "cust-0001") { profileGuid } }');
  const res = await fetch(`${origin}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/plain/);
  const text = await res.text();
  expect(text).toMatch(/graphql_operations_total\{[^}]*operation_name="Probe"/);
  expect(text).toMatch(/ixopay_upstream_calls_total\{[^}]*operation="getProfile"/);
  expect(text).toContain('ixopay_circuit_state');
});

test('an X-Request-Id from the caller is echoed, otherwise one is made', async () => {
  const given = await fetch(`${origin}/healthz`, { headers: { 'x-request-id': 'checkout-42' } });
  expect(given.headers.get('x-request-id')).toBe('checkout-42');
  const made = await fetch(`${origin}/healthz`);
  expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('unknown paths answer 404 and other methods on /graphql 405', async () => {
  expect((await fetch(`${origin}/nope`)).status).toBe(404);
  const res = await fetch(stack.gatewayUrl, { method: 'PUT' });
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe('GET, POST');
});

test('a request body over 1 MiB is refused with 413 before parsing', async () => {
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(1024 * 1024)}` }),
  });
  expect(res.status).toBe(413);
});

test('GET /graphql from a browser serves the Apollo Sandbox landing page', async () => {
  const res = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(await res.text()).toMatch(/sandbox/i);
});

test('CSRF prevention blocks a simple GET query without a preflight header', async () => {
  const res = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`);
  expect(res.status).toBe(400);
  const ok = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(ok.status).toBe(200);
});
