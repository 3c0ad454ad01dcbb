/**
 * Input rules over HTTP: every bad input is refused with BAD_USER_INPUT naming the field, before
 * any upstream call (the sandbox counts every call it answers). Access is checked even before that.
 */
import { startStack, type Stack } from '../support/stack';

const GUID = 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20';
const UPDATE = `mutation Update($input: UpdateCustomerProfileInput!) {
  updateCustomerProfile(input: $input) { changedFields }
}`;
const DELETE = 'mutation Delete($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success } }';
const READ = 'query Read($g: ID, $c: String) { customerProfile(profileGuid: $g, customerIdentification: $c) { profileGuid } }';
const MANY = 'query Many($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }';
const ENTITIES = 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid } } }';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { MAX_PROFILE_REFS: '5', MAX_ENTITY_REPRESENTATIONS: '3' } });
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.reset());
afterEach(() => expect(stack.upstreamCalls()).toBe(0));

async function run(query: string, variables?: Record<string, unknown>, token?: string | null) {
  return (await stack.graphql(query, variables, token === undefined ? {} : { token })).body;
}

async function badInput(query: string, variables?: Record<string, unknown>) {
  const { errors } = await run(query, variables);
  expect(errors).toHaveLength(1);
  expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  return { message: errors![0].message, field: errors![0].extensions?.field };
}

const update = (customerData: Record<string, unknown>, ids: Record<string, unknown> = { customerIdentification: 'cust-0001' }) =>
  badInput(UPDATE, { input: { ...ids, customerData } });

describe('customer data rules', () => {
  it.each([
    ['invalid e-mail', 'email', 'not-an-email', 'must be a valid e-mail address'],
    ['e-mail over 255', 'email', `${'a'.repeat(250)}@example.com`, 'must be at most 255 characters long'],
    ['unknown country', 'billingCountry', 'XX', 'must be an ISO 3166-1 alpha-2 country code, e.g. AT'],
    ['alpha-3 country', 'billingCountry', 'AUT', 'must be an ISO 3166-1 alpha-2 country code, e.g. AT'],
    ['bad IPv4', 'ipAddress', '300.1.2.3', 'must be an IPv4 or IPv6 address'],
    ['bad IPv6', 'ipAddress', 'fe80::zz', 'must be an IPv4 or IPv6 address'],
    ['firstName over 50', 'firstName', 'x'.repeat(51), 'must be at most 50 characters long'],
    ['lastName over 50', 'lastName', 'x'.repeat(51), 'must be at most 50 characters long'],
    ['billingAddress1 over 50', 'billingAddress1', 'x'.repeat(51), 'must be at most 50 characters long'],
    ['billingAddress2 over 50', 'billingAddress2', 'x'.repeat(51), 'must be at most 50 characters long'],
    ['billingCity over 50', 'billingCity', 'x'.repeat(51), 'must be at most 50 characters long'],
    ['company over 50', 'company', 'x'.repeat(51), 'must be at most 50 characters long'],
    ['billingPostcode over 16', 'billingPostcode', 'x'.repeat(17), 'must be at most 16 characters long'],
    ['billingState over 30', 'billingState', 'x'.repeat(31), 'must be at most 30 characters long'],
    ['billingPhone over 20', 'billingPhone', 'x'.repeat(21), 'must be at most 20 characters long'],
    ['nationalId over 14', 'nationalId', 'x'.repeat(15), 'must be at most 14 characters long'],
    ['extraData number value', 'extraData', { tier: 1 }, 'value of "tier" must be a string'],
    ['extraData value over 8192', 'extraData', { tier: 'x'.repeat(8193) }, 'value of "tier" must be at most 8192 characters long'],
    ['extraData key over 64', 'extraData', { ['k'.repeat(65)]: 'v' }, 'keys must be 1 to 64 characters long'],
    ['extraData over 64 keys', 'extraData', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])), 'must have at most 64 keys'],
  ])('%s is refused', async (_label, field, value, problem) => {
    const { message, field: reported } = await update({ [field]: value });
    expect(reported).toBe(`input.customerData.${field}`);
    expect(message).toContain(`input.customerData.${field}: ${problem}`);
  });

  it.each([
    ['impossible birthDate', 'birthDate', '2021-02-30'],
    ['birthDate without zero padding', 'birthDate', '1990-4-12'],
    ['birthDate with a time', 'birthDate', '1990-04-12T00:00:00Z'],
    ['unknown gender', 'gender', 'X'],
  ])('%s is refused by its GraphQL type, naming the field', async (_label, field, value) => {
    const { message, field: reported } = await update({ [field]: value });
    expect(reported).toBe(`input.customerData.${field}`);
    expect(message).toContain(`input.customerData.${field}`);
  });

  it.each([
    ['impossible birthDate', '{ birthDate: "2021-02-30" }', 'input.customerData.birthDate'],
    ['unknown gender', '{ gender: X }', 'input.customerData.gender'],
    ['number as a name', '{ firstName: 5 }', 'input.customerData.firstName'],
    ['unknown field', '{ nickname: "Zo" }', 'input.customerData.nickname'],
  ])('%s written as a literal is BAD_USER_INPUT naming the field', async (_label, literal, field) => {
    const { errors } = await run(
      `mutation { updateCustomerProfile(input: { customerIdentification: "cust-0001", customerData: ${literal} }) { changedFields } }`,
    );
    expect(errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(errors?.[0].message.startsWith(`${field}: `)).toBe(true);
  });

  it('names list indexes and missing required fields of literals', async () => {
    const bad = await run(`{ customerProfiles(refs: [{ customerIdentification: "a" }, { profileGuid: 5.5 }]) { profileGuid } }`);
    expect(bad.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refs[1].profileGuid' });
    const missing = await run('mutation { updateCustomerProfile(input: { customerIdentification: "cust-0001" }) { changedFields } }');
    expect(missing.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.customerData' });
  });

  it('lists every problem and names the first as the field', async () => {
    const { message, field } = await update({ email: 'nope', billingCountry: 'ZZ' });
    expect(field).toBe('input.customerData.billingCountry');
    expect(message).toBe(
      'input.customerData.billingCountry: must be an ISO 3166-1 alpha-2 country code, e.g. AT; input.customerData.email: must be a valid e-mail address',
    );
  });

  it('refuses a preferredInstrument that is not 24 characters', async () => {
    const { message, field } = await badInput(UPDATE, {
      input: { customerIdentification: 'cust-0001', customerData: {}, preferredInstrument: 'pt::short' },
    });
    expect(field).toBe('input.preferredInstrument');
    expect(message).toBe('input.preferredInstrument: must be exactly 24 characters (a paymentToken)');
  });
});

describe('identifier rules', () => {
  it.each([
    [{}, 'input', 'input: give exactly one of profileGuid and customerIdentification'],
    [{ profileGuid: GUID, customerIdentification: 'cust-0001' }, 'input', 'input: give either profileGuid or customerIdentification, not both'],
    [{ profileGuid: 'CP-short' }, 'input.profileGuid', 'input.profileGuid: must be exactly 32 characters'],
    [{ profileGuid: ' '.repeat(32) }, 'input.profileGuid', 'input.profileGuid: must not contain whitespace'],
    [{ customerIdentification: '' }, 'input.customerIdentification', 'input.customerIdentification: must be 1 to 36 characters long'],
    [{ customerIdentification: 'x'.repeat(37) }, 'input.customerIdentification', 'input.customerIdentification: must be 1 to 36 characters long'],
    [{ customerIdentification: '   ' }, 'input.customerIdentification', 'input.customerIdentification: must not start or end with whitespace'],
    [{ customerIdentification: ' cust-0001' }, 'input.customerIdentification', 'input.customerIdentification: must not start or end with whitespace'],
  ])('update with %j is refused', async (ids, field, message) => {
    await expect(update({ firstName: 'Ann' }, ids)).resolves.toEqual({ field, message });
  });

  it('applies the same rules to deleteCustomerProfile', async () => {
    await expect(badInput(DELETE, { input: { profileGuid: GUID, customerIdentification: 'cust-0001' } })).resolves.toMatchObject({ field: 'input' });
    await expect(badInput(DELETE, { input: { customerIdentification: 'cust-0001\n' } })).resolves.toEqual({
      field: 'input.customerIdentification',
      message: 'input.customerIdentification: must not start or end with whitespace',
    });
  });

  it('applies them to customerProfile arguments', async () => {
    await expect(badInput(`{ customerProfile { profileGuid } }`)).resolves.toEqual({
      field: 'profileGuid',
      message: 'profileGuid: give exactly one of profileGuid and customerIdentification',
    });
    await expect(badInput(`{ customerProfile(profileGuid: "${GUID}", customerIdentification: "cust-0001") { profileGuid } }`)).resolves.toMatchObject(
      {
        field: 'profileGuid',
      },
    );
    await expect(badInput(`{ customerProfile(profileGuid: "too-short") { profileGuid } }`)).resolves.toEqual({
      field: 'profileGuid',
      message: 'profileGuid: must be exactly 32 characters',
    });
    await expect(badInput(READ, { g: ' '.repeat(32) })).resolves.toEqual({
      field: 'profileGuid',
      message: 'profileGuid: must not contain whitespace',
    });
    await expect(badInput(READ, { c: 'cust-0001 ' })).resolves.toEqual({
      field: 'customerIdentification',
      message: 'customerIdentification: must not start or end with whitespace',
    });
  });

  it('names the index of a bad ref in customerProfiles', async () => {
    const result = await badInput(MANY, { refs: [{ customerIdentification: 'cust-0001' }, { profileGuid: 'x' }] });
    expect(result).toEqual({ field: 'refs[1].profileGuid', message: 'refs[1].profileGuid: must be exactly 32 characters' });
    const both = await badInput(MANY, { refs: [{ customerIdentification: 'cust-0001' }, {}] });
    expect(both.field).toBe('refs[1]');
    const blank = await badInput(MANY, { refs: [{ customerIdentification: 'cust-0001' }, { profileGuid: GUID }, { profileGuid: ' '.repeat(32) }] });
    expect(blank).toEqual({ field: 'refs[2].profileGuid', message: 'refs[2].profileGuid: must not contain whitespace' });
  });

  // The caps are the limits plugin's (checked before execution); the wording is its own.
  it('caps the refs of customerProfiles', async () => {
    const refs = Array.from({ length: 6 }, (_, i) => ({ customerIdentification: `cust-${i}` }));
    await expect(badInput(MANY, { refs })).resolves.toEqual({ field: 'refs', message: expect.stringMatching(/\b5\b.*\b6\b/) });
  });
});

describe('federation representations', () => {
  it('caps the representations of one request', async () => {
    const r = Array.from({ length: 4 }, (_, i) => ({ __typename: 'CustomerProfile', customerIdentification: `cust-${i}` }));
    await expect(badInput(ENTITIES, { r })).resolves.toEqual({
      field: 'representations',
      message: expect.stringMatching(/\b3\b.*\b4\b/),
    });
  });

  it.each([
    [{ profileGuid: 'short' }, 'representation.profileGuid', 'representation.profileGuid: must be exactly 32 characters'],
    [
      { customerIdentification: ' cust-0001' },
      'representation.customerIdentification',
      'representation.customerIdentification: must not start or end with whitespace',
    ],
    [{ profileGuid: 42 }, 'representation', 'representation: needs a profileGuid or customerIdentification string'],
  ])('refuses the malformed key %j in its own slot', async (key, field, message) => {
    const { data, errors } = await run(ENTITIES, { r: [{ __typename: 'CustomerProfile', ...key }] });
    expect(data).toEqual({ _entities: [null] });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({ message, path: ['_entities', 0], extensions: { code: 'BAD_USER_INPUT', field } });
  });
});

describe('access comes first', () => {
  it('answers UNAUTHENTICATED rather than BAD_USER_INPUT for an anonymous caller', async () => {
    const { errors } = await run(UPDATE, { input: { customerData: { email: 'bad' } } }, null);
    expect(errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers FORBIDDEN for a read-only operator on mutations', async () => {
    const readOnly = await stack.token({ scope: 'profiles:read' });
    const { errors } = await run(UPDATE, { input: { customerIdentification: 'cust-0001', customerData: {} } }, readOnly);
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("refuses a shopper another customer's id without loading it", async () => {
    const shopper = await stack.token({ scope: '', sub: 'cust-0001' });
    const { data, errors } = await run(`{ customerProfile(customerIdentification: "cust-0002") { profileGuid } }`, undefined, shopper);
    expect(data).toEqual({ customerProfile: null });
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('gives operators FORBIDDEN on myCustomerProfile', async () => {
    const { errors } = await run('{ myCustomerProfile { profileGuid } }');
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
