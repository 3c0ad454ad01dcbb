/** In production the schema is not exposed: no introspection, no landing page, no field suggestions. */
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production' } });
});
afterAll(() => stack.close());

test('introspection is refused', async () => {
  const res = await stack.graphql('{ __schema { types { name } } }');
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors?.[0].message).toMatch(/introspection/i);
});

test('a misspelt field gets no "Did you mean" suggestion', async () => {
  const res = await stack.graphql('{ customerProfil(customerIdentification: "cust-0001") { profileGuid } }');
  expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.body.errors?.[0].message).not.toMatch(/Did you mean/);
});

test('no stack traces reach clients', async () => {
  const res = await stack.graphql('{ customerProfile(customerIdentification: "cust-0001", profileGuid: "x") { profileGuid } }');
  expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
});

test('GET /graphql serves no Apollo Sandbox', async () => {
  const res = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
  expect(await res.text()).not.toMatch(/embeddable-sandbox|apollo-sandbox/i);
});
