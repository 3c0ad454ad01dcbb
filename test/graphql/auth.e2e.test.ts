/**
 * Access rules in the resolvers, end to end: shopper tokens see only their own profile, missing
 * tokens and missing scopes are refused — refusals before loading cost no upstream call.
 */
import { startStack, type Stack } from '../support/stack';
import { JOSE, MIRA, ZOE } from './support/e2e';

const READ_BY_ID = 'query($id: String) { customerProfile(customerIdentification: $id) { profileGuid customer { firstName email } } }';
const READ_BY_GUID = 'query($g: ID) { customerProfile(profileGuid: $g) { profileGuid customerIdentification customer { firstName email } } }';
const UPDATE =
  'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields profile { customer { firstName } } } }';
const DELETE =
  'mutation($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success profileGuid customerIdentification } }';

describe('with AUTH_CUSTOMER_MAY_DELETE=false (default)', () => {
  let stack: Stack;
  let zoe: string;
  beforeAll(async () => {
    stack = await startStack();
    zoe = await stack.token({ scope: '', sub: ZOE.customerIdentification });
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.sandbox.reset());

  it('lets a shopper read their own profile by customerIdentification, by profileGuid and as myCustomerProfile', async () => {
    const byId = await stack.graphql(READ_BY_ID, { id: ZOE.customerIdentification }, { token: zoe });
    expect(byId.body).toEqual({
      data: { customerProfile: { profileGuid: ZOE.profileGuid, customer: { firstName: 'Zoë', email: 'zoe.mueller@example.com' } } },
    });
    const byGuid = await stack.graphql(READ_BY_GUID, { g: ZOE.profileGuid }, { token: zoe });
    expect(byGuid.body.data.customerProfile.customerIdentification).toBe(ZOE.customerIdentification);
    const mine = await stack.graphql('{ myCustomerProfile { profileGuid } }', undefined, { token: zoe });
    expect(mine.body).toEqual({ data: { myCustomerProfile: { profileGuid: ZOE.profileGuid } } });
  });

  it('answers null for a shopper without a profile yet', async () => {
    const newcomer = await stack.token({ scope: '', sub: 'new-customer-42' });
    const { body } = await stack.graphql('{ myCustomerProfile { profileGuid } }', undefined, { token: newcomer });
    expect(body).toEqual({ data: { myCustomerProfile: null } });
  });

  it("answers another customer's profile by guid exactly like a missing one: null, no data, no error", async () => {
    const { body } = await stack.graphql(READ_BY_GUID, { g: MIRA.profileGuid }, { token: zoe });
    const missing = await stack.graphql(READ_BY_GUID, { g: 'CP-0000-0000-0000-0000-0000-0000' }, { token: zoe });
    expect(body).toEqual({ data: { customerProfile: null } });
    expect(missing.body).toEqual(body);
    const text = JSON.stringify(body);
    for (const secret of ['Mira', 'mira.kovac', MIRA.customerIdentification]) expect(text).not.toContain(secret);
  });

  it("refuses another customer's id without an upstream call", async () => {
    const { body } = await stack.graphql(READ_BY_ID, { id: MIRA.customerIdentification }, { token: zoe });
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('makes a foreign id a per-item error and a foreign guid a per-item null in customerProfiles', async () => {
    const { body } = await stack.graphql(
      'query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid customer { firstName } } }',
      {
        refs: [
          { customerIdentification: ZOE.customerIdentification },
          { customerIdentification: MIRA.customerIdentification },
          { profileGuid: JOSE.profileGuid },
        ],
      },
      { token: zoe },
    );
    expect(body.data.customerProfiles).toEqual([{ profileGuid: ZOE.profileGuid, customer: { firstName: 'Zoë' } }, null, null]);
    expect((body.errors ?? []).map((e) => [e.path, e.extensions?.code])).toEqual([[['customerProfiles', 1], 'FORBIDDEN']]);
    expect(JSON.stringify(body)).not.toContain('José');
    // Zoë by id and José by guid were loaded; Mira's id was refused before loading.
    expect(stack.upstreamCalls('getProfile')).toBe(2);
  });

  it('lets a shopper update their own profile, by id and by guid', async () => {
    const byId = await stack.graphql(
      UPDATE,
      { input: { customerIdentification: ZOE.customerIdentification, customerData: { firstName: 'Zoe' } } },
      { token: zoe },
    );
    expect(byId.body.data.updateCustomerProfile).toEqual({ changedFields: ['firstName'], profile: { customer: { firstName: 'Zoe' } } });
    const byGuid = await stack.graphql(UPDATE, { input: { profileGuid: ZOE.profileGuid, customerData: { firstName: 'Zoë' } } }, { token: zoe });
    expect(byGuid.body.data.updateCustomerProfile.changedFields).toEqual(['firstName']);
  });

  it("refuses a shopper's update of another profile by guid as PROFILE_NOT_FOUND (like a missing one), and it stays unchanged", async () => {
    const { body } = await stack.graphql(UPDATE, { input: { profileGuid: MIRA.profileGuid, customerData: { firstName: 'Hacked' } } }, { token: zoe });
    expect(body.errors?.[0].extensions?.code).toBe('PROFILE_NOT_FOUND');
    expect(stack.upstreamCalls('updateProfile')).toBe(0);
    const check = await stack.graphql(READ_BY_GUID, { g: MIRA.profileGuid });
    expect(check.body.data.customerProfile.customer.firstName).toBe('Mira');
  });

  it("refuses a shopper's update of another id without an upstream call", async () => {
    const { body } = await stack.graphql(
      UPDATE,
      { input: { customerIdentification: MIRA.customerIdentification, customerData: { firstName: 'Hacked' } } },
      { token: zoe },
    );
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('refuses shopper deletes unless the policy allows them', async () => {
    const { body } = await stack.graphql(DELETE, { input: { customerIdentification: ZOE.customerIdentification } }, { token: zoe });
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('answers UNAUTHENTICATED without a token, before any upstream call', async () => {
    for (const query of [READ_BY_ID, '{ myCustomerProfile { profileGuid } }']) {
      const { body } = await stack.graphql(query, { id: ZOE.customerIdentification }, { token: null });
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const { body } = await stack.graphql(
      UPDATE,
      { input: { customerIdentification: ZOE.customerIdentification, customerData: {} } },
      { token: null },
    );
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const garbage = await stack.graphql(READ_BY_ID, { id: ZOE.customerIdentification }, { token: 'not-a-jwt' });
    expect(garbage.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('lets a read-only operator read but not change', async () => {
    const readOnly = await stack.token({ scope: 'profiles:read' });
    const read = await stack.graphql(READ_BY_ID, { id: MIRA.customerIdentification }, { token: readOnly });
    expect(read.body.errors).toBeUndefined();
    stack.sandbox.resetStats();
    const update = await stack.graphql(
      UPDATE,
      { input: { customerIdentification: MIRA.customerIdentification, customerData: { firstName: 'X' } } },
      { token: readOnly },
    );
    expect(update.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const remove = await stack.graphql(DELETE, { input: { customerIdentification: MIRA.customerIdentification } }, { token: readOnly });
    expect(remove.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('gives operator tokens FORBIDDEN on myCustomerProfile', async () => {
    const { body } = await stack.graphql('{ myCustomerProfile { profileGuid } }');
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('lets a write-only operator change but not read', async () => {
    const writeOnly = await stack.token({ scope: 'profiles:write' });
    const read = await stack.graphql(READ_BY_ID, { id: MIRA.customerIdentification }, { token: writeOnly });
    expect(read.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('with AUTH_CUSTOMER_MAY_DELETE=true', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { AUTH_CUSTOMER_MAY_DELETE: 'true' } });
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.sandbox.reset());

  it('lets a shopper delete their own profile by guid (after one ownership read) and reports both ids', async () => {
    const zoe = await stack.token({ scope: '', sub: ZOE.customerIdentification });
    const { body } = await stack.graphql(DELETE, { input: { profileGuid: ZOE.profileGuid } }, { token: zoe });
    expect(body).toEqual({ data: { deleteCustomerProfile: { success: true, ...ZOE } } });
    expect(stack.sandbox.stats().calls).toMatchObject({ getProfile: 1, deleteProfile: 1 });
  });

  it("refuses a shopper's delete of another profile by guid as PROFILE_NOT_FOUND", async () => {
    const zoe = await stack.token({ scope: '', sub: ZOE.customerIdentification });
    const { body } = await stack.graphql(DELETE, { input: { profileGuid: MIRA.profileGuid } }, { token: zoe });
    expect(body.errors?.[0].extensions?.code).toBe('PROFILE_NOT_FOUND');
    expect(stack.upstreamCalls('deleteProfile')).toBe(0);
  });
});
