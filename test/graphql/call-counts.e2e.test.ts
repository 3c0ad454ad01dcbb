/**
 * What an operation costs upstream: one getProfile per distinct profile per operation, whatever
 * the shape of the query (aliases, repeated refs, both keys, federation representations), and
 * at most one re-fetch after an update — none when only customer fields are selected.
 */
import { DEMO_PROFILES } from '../../src/sandbox/seed';
import { startStack, type Stack } from '../support/stack';
import { MIRA, MIRA_IBAN_TOKEN, ZOE } from './support/e2e';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { MAX_PROFILE_REFS: '50' }, sandbox: { latencyMs: 5 } });
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.reset());

const calls = () => stack.sandbox.stats().calls;

describe('reads', () => {
  it('costs 10 getProfile calls for 30 refs over 10 distinct keys, aligned with the refs', async () => {
    const distinct: Array<{ profileGuid?: string; customerIdentification?: string }> = [
      ...DEMO_PROFILES.slice(0, 5).map((p) => ({ customerIdentification: p.customerIdentification })),
      ...DEMO_PROFILES.slice(5).map((p) => ({ profileGuid: p.profileGuid })),
      { customerIdentification: 'missing-1' },
      { customerIdentification: 'missing-2' },
      { profileGuid: 'CP-0000-0000-0000-0000-0000-0001' },
    ];
    expect(distinct).toHaveLength(10);
    const refs = Array.from({ length: 30 }, (_, i) => distinct[(i * 7) % 10]);
    const { body } = await stack.graphql(
      'query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid customerIdentification } }',
      { refs },
    );
    expect(body.errors).toBeUndefined();
    expect(calls().getProfile).toBe(10);
    const answers = body.data.customerProfiles as Array<{ profileGuid: string; customerIdentification: string } | null>;
    expect(answers).toHaveLength(30);
    answers.forEach((answer, i) => {
      const ref = refs[i];
      const expected = DEMO_PROFILES.find((p) => p.profileGuid === ref.profileGuid || p.customerIdentification === ref.customerIdentification);
      expect(answer).toEqual(expected ? { profileGuid: expected.profileGuid, customerIdentification: expected.customerIdentification } : null);
    });
  });

  it('costs one call for the same profile under 5 aliases', async () => {
    const aliases = [1, 2, 3, 4, 5].map((i) => `a${i}: customerProfile(profileGuid: "${MIRA.profileGuid}") { customer { firstName } }`).join('\n');
    const { body } = await stack.graphql(`{ ${aliases} }`);
    expect(Object.values(body.data)).toEqual(Array(5).fill({ customer: { firstName: 'Mira' } }));
    expect(calls().getProfile).toBe(1);
  });

  it('costs one call for a read by customerIdentification and one by the same profile’s guid', async () => {
    const { body } = await stack.graphql(`{
      byId: customerProfile(customerIdentification: "${MIRA.customerIdentification}") { profileGuid }
      byGuid: customerProfile(profileGuid: "${MIRA.profileGuid}") { customerIdentification }
      both: customerProfiles(refs: [{ profileGuid: "${MIRA.profileGuid}" }, { customerIdentification: "${MIRA.customerIdentification}" }]) { profileGuid }
    }`);
    expect(body.data).toEqual({
      byId: { profileGuid: MIRA.profileGuid },
      byGuid: { customerIdentification: MIRA.customerIdentification },
      both: [{ profileGuid: MIRA.profileGuid }, { profileGuid: MIRA.profileGuid }],
    });
    expect(calls().getProfile).toBe(1);
  });

  it('never shares the cache between requests', async () => {
    await stack.graphql(`{ customerProfile(profileGuid: "${MIRA.profileGuid}") { profileGuid } }`);
    await stack.graphql(`{ customerProfile(profileGuid: "${MIRA.profileGuid}") { profileGuid } }`);
    expect(calls().getProfile).toBe(2);
  });

  it('resolves 20 federation representations over 7 profiles with 7 calls, in order, null for missing', async () => {
    const keys = [
      ...DEMO_PROFILES.map((p) => ({ __typename: 'CustomerProfile', profileGuid: p.profileGuid })),
      ...DEMO_PROFILES.map((p) => ({ __typename: 'CustomerProfile', customerIdentification: p.customerIdentification })),
    ];
    const representations = Array.from({ length: 19 }, (_, i) => keys[(i * 5) % keys.length]);
    representations.splice(4, 0, { __typename: 'CustomerProfile', customerIdentification: 'nobody-here' });
    const { body } = await stack.graphql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerProfile { profileGuid customerIdentification } } }',
      { r: representations },
    );
    expect(body.errors).toBeUndefined();
    const entities = body.data._entities as Array<{ profileGuid: string; customerIdentification: string } | null>;
    expect(entities).toHaveLength(20);
    entities.forEach((entity, i) => {
      const r = representations[i] as { profileGuid?: string; customerIdentification?: string };
      if (r.customerIdentification === 'nobody-here') expect(entity).toBeNull();
      else expect(r.profileGuid ? entity?.profileGuid : entity?.customerIdentification).toBe(r.profileGuid ?? r.customerIdentification);
    });
    // 7 profiles, plus the missing one.
    expect(calls().getProfile).toBe(8);
  });
});

describe('updates', () => {
  const UPDATE = (selection: string) =>
    `mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields profile { ${selection} } } }`;

  it('makes no re-fetch when only customer fields are selected', async () => {
    const { body } = await stack.graphql(UPDATE('profileGuid customerIdentification customer { firstName lastName }'), {
      input: { profileGuid: MIRA.profileGuid, customerData: { lastName: 'Berg' } },
    });
    expect(body.data.updateCustomerProfile).toEqual({
      changedFields: ['lastName'],
      profile: {
        profileGuid: MIRA.profileGuid,
        customerIdentification: MIRA.customerIdentification,
        customer: { firstName: 'Mira', lastName: 'Berg' },
      },
    });
    expect(calls()).toMatchObject({ updateProfile: 1, getProfile: 0 });
  });

  it('re-fetches once when instrument fields are selected', async () => {
    const { body } = await stack.graphql(
      UPDATE('preferredMethod paymentInstruments { paymentToken } preferredInstrument { paymentToken } customer { lastName }'),
      { input: { customerIdentification: MIRA.customerIdentification, customerData: { lastName: 'Berg' } } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.updateCustomerProfile.profile.customer.lastName).toBe('Berg');
    expect(body.data.updateCustomerProfile.profile.paymentInstruments).toHaveLength(3);
    expect(calls()).toMatchObject({ updateProfile: 1, getProfile: 1 });
  });

  it('re-fetches once after changing the preferred instrument, showing the new state', async () => {
    const { body } = await stack.graphql(UPDATE('preferredInstrument { paymentToken } paymentInstruments { paymentToken isPreferred }'), {
      input: { profileGuid: MIRA.profileGuid, customerData: {}, preferredInstrument: MIRA_IBAN_TOKEN },
    });
    expect(body.data.updateCustomerProfile.profile.preferredInstrument).toEqual({ paymentToken: MIRA_IBAN_TOKEN });
    expect(calls()).toMatchObject({ updateProfile: 1, getProfile: 1 });
  });

  it('re-uses the ownership read of a shopper update for the instruments', async () => {
    const zoe = await stack.token({ scope: '', sub: ZOE.customerIdentification });
    const { body } = await stack.graphql(
      UPDATE('paymentInstruments { paymentToken } customer { firstName }'),
      {
        input: { profileGuid: ZOE.profileGuid, customerData: { firstName: 'Zoe' } },
      },
      { token: zoe },
    );
    expect(body.data.updateCustomerProfile.profile).toMatchObject({
      customer: { firstName: 'Zoe' },
      paymentInstruments: [expect.any(Object), expect.any(Object)],
    });
    expect(calls()).toMatchObject({ getProfile: 1, updateProfile: 1 });
  });

  it('shows the update to later reads of the same operation', async () => {
    const { body } = await stack.graphql(`mutation {
      first: updateCustomerProfile(input: { profileGuid: "${MIRA.profileGuid}", customerData: { lastName: "One" } }) { profile { customer { lastName } } }
      second: updateCustomerProfile(input: { profileGuid: "${MIRA.profileGuid}", customerData: { firstName: "Two" } }) { profile { customer { firstName lastName } paymentInstruments { paymentToken } } }
    }`);
    expect(body.data.second.profile.customer).toEqual({ firstName: 'Two', lastName: 'One' });
    expect(calls()).toMatchObject({ updateProfile: 2, getProfile: 1 });
  });

  it('forgets a deleted profile within the operation', async () => {
    const { body } = await stack.graphql(`mutation {
      before: updateCustomerProfile(input: { profileGuid: "${MIRA.profileGuid}", customerData: {} }) { profile { paymentInstruments { paymentToken } } }
      gone: deleteCustomerProfile(input: { profileGuid: "${MIRA.profileGuid}" }) { success profileGuid customerIdentification }
    }`);
    expect(body.data.gone).toEqual({ success: true, profileGuid: MIRA.profileGuid, customerIdentification: MIRA.customerIdentification });
  });
});
