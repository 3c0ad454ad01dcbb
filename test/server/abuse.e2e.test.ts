/**
 * Abuse suite: oversized and malicious operations are refused with a clear code before any
 * upstream call. Each case asserts the sandbox saw nothing.
 */
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.sandbox.resetStats());

async function refused(query: string, variables?: Record<string, unknown>) {
  const res = await stack.graphql(query, variables);
  expect(res.body.data?.customerProfile ?? null).toBeNull();
  expect(stack.upstreamCalls()).toBe(0);
  return res.body.errors?.[0] ?? { message: '', extensions: {} };
}

const guid = (i: number) => `CP-${String(i).padStart(4, '0')}-0000-0000-0000-0000-0000`;

test('a query deeper than the depth limit', async () => {
  // Our types are shallow (depth 4 at most), so this stack runs with LIMIT_MAX_DEPTH=3.
  // Introspection is not depth-counted (Apollo Sandbox needs it; it is off in production).
  const shallow = await startStack({ env: { LIMIT_MAX_DEPTH: '3' } });
  try {
    const res = await shallow.graphql(
      '{ customerProfile(customerIdentification: "cust-0001") { preferredInstrument { paymentData { ... on CardData { brand } } } } }',
    );
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors?.[0].message).toMatch(/depth/i);
    expect(shallow.upstreamCalls()).toBe(0);
  } finally {
    await shallow.close();
  }
});

test('more aliases than allowed', async () => {
  const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: customerProfile(customerIdentification: "cust-0001") { profileGuid }`).join('\n');
  const error = await refused(`{ ${aliases} }`);
  expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(error.message).toMatch(/alias/i);
});

test('more tokens than allowed', async () => {
  // Short names, so the document stays under LIMIT_MAX_QUERY_BYTES (checked before parsing) and
  // it is the parser's token limit that refuses it.
  const fields = 'id '.repeat(6000);
  const error = await refused(`{ customerProfile(customerIdentification: "cust-0001") { ${fields} } }`);
  expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' });
  expect(error.message).toMatch(/token/i);
});

test('more directives than allowed', async () => {
  const directives = '@include(if: true) '.repeat(51);
  const error = await refused(`{ customerProfile(customerIdentification: "cust-0001") { profileGuid ${directives} } }`);
  expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(error.message).toMatch(/directive/i);
});

test('an operation whose upstream cost exceeds the budget', async () => {
  // 30 aliases (within the alias limit) of 100 refs each: 3000 upstream-backed profiles.
  const refs = Array.from({ length: 100 }, (_, i) => ({ profileGuid: guid(i) }));
  const aliases = Array.from({ length: 30 }, (_, i) => `p${i}: customerProfiles(refs: $refs) { profileGuid }`).join('\n');
  const error = await refused(`query($refs: [CustomerProfileRef!]!) { ${aliases} }`, { refs });
  expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(error.message).toMatch(/cost/i);
});

test('more refs than MAX_PROFILE_REFS', async () => {
  const refs = Array.from({ length: 101 }, (_, i) => ({ profileGuid: guid(i) }));
  const res = await stack.graphql('query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }', { refs });
  expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  expect(stack.upstreamCalls()).toBe(0);
});

test('more _entities representations than MAX_ENTITY_REPRESENTATIONS', async () => {
  const representations = Array.from({ length: 101 }, (_, i) => ({ __typename: 'CustomerProfile', profileGuid: guid(i) }));
  const res = await stack.graphql('query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } }', {
    r: representations,
  });
  expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  expect(stack.upstreamCalls()).toBe(0);
});

test('a legitimate 100-ref checkout batch passes every limit', async () => {
  const refs = Array.from({ length: 100 }, (_, i) => ({ customerIdentification: i % 2 ? 'cust-0001' : 'shop-user-000417' }));
  const res = await stack.graphql(
    `query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) {
      profileGuid customer { firstName lastName email billingCountry }
      preferredInstrument { paymentToken method paymentData { ... on CardData { brand lastFourDigits } ... on IbanData { iban } ... on WalletData { walletType } } }
      paymentInstruments { paymentToken isPreferred } } }`,
    { refs },
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.customerProfiles).toHaveLength(100);
  expect(stack.upstreamCalls('getProfile')).toBe(2);
});

test('a non-JSON body, an empty body and a body with no query are request errors', async () => {
  for (const body of ['{"query": ', '', '{"qeury":"{ __typename }"}']) {
    const res = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
  }
  expect(stack.upstreamCalls()).toBe(0);
});
