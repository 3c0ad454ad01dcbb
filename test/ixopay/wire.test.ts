/** Response parsing: the documented quirks of API.md §8 are absorbed, wrong shapes are refused. */
import { UpstreamRejectedError, UpstreamUnavailableError } from '../../src/ixopay/errors';
import { interpretResponse, NOT_FOUND } from '../../src/ixopay/wire/interpret';
import { parseProfile } from '../../src/ixopay/wire/profile';
import { parseDeregisterResult, parseRegisterResult, parseUpdateResult } from '../../src/ixopay/wire/results';
import { parseRetryAfter } from '../../src/ixopay/wire/retry-after';
import { clientFor, reply, startServer } from './scripted-server';

const NOW = new Date('2025-03-04T09:15:00Z');

function getProfile(body: unknown, status = 200) {
  return interpretResponse('getProfile', { status, text: JSON.stringify(body), retryAfter: undefined }, NOW, parseProfile);
}

const DOCS_EXAMPLE = {
  success: true,
  profileExists: true,
  profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d',
  customerIdentification: 'shop-user-000417',
  preferredMethod: 'Creditcard',
  customer: {
    _TYPE: 'customerData',
    firstName: 'Mira',
    lastName: 'Kovac',
    birthDate: '1988-07-14',
    gender: 'F',
    billingAddress1: 'Lindengasse 12',
    billingAddress2: null,
    billingCity: 'Graz',
    billingPostcode: '8010',
    billingState: 'Styria',
    billingCountry: 'AT',
    billingPhone: '+43 6641234567',
    company: null,
    email: 'mira.kovac@example.net',
    ipAddress: '203.0.113.45',
    nationalId: null,
    extraData: { loyaltyTier: 'gold' },
  },
  paymentInstruments: [
    {
      _TYPE: 'paymentInstrument',
      method: 'card',
      paymentToken: 'pt::4f0c2d9e81b7a65c3e10',
      createdAt: '2024-11-05 14:03:51',
      isPreferred: true,
      associatedTokenType: null,
      paymentData: {
        _TYPE: 'paymentData.card',
        brand: 'mastercard',
        cardHolder: 'Mira Kovac',
        expiryMonth: 9,
        expiryYear: 2029,
        firstSixDigits: '520000',
        lastFourDigits: '0007',
      },
    },
    {
      _TYPE: 'paymentInstrument',
      method: 'iban',
      paymentToken: 'pt::9b21e0c4d7f35a8e6c02',
      createdAt: '2025-01-20 08:41:10',
      isPreferred: false,
      paymentData: {
        _TYPE: 'paymentData.iban',
        iban: 'AT611904300234573201',
        bic: null,
        mandateId: 'MND-2025-0042',
        mandateDate: '2025-01-20 00:00:00',
      },
    },
    {
      _TYPE: 'paymentInstrument',
      method: 'wallet',
      paymentToken: 'pt::c3e8a17f02d94b6e5a11',
      createdAt: '2025-02-02 19:12:00',
      isPreferred: false,
      paymentData: {
        _TYPE: 'paymentData.wallet',
        walletReferenceId: 'BA-5TJ72913HX884210L',
        walletType: 'paypal',
        walletOwner: 'mira.k@example.net',
        walletOwnerFirstName: 'Mira',
        walletOwnerLastName: 'Kovac',
        walletOwnerCountryCode: 'AT',
        walletRegistrationId: 'e52b7c0d19a4f6e83d21',
      },
    },
  ],
};

test('the documented getProfile example maps onto CustomerProfile', () => {
  expect(getProfile(DOCS_EXAMPLE)).toEqual({
    profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d',
    customerIdentification: 'shop-user-000417',
    preferredMethod: 'Creditcard',
    customer: {
      firstName: 'Mira',
      lastName: 'Kovac',
      birthDate: '1988-07-14',
      gender: 'F',
      billingAddress1: 'Lindengasse 12',
      billingAddress2: null,
      billingCity: 'Graz',
      billingPostcode: '8010',
      billingState: 'Styria',
      billingCountry: 'AT',
      billingPhone: '+43 6641234567',
      company: null,
      email: 'mira.kovac@example.net',
      ipAddress: '203.0.113.45',
      nationalId: null,
      extraData: { loyaltyTier: 'gold' },
    },
    paymentInstruments: [
      {
        paymentToken: 'pt::4f0c2d9e81b7a65c3e10',
        method: 'card',
        createdAt: new Date('2024-11-05T14:03:51Z'),
        isPreferred: true,
        associatedTokenType: null,
        networkTokenStatus: null,
        paymentData: {
          kind: 'card',
          brand: 'mastercard',
          cardHolder: 'Mira Kovac',
          expiryMonth: 9,
          expiryYear: 2029,
          firstSixDigits: '520000',
          lastFourDigits: '0007',
        },
      },
      {
        paymentToken: 'pt::9b21e0c4d7f35a8e6c02',
        method: 'iban',
        createdAt: new Date('2025-01-20T08:41:10Z'),
        isPreferred: false,
        associatedTokenType: null,
        networkTokenStatus: null,
        paymentData: {
          kind: 'iban',
          iban: 'AT611904300234573201',
          bic: null,
          mandateId: 'MND-2025-0042',
          mandateDate: new Date('2025-01-20T00:00:00Z'),
        },
      },
      {
        paymentToken: 'pt::c3e8a17f02d94b6e5a11',
        method: 'wallet',
        createdAt: new Date('2025-02-02T19:12:00Z'),
        isPreferred: false,
        associatedTokenType: null,
        networkTokenStatus: null,
        paymentData: {
          kind: 'wallet',
          walletReferenceId: 'BA-5TJ72913HX884210L',
          walletType: 'paypal',
          walletOwner: 'mira.k@example.net',
          walletOwnerFirstName: 'Mira',
          walletOwnerLastName: 'Kovac',
          walletOwnerCountryCode: 'AT',
          walletRegistrationId: 'e52b7c0d19a4f6e83d21',
        },
      },
    ],
  });
});

test('quirks: extraData [] / null, profileExists "true", string expiry, RFC 3339 dates, _TYPE "card", unknown keys', () => {
  const profile = getProfile({
    success: 'true',
    profileExists: 'true',
    profileGuid: 'CP-1',
    surprise: { nested: true },
    customer: { _TYPE: 'customerData', identification: 'x', firstName: 'A', gender: 'm', billingPostcode: 8010, extraData: [] },
    paymentInstruments: [
      {
        _TYPE: 'card',
        paymentToken: 'pt::1',
        createdAt: '2024-11-05T14:03:51+01:00',
        isPreferred: 'false',
        associatedTokenType: 'network',
        networkTokenStatus: 'active',
        paymentData: { _TYPE: 'paymentData.card', expiryMonth: '09', expiryYear: '2029', extra: 1 },
      },
      { method: 'iban', paymentToken: 'pt::2', paymentData: { _TYPE: 'something.new', iban: 'AT61', mandateDate: '2025-01-20T00:00:00Z' } },
      { method: 'wallet', paymentToken: 'pt::3', createdAt: 'not a date', paymentData: null },
      { method: 'ach', paymentToken: 'pt::4', paymentData: { _TYPE: 'paymentData.ach' } },
    ],
  });
  expect(profile).not.toBe(NOT_FOUND);
  if (profile === NOT_FOUND) return;
  expect(profile.customerIdentification).toBeNull();
  expect(profile.preferredMethod).toBeNull();
  expect(profile.customer).toMatchObject({ firstName: 'A', lastName: null, gender: 'M', billingPostcode: '8010', extraData: {} });
  expect(profile.paymentInstruments.map((i) => i.paymentToken)).toEqual(['pt::1', 'pt::2', 'pt::3']);
  const [card, iban, wallet] = profile.paymentInstruments;
  expect(card).toMatchObject({ method: 'card', isPreferred: false, associatedTokenType: 'network', networkTokenStatus: 'active' });
  expect(card.createdAt).toEqual(new Date('2024-11-05T13:03:51Z'));
  expect(card.paymentData).toEqual({
    kind: 'card',
    brand: null,
    cardHolder: null,
    expiryMonth: 9,
    expiryYear: 2029,
    firstSixDigits: null,
    lastFourDigits: null,
  });
  expect(iban.paymentData).toEqual({ kind: 'iban', iban: 'AT61', bic: null, mandateId: null, mandateDate: new Date('2025-01-20T00:00:00Z') });
  expect(wallet).toMatchObject({ createdAt: null, paymentData: null });

  const nullExtra = getProfile({ success: true, profileGuid: 'CP-2', customer: { extraData: null } });
  expect(nullExtra !== NOT_FOUND && nullExtra.customer?.extraData).toEqual({});
  const noInstruments = getProfile({ success: true, profileGuid: 'CP-3' });
  expect(noInstruments !== NOT_FOUND && noInstruments.paymentInstruments).toEqual([]);
});

test('the documented not-found answer (200, success:false, profileExists:false) → NOT_FOUND', () => {
  expect(
    getProfile({
      success: false,
      profileExists: false,
      profileGuid: null,
      customerIdentification: null,
      preferredMethod: null,
      customer: null,
      paymentInstruments: [],
    }),
  ).toBe(NOT_FOUND);
});

test.each([
  ['customer not an object', { success: true, profileGuid: 'CP-1', customer: 'Mira' }],
  ['extraData nested object', { success: true, profileGuid: 'CP-1', customer: { extraData: { a: { b: 1 } } } }],
  ['instrument without paymentToken', { success: true, profileGuid: 'CP-1', paymentInstruments: [{ method: 'card' }] }],
  ['firstName a boolean', { success: true, profileGuid: 'CP-1', customer: { firstName: true } }],
  ['profileGuid empty', { success: true, profileGuid: '' }],
])('wrong shape: %s → unexpected_shape', (_name, body) => {
  let caught: unknown;
  try {
    getProfile(body);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UpstreamUnavailableError);
  expect(caught).toMatchObject({ reason: 'unexpected_shape' });
});

test('updateProfile, register and deregister results', () => {
  expect(
    parseUpdateResult({
      success: true,
      profileGuid: 'CP-1',
      customerIdentification: 'shop-user-000417',
      customer: { _TYPE: 'customerData', firstName: 'Mira', lastName: 'Kovač-Berg', extraData: [] },
      changedFields: ['lastName', 'email'],
    }),
  ).toMatchObject({ profileGuid: 'CP-1', customer: { lastName: 'Kovač-Berg', email: null, extraData: {} }, changedFields: ['lastName', 'email'] });
  expect(parseUpdateResult({ success: true, profileGuid: 'CP-1' })).toMatchObject({
    customer: null,
    changedFields: [],
    customerIdentification: null,
  });
  expect(() => parseUpdateResult({ profileGuid: 'CP-1', changedFields: 'lastName' })).toThrow(/changedFields/);

  expect(
    parseRegisterResult({
      success: true,
      uuid: '7c4e19a0d3b25f86e1a4',
      purchaseId: '20250304-7c4e19a0d3b25f86e1a4',
      returnType: 'FINISHED',
      paymentMethod: 'Creditcard',
      customerProfileData: { profileGuid: 'CP-1', customerIdentification: 'c-1', paymentToken: 'pt::1', markAsPreferred: true },
    }),
  ).toEqual({
    uuid: '7c4e19a0d3b25f86e1a4',
    purchaseId: '20250304-7c4e19a0d3b25f86e1a4',
    returnType: 'FINISHED',
    redirectUrl: null,
    redirectType: null,
    htmlContent: null,
    paymentMethod: 'Creditcard',
    customerProfileData: { profileGuid: 'CP-1', customerIdentification: 'c-1', paymentToken: 'pt::1', markAsPreferred: true },
  });
  expect(parseDeregisterResult({ uuid: 'u', returnType: 'FINISHED' })).toEqual({ uuid: 'u', purchaseId: null, returnType: 'FINISHED' });
  expect(() => parseDeregisterResult({ returnType: 'FINISHED' })).toThrow(/uuid/);
});

test('register return types (API.md §7.3): what the caller needs to continue is there, or it is a shape error', () => {
  const redirect = parseRegisterResult({
    uuid: 'u',
    returnType: 'REDIRECT',
    redirectType: 'fullpage',
    redirectUrl: 'https://psp.example/3ds/u',
    customerProfileData: { customerIdentification: 'c-1' },
  });
  // The profile is only written once an asynchronous register succeeds.
  expect(redirect).toMatchObject({
    returnType: 'REDIRECT',
    redirectUrl: 'https://psp.example/3ds/u',
    redirectType: 'fullpage',
    customerProfileData: null,
  });
  expect(() => parseRegisterResult({ uuid: 'u', returnType: 'REDIRECT' })).toThrow(/redirectUrl/);
  expect(parseRegisterResult({ uuid: 'u', returnType: 'HTML', htmlContent: '<form></form>' })).toMatchObject({
    returnType: 'HTML',
    htmlContent: '<form></form>',
  });
  expect(() => parseRegisterResult({ uuid: 'u', returnType: 'HTML' })).toThrow(/htmlContent/);
  expect(parseRegisterResult({ uuid: 'u', returnType: 'PENDING' })).toMatchObject({
    returnType: 'PENDING',
    redirectUrl: null,
    customerProfileData: null,
  });
  expect(parseRegisterResult({ uuid: 'u', returnType: 'PENDING_DCC' }).returnType).toBe('PENDING_DCC');
  expect(() => parseRegisterResult({ uuid: 'u', returnType: 'SOMETHING_NEW' })).toThrow(/returnType/);
});

test('a transaction result with returnType ERROR is a rejection even beside success:true; without error fields, a shape error', () => {
  const raw = (body: unknown) => ({ status: 200, text: JSON.stringify(body), retryAfter: undefined });
  const declined = { success: true, uuid: 'u', returnType: 'ERROR', errors: [{ errorCode: 2003, errorMessage: 'Transaction declined' }] };
  expect(() => interpretResponse('register', raw(declined), NOW, parseRegisterResult)).toThrow(UpstreamRejectedError);
  expect(() => interpretResponse('register', raw({ success: true, uuid: 'u', returnType: 'ERROR' }), NOW, parseRegisterResult)).toThrow(
    expect.objectContaining({ reason: 'unexpected_shape' }),
  );
});

test('Retry-After: delta seconds, IMF-fixdate (GMT/UTC), RFC 850, past dates clamp, junk ignored', () => {
  expect(parseRetryAfter('120', NOW)).toBe(120);
  expect(parseRetryAfter(['3', '9'], NOW)).toBe(3);
  expect(parseRetryAfter('Tue, 04 Mar 2025 09:15:10 GMT', NOW)).toBe(10);
  expect(parseRetryAfter('Tue, 04 Mar 2025 09:15:10 UTC', NOW)).toBe(10);
  expect(parseRetryAfter('Tuesday, 04-Mar-25 09:16:00 GMT', NOW)).toBe(60);
  expect(parseRetryAfter('Tue, 04 Mar 2025 09:00:00 GMT', NOW)).toBe(0);
  expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', NOW)).toBe(0);
  expect(parseRetryAfter('-5', NOW)).toBe(0);
  expect(parseRetryAfter('12abc', NOW)).toBeUndefined();
  expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
});

test('through the client: a quirky profile over HTTP', async () => {
  const server = await startServer((_q, res) =>
    reply(res, 200, { ...DOCS_EXAMPLE, profileExists: 'true', customer: { ...DOCS_EXAMPLE.customer, extraData: [] } }),
  );
  const client = clientFor(server.origin);
  try {
    const profile = await client.getProfile({ customerIdentification: 'shop-user-000417' });
    expect(profile?.customer?.extraData).toEqual({});
    expect(profile?.paymentInstruments).toHaveLength(3);
    expect(JSON.parse(server.requests[0].body.toString())).toEqual({ customerIdentification: 'shop-user-000417' });
  } finally {
    await client.close();
    await server.close();
  }
});
