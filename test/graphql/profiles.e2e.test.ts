/**
 * The profile API end to end: real gateway, real IXOPAY client, sandbox upstream, over HTTP.
 * Each query and mutation, not-found answers, and the example operations in schema/operations.
 */
import { startStack, type Stack } from '../support/stack';
import { exampleOperations } from './support/operations';
import { JOSE, MIRA, MIRA_IBAN_TOKEN, NOAH, PROFILE_FIELDS, ZOE } from './support/e2e';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.reset());

const UPDATE = `mutation Update($input: UpdateCustomerProfileInput!) {
  updateCustomerProfile(input: $input) {
    changedFields
    profile { ${PROFILE_FIELDS} }
  }
}`;

describe('customerProfile', () => {
  it('reads a profile by profileGuid with every field', async () => {
    const { status, body } = await stack.graphql(`query($g: ID) { customerProfile(profileGuid: $g) { ${PROFILE_FIELDS} } }`, { g: MIRA.profileGuid });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const profile = body.data.customerProfile;
    expect(profile).toMatchObject({
      profileGuid: MIRA.profileGuid,
      customerIdentification: MIRA.customerIdentification,
      preferredMethod: expect.any(String),
      customer: {
        firstName: 'Mira',
        lastName: 'Kovac',
        birthDate: '1988-07-14',
        gender: 'F',
        billingCountry: 'AT',
        email: 'mira.kovac@example.net',
        ipAddress: '203.0.113.45',
        extraData: { loyaltyTier: 'gold' },
      },
      preferredInstrument: { paymentToken: 'pt::4f0c2d9e81b7a65c3e10', method: 'CARD' },
    });
    expect(profile.paymentInstruments).toEqual([
      expect.objectContaining({
        paymentToken: 'pt::4f0c2d9e81b7a65c3e10',
        method: 'CARD',
        isPreferred: true,
        createdAt: '2024-11-05T14:03:51.000Z',
        paymentData: {
          __typename: 'CardData',
          brand: 'mastercard',
          cardHolder: 'Mira Kovac',
          expiryMonth: 9,
          expiryYear: 2029,
          firstSixDigits: '520000',
          lastFourDigits: '0007',
        },
      }),
      expect.objectContaining({
        method: 'IBAN',
        isPreferred: false,
        paymentData: {
          __typename: 'IbanData',
          iban: 'AT611904300234573201',
          bic: null,
          mandateId: 'MND-2025-0042',
          mandateDate: '2025-01-20T00:00:00.000Z',
        },
      }),
      expect.objectContaining({
        method: 'WALLET',
        paymentData: expect.objectContaining({ __typename: 'WalletData', walletType: 'paypal', walletOwnerCountryCode: 'AT' }),
      }),
    ]);
  });

  it('reads a profile by customerIdentification', async () => {
    const { body } = await stack.graphql(
      `{ customerProfile(customerIdentification: "${JOSE.customerIdentification}") { profileGuid customer { firstName } preferredInstrument { associatedTokenType networkTokenStatus } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.customerProfile).toMatchObject({ profileGuid: JOSE.profileGuid, customer: { firstName: 'José' } });
  });

  it('answers null for a profile without instruments’ preferred instrument', async () => {
    const { body } = await stack.graphql(
      `{ customerProfile(customerIdentification: "${NOAH.customerIdentification}") { paymentInstruments { paymentToken } preferredInstrument { paymentToken } customer { extraData } } }`,
    );
    expect(body.data.customerProfile).toEqual({ paymentInstruments: [], preferredInstrument: null, customer: { extraData: {} } });
  });

  it('answers null, without an error, when the profile does not exist', async () => {
    const { body } = await stack.graphql(
      '{ a: customerProfile(customerIdentification: "nobody-here") { profileGuid } b: customerProfile(profileGuid: "CP-0000-0000-0000-0000-0000-0000") { profileGuid } }',
    );
    expect(body).toEqual({ data: { a: null, b: null } });
  });
});

describe('customerProfiles', () => {
  it('answers aligned with refs, null where missing', async () => {
    const { body } = await stack.graphql(
      'query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid customerIdentification } }',
      {
        refs: [
          { customerIdentification: ZOE.customerIdentification },
          { customerIdentification: 'nobody-here' },
          { profileGuid: MIRA.profileGuid },
          { customerIdentification: ZOE.customerIdentification },
        ],
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.customerProfiles).toEqual([ZOE, null, MIRA, ZOE]);
  });

  it('answers an empty list for no refs', async () => {
    const { body } = await stack.graphql('{ customerProfiles(refs: []) { profileGuid } }');
    expect(body).toEqual({ data: { customerProfiles: [] } });
  });
});

describe('updateCustomerProfile', () => {
  it('sends only the given fields: omitted ones stay, null clears', async () => {
    const { body } = await stack.graphql(UPDATE, {
      input: { profileGuid: MIRA.profileGuid, customerData: { lastName: 'Kovač-Berg', billingState: null } },
    });
    expect(body.errors).toBeUndefined();
    const { changedFields, profile } = body.data.updateCustomerProfile;
    expect(changedFields).toEqual(['lastName', 'billingState']);
    expect(profile.customer).toMatchObject({
      firstName: 'Mira',
      lastName: 'Kovač-Berg',
      billingState: null,
      billingCity: 'Graz',
      email: 'mira.kovac@example.net',
    });
    expect(profile.customerIdentification).toBe(MIRA.customerIdentification);
    expect(profile.paymentInstruments).toHaveLength(3);

    const again = await stack.graphql(`{ customerProfile(profileGuid: "${MIRA.profileGuid}") { customer { lastName billingState firstName } } }`);
    expect(again.body.data.customerProfile.customer).toEqual({ firstName: 'Mira', lastName: 'Kovač-Berg', billingState: null });
  });

  it('updates every customer field and reports no change when nothing changed', async () => {
    const customerData = {
      firstName: 'Ann',
      lastName: 'Lee',
      birthDate: '2000-02-29',
      gender: 'M',
      billingAddress1: 'A 1',
      billingAddress2: 'B 2',
      billingCity: 'Linz',
      billingPostcode: '4020',
      billingState: 'OÖ',
      billingCountry: 'DE',
      billingPhone: '+49 301234567',
      company: 'ACME',
      email: 'ann@example.org',
      ipAddress: '2001:db8::1',
      nationalId: 'X1234',
      extraData: { a: 'b' },
    };
    const first = await stack.graphql(UPDATE, { input: { customerIdentification: ZOE.customerIdentification, customerData } });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.updateCustomerProfile.profile.customer).toEqual(customerData);
    const second = await stack.graphql(UPDATE, { input: { customerIdentification: ZOE.customerIdentification, customerData } });
    expect(second.body.data.updateCustomerProfile.changedFields).toEqual([]);
  });

  it('sets the preferred instrument and shows it in the same response', async () => {
    const { body } = await stack.graphql(UPDATE, {
      input: { profileGuid: MIRA.profileGuid, customerData: {}, preferredInstrument: MIRA_IBAN_TOKEN },
    });
    expect(body.errors).toBeUndefined();
    const { profile } = body.data.updateCustomerProfile;
    expect(profile.preferredInstrument).toEqual({ paymentToken: MIRA_IBAN_TOKEN, method: 'IBAN' });
    expect(
      profile.paymentInstruments.filter((i: { isPreferred: boolean }) => i.isPreferred).map((i: { paymentToken: string }) => i.paymentToken),
    ).toEqual([MIRA_IBAN_TOKEN]);
  });

  it('answers PROFILE_NOT_FOUND for a missing profile', async () => {
    const { body } = await stack.graphql(UPDATE, { input: { customerIdentification: 'nobody-here', customerData: { firstName: 'X' } } });
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ['updateCustomerProfile'], extensions: { code: 'PROFILE_NOT_FOUND' } })]);
  });
});

describe('deleteCustomerProfile', () => {
  const DELETE =
    'mutation($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success profileGuid customerIdentification } }';

  it('deletes a profile; it is gone afterwards', async () => {
    const { body } = await stack.graphql(DELETE, { input: { customerIdentification: JOSE.customerIdentification } });
    expect(body).toEqual({
      data: { deleteCustomerProfile: { success: true, profileGuid: null, customerIdentification: JOSE.customerIdentification } },
    });
    const after = await stack.graphql(`{ customerProfile(profileGuid: "${JOSE.profileGuid}") { profileGuid } }`);
    expect(after.body).toEqual({ data: { customerProfile: null } });
  });

  it('answers PROFILE_NOT_FOUND for a missing profile', async () => {
    const { body } = await stack.graphql(DELETE, { input: { profileGuid: 'CP-0000-0000-0000-0000-0000-0000' } });
    expect(body.errors?.[0].extensions).toEqual({ code: 'PROFILE_NOT_FOUND' });
  });
});

describe('example operations (schema/operations)', () => {
  it.each(exampleOperations().map((o) => [o.name, o] as const))('%s runs without errors', async (name, operation) => {
    const token = name === 'MyProfile' ? await stack.token({ scope: '', sub: MIRA.customerIdentification }) : undefined;
    const { status, body } = await stack.graphql(operation.document, operation.variables, { token });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTruthy();
    expect(Object.values(body.data).every((value) => value !== null)).toBe(true);
  });
});
