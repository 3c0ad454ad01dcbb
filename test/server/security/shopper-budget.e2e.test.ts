/**
 * Issue 13 §4: a shopper token (a JWT without profile scopes whose `sub` is its customer id) sent
 * nine aliases of `customerProfiles(refs: [100 made-up guids])` and caused 900 getProfile calls,
 * inside the operator cost budget; `_entities` did the same. A shopper owns one profile: its
 * operations get their own small upstream budget (LIMIT_SHOPPER_MAX_UPSTREAM_CALLS), refused
 * before any call, and a foreign profile's guid reads exactly like a missing one.
 */
import { DEMO_PROFILES } from '../../../src/sandbox/server';
import { startStack, type Stack } from '../../support/stack';
import { shopperToken } from './support';

const ZOE = DEMO_PROFILES[0];
const MIRA = DEMO_PROFILES[1];
/** 32 characters, shaped like a guid, owned by nobody. */
const madeUpGuid = (i: number) => `CP-${(0xa000 + i).toString(16)}-0000-0000-0000-0000-0000`;
const MISSING_GUID = madeUpGuid(4095);

let stack: Stack;
let shopper: string;
beforeAll(async () => {
  stack = await startStack();
  shopper = await shopperToken(stack, ZOE.customerIdentification);
});
afterAll(() => stack.close());
beforeEach(async () => {
  await stack.sandbox.reset();
});

function expectShopperBudgetRefusal(res: Awaited<ReturnType<Stack['graphql']>>): void {
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxShopperUpstreamCalls' });
  expect(stack.upstreamCalls('getProfile')).toBe(0);
  expect(stack.upstreamCalls()).toBe(0);
}

test('the shopper token is a shopper: it reads its own profile', async () => {
  const res = await stack.graphql('{ myCustomerProfile { customerIdentification } }', undefined, { token: shopper });
  expect(res.body).toEqual({ data: { myCustomerProfile: { customerIdentification: ZOE.customerIdentification } } });
});

test('nine aliases of customerProfiles(refs: [100 made-up guids]) are refused before any getProfile', async () => {
  const refs = Array.from({ length: 100 }, (_, i) => `{ profileGuid: "${madeUpGuid(i)}" }`).join(', ');
  const aliases = Array.from({ length: 9 }, (_, i) => `p${i}: customerProfiles(refs: [${refs}]) { profileGuid }`).join('\n');
  expectShopperBudgetRefusal(await stack.graphql(`{ ${aliases} }`, undefined, { token: shopper }));
});

test('the same probe with the refs as a variable', async () => {
  const refs = Array.from({ length: 100 }, (_, i) => ({ profileGuid: madeUpGuid(i) }));
  const aliases = Array.from({ length: 9 }, (_, i) => `p${i}: customerProfiles(refs: $refs) { profileGuid }`).join('\n');
  expectShopperBudgetRefusal(await stack.graphql(`query($refs: [CustomerProfileRef!]!) { ${aliases} }`, { refs }, { token: shopper }));
});

test('_entities with 100 representations is refused before any getProfile', async () => {
  const representations = Array.from({ length: 100 }, (_, i) => ({ __typename: 'CustomerProfile', profileGuid: madeUpGuid(i) }));
  const res = await stack.graphql(
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } }',
    { r: representations },
    {
      token: shopper,
    },
  );
  expectShopperBudgetRefusal(res);
});

test('_entities plus refs together, each under the operator budget', async () => {
  const representations = Array.from({ length: 50 }, (_, i) => ({ __typename: 'CustomerProfile', profileGuid: madeUpGuid(i) }));
  const refs = Array.from({ length: 50 }, (_, i) => ({ profileGuid: madeUpGuid(100 + i) }));
  const res = await stack.graphql(
    'query($r: [_Any!]!, $refs: [CustomerProfileRef!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } customerProfiles(refs: $refs) { profileGuid } }',
    { r: representations, refs },
    { token: shopper },
  );
  expectShopperBudgetRefusal(res);
});

test('the budget holds after the same query was admitted to the fast path by an operator', async () => {
  const refs = Array.from({ length: 20 }, (_, i) => ({ profileGuid: madeUpGuid(i) }));
  const query = 'query Probe($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }';
  for (let i = 0; i < 3; i++) expect((await stack.graphql(query, { refs })).body.errors).toBeUndefined();
  stack.sandbox.resetStats();
  expectShopperBudgetRefusal(await stack.graphql(query, { refs }, { token: shopper }));
});

test('a foreign profile read by guid is null, exactly like a missing guid (no FORBIDDEN to tell them apart)', async () => {
  const read = (guid: string, token: string) =>
    stack.graphql('query($g: ID!) { customerProfile(profileGuid: $g) { profileGuid customer { email } } }', { g: guid }, { token });
  const foreign = await read(MIRA.profileGuid, shopper);
  const missing = await read(MISSING_GUID, shopper);
  expect(foreign.status).toBe(missing.status);
  expect(foreign.body).toEqual({ data: { customerProfile: null } });
  expect(missing.body).toEqual(foreign.body);

  // The same in a batch, next to the shopper's own profile.
  const batch = await stack.graphql(
    'query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }',
    { refs: [{ profileGuid: MIRA.profileGuid }, { profileGuid: MISSING_GUID }, { profileGuid: ZOE.profileGuid }] },
    { token: shopper },
  );
  expect(batch.body).toEqual({ data: { customerProfiles: [null, null, { profileGuid: ZOE.profileGuid }] } });

  // And through _entities.
  const entities = await stack.graphql(
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } }',
    {
      r: [
        { __typename: 'CustomerProfile', profileGuid: MIRA.profileGuid },
        { __typename: 'CustomerProfile', profileGuid: MISSING_GUID },
      ],
    },
    { token: shopper },
  );
  expect(entities.body).toEqual({ data: { _entities: [null, null] } });
});

test("a shopper addressing another customer's id is refused without an upstream call", async () => {
  const res = await stack.graphql(`{ customerProfile(customerIdentification: "${MIRA.customerIdentification}") { profileGuid } }`, undefined, {
    token: shopper,
  });
  expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(stack.upstreamCalls()).toBe(0);
});

test('a shopper update of a foreign guid is PROFILE_NOT_FOUND, like a missing one, and nothing is written', async () => {
  const update = (guid: string) =>
    stack.graphql(
      'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }',
      { input: { profileGuid: guid, customerData: { lastName: 'Hijacked' } } },
      { token: shopper },
    );
  const foreign = await update(MIRA.profileGuid);
  const missing = await update(MISSING_GUID);
  expect(foreign.body.errors?.[0].extensions?.code).toBe('PROFILE_NOT_FOUND');
  expect(missing.body).toEqual(foreign.body);
  expect(stack.upstreamCalls('updateProfile')).toBe(0);
  expect(stack.sandbox.writes({ operation: 'updateProfile' }).writes).toEqual([]);

  const mira = await stack.graphql(`{ customerProfile(customerIdentification: "${MIRA.customerIdentification}") { customer { lastName } } }`);
  expect(mira.body.data.customerProfile.customer.lastName).toBe('Kovac');
});

test("a shopper's own update by guid goes through", async () => {
  const res = await stack.graphql(
    'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }',
    { input: { profileGuid: ZOE.profileGuid, customerData: { lastName: 'Own' } } },
    { token: shopper },
  );
  expect(res.body).toEqual({ data: { updateCustomerProfile: { changedFields: ['lastName'] } } });
  expect(stack.upstreamCalls('updateProfile')).toBe(1);
});
