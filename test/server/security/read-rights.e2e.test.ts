/**
 * Issue 13 §3: a write-only token read whole profiles through a mutation payload
 * (`updateCustomerProfile { profile { customer { email } paymentInstruments { ... } } }`), while
 * `customerProfile` refused it. Reading a profile needs `profiles:read` on every path: queries,
 * `_entities`, mutation payloads, and the fast path that answers hot queries before Apollo. A
 * mutation that selects a profile is refused before its write reaches the upstream.
 */
import { DEMO_PROFILES } from '../../../src/sandbox/server';
import { startStack, type Stack } from '../../support/stack';
import { operatorToken } from './support';

const ZOE = DEMO_PROFILES[0];

let stack: Stack;
let writeOnly: string;
let readOnly: string;
beforeAll(async () => {
  stack = await startStack();
  writeOnly = await operatorToken(stack, 'profiles:write');
  readOnly = await operatorToken(stack, 'profiles:read');
});
afterAll(() => stack.close());
beforeEach(async () => {
  await stack.sandbox.reset();
});

const FULL_PROFILE = `
  profileGuid customerIdentification
  customer { firstName lastName email birthDate billingAddress1 nationalId }
  paymentInstruments { paymentToken paymentData { ... on CardData { lastFourDigits } ... on IbanData { iban } ... on WalletData { walletType } } }`;

const READS: Array<[string, string, Record<string, unknown> | undefined]> = [
  ['customerProfile', `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { ${FULL_PROFILE} } }`, undefined],
  ['customerProfiles', `{ customerProfiles(refs: [{ profileGuid: "${ZOE.profileGuid}" }]) { ${FULL_PROFILE} } }`, undefined],
  [
    '_entities',
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { ${FULL_PROFILE} } } }`,
    { r: [{ __typename: 'CustomerProfile', profileGuid: ZOE.profileGuid }] },
  ],
];

/** No personal data in the answer, whatever else it holds. */
function expectNoProfileData(body: unknown): void {
  const text = JSON.stringify(body);
  for (const value of ['zoe.mueller@example.com', 'Müller', '1990-04-12', '1111', 'AT483200000012345864']) expect(text).not.toContain(value);
}

test.each(READS)('a write-only token is refused (FORBIDDEN) on %s, with no upstream call', async (_name, query, variables) => {
  const res = await stack.graphql(query, variables, { token: writeOnly });
  expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expectNoProfileData(res.body);
  expect(stack.upstreamCalls()).toBe(0);
});

test.each(READS)('%s: a write-only token is refused after the same query was admitted to the fast path', async (_name, query, variables) => {
  // A read token runs it until it is compiled and answered before Apollo's pipeline.
  for (let i = 0; i < 3; i++) {
    const ok = await stack.graphql(query, variables, { token: readOnly });
    expect(ok.body.errors).toBeUndefined();
  }
  const compiled = stack.app.gateway.compiledExecutionStats();
  stack.sandbox.resetStats();
  const res = await stack.graphql(query, variables, { token: writeOnly });
  expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expectNoProfileData(res.body);
  expect(stack.upstreamCalls()).toBe(0);
  // Only meaningful if the fast path was in play at all (it is on by default).
  expect(compiled?.fastPath ?? 0).toBeGreaterThan(0);
});

test('a write-only token selecting the profile in updateCustomerProfile is refused before the write', async () => {
  const res = await stack.graphql(
    `mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields profile { ${FULL_PROFILE} } } }`,
    { input: { customerIdentification: ZOE.customerIdentification, customerData: { lastName: 'Write-Only' } } },
    { token: writeOnly },
  );
  expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(res.body.data ?? null).toBeNull();
  expectNoProfileData(res.body);
  expect(stack.upstreamCalls('updateProfile')).toBe(0);
  expect(stack.upstreamCalls()).toBe(0);
  expect(stack.sandbox.writes({ operation: 'updateProfile' }).writes).toEqual([]);
});

test('…also when the profile is reached through a fragment or an aliased second mutation', async () => {
  const res = await stack.graphql(
    `mutation($input: UpdateCustomerProfileInput!) {
      first: updateCustomerProfile(input: $input) { changedFields }
      second: updateCustomerProfile(input: $input) { ...Leak }
    }
    fragment Leak on UpdateCustomerProfilePayload { profile { customer { email } } }`,
    { input: { customerIdentification: ZOE.customerIdentification, customerData: { lastName: 'Write-Only' } } },
    { token: writeOnly },
  );
  expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expectNoProfileData(res.body);
  // Refused as a whole before anything ran: not even the first mutation was sent.
  expect(stack.upstreamCalls()).toBe(0);
});

test('a write-only token may update when it does not select the profile', async () => {
  const res = await stack.graphql(
    'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }',
    { input: { customerIdentification: ZOE.customerIdentification, customerData: { lastName: 'Write-Only' } } },
    { token: writeOnly },
  );
  expect(res.body).toEqual({ data: { updateCustomerProfile: { changedFields: ['lastName'] } } });
  expect(stack.upstreamCalls('updateProfile')).toBe(1);
  // The write is real: a reader sees it.
  const read = await stack.graphql(
    `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { customer { lastName } } }`,
    undefined,
    {
      token: readOnly,
    },
  );
  expect(read.body.data.customerProfile.customer.lastName).toBe('Write-Only');
});
