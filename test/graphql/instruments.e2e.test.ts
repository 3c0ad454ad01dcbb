/**
 * The instrument lifecycle end to end: real gateway, real IXOPAY client, sandbox upstream, over
 * HTTP. register (finished, new profile, preferred, declined, redirect, pending), remove,
 * attach and detach, each error code, and the request's loader showing the new state within the
 * same operation.
 */
import { startStack, type Stack } from '../support/stack';
import { MIRA, MIRA_IBAN_TOKEN, NOAH, ZOE, ZOE_CARD_TOKEN } from './support/e2e';
import { ATTACH, codesOf, DETACH, MIRA_CARD_REGISTRATION, MIRA_CARD_TOKEN, READ_BY_ID, REGISTER, REMOVE } from './instruments-operations';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.reset());

/** Zoë's seeded IBAN instrument (not preferred). */
const ZOE_IBAN_TOKEN = 'pt::1b2c3d4e5f6071829304';
const UUID = /^[0-9a-f]{20}$/;
const GENERATED_ID = /^gql-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function read(customerIdentification: string) {
  const { body } = await stack.graphql(READ_BY_ID, { id: customerIdentification });
  expect(body.errors).toBeUndefined();
  return body.data.customerProfile;
}

/** Registers tok_visa on a profile and answers the transaction uuid and the new paymentToken. */
async function registerVisa(ref: Record<string, string>): Promise<{ transactionUuid: string; paymentToken: string }> {
  const { body } = await stack.graphql(REGISTER, { input: { ...ref, transactionToken: 'tok_visa' } });
  expect(body.errors).toBeUndefined();
  const { transactionUuid, paymentInstrument } = body.data.registerPaymentInstrument;
  return { transactionUuid, paymentToken: paymentInstrument.paymentToken };
}

describe('registerPaymentInstrument', () => {
  it('stores the instrument on an existing profile and returns it with the profile as it now is, in one read', async () => {
    const { status, body } = await stack.graphql(REGISTER, { input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa' } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const payload = body.data.registerPaymentInstrument;
    expect(payload).toMatchObject({
      status: 'FINISHED',
      transactionUuid: expect.stringMatching(UUID),
      merchantTransactionId: expect.stringMatching(GENERATED_ID),
      redirectUrl: null,
      paymentInstrument: {
        paymentToken: expect.stringMatching(/^pt::[0-9a-f]{20}$/),
        method: 'CARD',
        // The first instrument of a profile becomes preferred.
        isPreferred: true,
        paymentData: { __typename: 'CardData', brand: 'visa', lastFourDigits: '1111', cardHolder: 'Noah Fischer' },
      },
      profile: { profileGuid: NOAH.profileGuid, customerIdentification: NOAH.customerIdentification, preferredMethod: 'Creditcard' },
    });
    const token = payload.paymentInstrument.paymentToken;
    expect(payload.profile.paymentInstruments).toEqual([{ paymentToken: token, isPreferred: true }]);
    expect(payload.profile.preferredInstrument).toEqual({ paymentToken: token });
    // One register; the payload's instrument and profile share one read of the changed profile.
    expect(stack.upstreamCalls('register')).toBe(1);
    expect(stack.upstreamCalls('getProfile')).toBe(1);
    expect(stack.sandbox.writes({ merchantTransactionId: payload.merchantTransactionId }).writes).toEqual([
      expect.objectContaining({
        operation: 'register',
        transactionUuid: payload.transactionUuid,
        paymentToken: token,
        profileGuid: NOAH.profileGuid,
      }),
    ]);

    expect((await read(NOAH.customerIdentification)).paymentInstruments).toEqual([expect.objectContaining({ paymentToken: token })]);
  });

  it("sends the caller's merchantTransactionId, customer and URLs, and makes no read when no profile data is selected", async () => {
    const { body } = await stack.graphql(
      'mutation($input: RegisterPaymentInstrumentInput!) { registerPaymentInstrument(input: $input) { status merchantTransactionId transactionUuid } }',
      {
        input: {
          customerIdentification: ZOE.customerIdentification,
          transactionToken: 'tok_iban_at',
          merchantTransactionId: 'shop-order-4711',
          customerData: { billingCity: 'Linz', email: null },
          successUrl: 'https://shop.example.net/cards/ok',
          callbackUrl: 'https://api.shop.example.net/ixopay/callback',
        },
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.registerPaymentInstrument).toMatchObject({ status: 'FINISHED', merchantTransactionId: 'shop-order-4711' });
    expect(stack.upstreamCalls('getProfile')).toBe(0);
    expect(stack.sandbox.writes({ merchantTransactionId: 'shop-order-4711' }).writes).toHaveLength(1);

    const zoe = await read(ZOE.customerIdentification);
    // The customer's given value is applied; null sends nothing (a register clears no field).
    expect(zoe.customer).toMatchObject({ firstName: 'Zoë', email: 'zoe.mueller@example.com' });
    const { body: city } = await stack.graphql(
      `{ customerProfile(customerIdentification: "${ZOE.customerIdentification}") { customer { billingCity } } }`,
    );
    expect(city.data.customerProfile.customer.billingCity).toBe('Linz');
    expect(zoe.paymentInstruments).toHaveLength(3);
    expect(zoe.paymentInstruments[2].paymentData).toEqual({ __typename: 'IbanData', iban: 'AT611904300234573201' });
  });

  it('creates the profile for a customerIdentification no profile has yet', async () => {
    expect(await read('new-customer-0815')).toBeNull();
    const { body } = await stack.graphql(REGISTER, {
      input: {
        customerIdentification: 'new-customer-0815',
        transactionToken: 'tok_mastercard',
        customerData: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', billingCountry: 'GB' },
      },
    });
    expect(body.errors).toBeUndefined();
    const payload = body.data.registerPaymentInstrument;
    expect(payload.status).toBe('FINISHED');
    expect(payload.profile).toMatchObject({
      profileGuid: expect.stringMatching(/^CP-[0-9a-f]{4}(-[0-9a-f]{4}){5}$/),
      customerIdentification: 'new-customer-0815',
      customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org' },
      paymentInstruments: [{ paymentToken: payload.paymentInstrument.paymentToken, isPreferred: true }],
    });
    expect(payload.paymentInstrument.paymentData).toMatchObject({ brand: 'mastercard', lastFourDigits: '4444', cardHolder: 'Ada Lovelace' });

    const created = await read('new-customer-0815');
    expect(created.profileGuid).toBe(payload.profile.profileGuid);
  });

  it('moves the preferred mark with markAsPreferred, and leaves it without', async () => {
    const kept = await stack.graphql(REGISTER, { input: { profileGuid: MIRA.profileGuid, transactionToken: 'tok_paypal' } });
    expect(kept.body.errors).toBeUndefined();
    expect(kept.body.data.registerPaymentInstrument.paymentInstrument.isPreferred).toBe(false);
    expect(kept.body.data.registerPaymentInstrument.profile.preferredInstrument).toEqual({ paymentToken: MIRA_CARD_TOKEN });

    const moved = await stack.graphql(REGISTER, { input: { profileGuid: MIRA.profileGuid, transactionToken: 'tok_amex', markAsPreferred: true } });
    expect(moved.body.errors).toBeUndefined();
    const payload = moved.body.data.registerPaymentInstrument;
    const amex = payload.paymentInstrument.paymentToken;
    expect(payload.paymentInstrument).toMatchObject({ isPreferred: true, paymentData: { brand: 'amex' } });
    expect(payload.profile.preferredInstrument).toEqual({ paymentToken: amex });
    expect(payload.profile.paymentInstruments.filter((i: { isPreferred: boolean }) => i.isPreferred)).toEqual([
      { paymentToken: amex, isPreferred: true },
    ]);
    expect(payload.profile.paymentInstruments).toContainEqual({ paymentToken: MIRA_CARD_TOKEN, isPreferred: false });

    expect((await read(MIRA.customerIdentification)).preferredInstrument).toEqual({ paymentToken: amex });
  });

  it('reports a declined register as UPSTREAM_REJECTED with the upstream code, and stores nothing', async () => {
    const { status, body } = await stack.graphql(REGISTER, { input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_declined' } });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['registerPaymentInstrument'], extensions: { code: 'UPSTREAM_REJECTED', upstreamErrorCode: 2003 } }),
    ]);
    expect(stack.upstreamCalls('register')).toBe(1);
    expect((await read(NOAH.customerIdentification)).paymentInstruments).toEqual([]);
  });

  it('answers PROFILE_NOT_FOUND for a profileGuid that names no profile (settled by one read), UPSTREAM_REJECTED for other refusals', async () => {
    const missing = await stack.graphql(REGISTER, { input: { profileGuid: 'CP-0000-0000-0000-0000-0000-0000', transactionToken: 'tok_visa' } });
    expect(codesOf(missing.body)).toEqual(['PROFILE_NOT_FOUND']);
    expect(stack.upstreamCalls('register')).toBe(1);
    expect(stack.upstreamCalls('getProfile')).toBe(1);

    // The profile exists: the register's own refusal stands (here: not a sandbox test token).
    const refused = await stack.graphql(REGISTER, { input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_unknown' } });
    expect(refused.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'UPSTREAM_REJECTED', upstreamErrorCode: 1002 }]);
    expect(stack.upstreamCalls('register')).toBe(2);
    expect(stack.sandbox.stats().applied.register).toBe(0);
  });

  it('answers REDIRECT without profile; completing the transaction at the sandbox stores the instrument', async () => {
    const { body } = await stack.graphql(REGISTER, {
      input: {
        customerIdentification: 'three-ds-shopper',
        transactionToken: 'tok_3ds_redirect',
        customerData: { firstName: 'Grace', lastName: 'Hopper' },
        markAsPreferred: true,
        successUrl: 'https://shop.example.net/cards/ok',
        errorUrl: 'https://shop.example.net/cards/error',
      },
    });
    expect(body.errors).toBeUndefined();
    const payload = body.data.registerPaymentInstrument;
    expect(payload).toEqual({
      status: 'REDIRECT',
      transactionUuid: expect.stringMatching(UUID),
      merchantTransactionId: expect.stringMatching(GENERATED_ID),
      redirectUrl: `${stack.sandbox.url}/__sandbox/transactions/${payload.transactionUuid}/redirect`,
      paymentInstrument: null,
      profile: null,
    });
    // Nothing read, nothing changed yet.
    expect(stack.upstreamCalls('getProfile')).toBe(0);
    expect(await read('three-ds-shopper')).toBeNull();

    // The shopper passes the challenge: the sandbox's control endpoint completes the transaction.
    const completed = await fetch(`${stack.sandbox.url}/__sandbox/transactions/${payload.transactionUuid}/complete`, { method: 'POST' });
    expect(completed.status).toBe(200);
    const outcome = (await completed.json()) as { result: { customerProfileData: { paymentToken: string } } };

    const profile = await read('three-ds-shopper');
    expect(profile.customer).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
    expect(profile.paymentInstruments).toEqual([
      expect.objectContaining({
        paymentToken: outcome.result.customerProfileData.paymentToken,
        isPreferred: true,
        paymentData: { __typename: 'CardData', brand: 'visa', lastFourDigits: '3220', cardHolder: 'Grace Hopper' },
      }),
    ]);
    // The completed register is a transaction like any other: detach accepts its uuid.
    const detached = await stack.graphql(DETACH, { input: { customerIdentification: 'three-ds-shopper', transactionUuid: payload.transactionUuid } });
    expect(detached.body.errors).toBeUndefined();
    expect(detached.body.data.detachPaymentInstrument.profile.paymentInstruments).toEqual([]);
  });

  it('answers PENDING without redirectUrl or profile; the profile is unchanged until completion', async () => {
    const { body } = await stack.graphql(REGISTER, { input: { profileGuid: ZOE.profileGuid, transactionToken: 'tok_pending' } });
    expect(body.errors).toBeUndefined();
    expect(body.data.registerPaymentInstrument).toMatchObject({ status: 'PENDING', redirectUrl: null, paymentInstrument: null, profile: null });
    expect((await read(ZOE.customerIdentification)).paymentInstruments).toHaveLength(2);
    await stack.sandbox.transactions.complete(body.data.registerPaymentInstrument.transactionUuid);
    expect((await read(ZOE.customerIdentification)).paymentInstruments).toHaveLength(3);
  });

  it('refuses invalid input before any upstream call, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ transactionToken: 'tok_visa' }, 'input'],
      [{ profileGuid: NOAH.profileGuid, customerIdentification: NOAH.customerIdentification, transactionToken: 'tok_visa' }, 'input'],
      [{ profileGuid: NOAH.profileGuid, transactionToken: '' }, 'input.transactionToken'],
      [{ profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa', merchantTransactionId: 'x'.repeat(51) }, 'input.merchantTransactionId'],
      [{ profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa', successUrl: 'javascript:alert(1)' }, 'input.successUrl'],
      [{ profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa', callbackUrl: '/relative' }, 'input.callbackUrl'],
      [{ profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa', customerData: { email: 'not-an-email' } }, 'input.customerData.email'],
    ];
    for (const [input, field] of cases) {
      const { body } = await stack.graphql(REGISTER, { input });
      expect({ input, errors: body.errors?.map((e) => e.extensions) }).toEqual({
        input,
        errors: [expect.objectContaining({ code: 'BAD_USER_INPUT', field })],
      });
    }
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe('removePaymentInstrument', () => {
  it("deregisters one of the profile's instruments; the payload reuses the check's read", async () => {
    const { body } = await stack.graphql(REMOVE, { input: { profileGuid: MIRA.profileGuid, paymentToken: MIRA_IBAN_TOKEN } });
    expect(body.errors).toBeUndefined();
    const payload = body.data.removePaymentInstrument;
    expect(payload.removedPaymentToken).toBe(MIRA_IBAN_TOKEN);
    expect(payload.profile.profileGuid).toBe(MIRA.profileGuid);
    expect(payload.profile.paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken)).not.toContain(MIRA_IBAN_TOKEN);
    expect(payload.profile.paymentInstruments).toHaveLength(2);
    expect(payload.profile.preferredInstrument).toEqual({ paymentToken: MIRA_CARD_TOKEN });
    expect(stack.upstreamCalls('getProfile')).toBe(1);
    expect(stack.upstreamCalls('deregister')).toBe(1);
    expect(stack.sandbox.writes({ operation: 'deregister' }).writes).toEqual([
      expect.objectContaining({ paymentToken: MIRA_IBAN_TOKEN, merchantTransactionId: expect.stringMatching(GENERATED_ID) }),
    ]);

    const after = await read(MIRA.customerIdentification);
    expect(after.paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken)).toEqual(
      payload.profile.paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken),
    );
  });

  it('re-reads the profile after removing the preferred instrument', async () => {
    const { body } = await stack.graphql(REMOVE, { input: { customerIdentification: MIRA.customerIdentification, paymentToken: MIRA_CARD_TOKEN } });
    expect(body.errors).toBeUndefined();
    const { profile } = body.data.removePaymentInstrument;
    expect(profile.paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken)).not.toContain(MIRA_CARD_TOKEN);
    // What the upstream says now (the sandbox leaves no instrument preferred), not a guess.
    expect(profile).toMatchObject({ preferredInstrument: null, preferredMethod: null });
    expect(stack.upstreamCalls('getProfile')).toBe(2);
  });

  it("refuses another profile's token with INSTRUMENT_NOT_FOUND and no upstream write", async () => {
    for (const paymentToken of [ZOE_CARD_TOKEN, 'pt::ffffffffffffffffffff']) {
      const { body } = await stack.graphql(REMOVE, { input: { profileGuid: MIRA.profileGuid, paymentToken } });
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([expect.objectContaining({ path: ['removePaymentInstrument'], extensions: { code: 'INSTRUMENT_NOT_FOUND' } })]);
      expect(body.errors![0].message).not.toContain(paymentToken);
    }
    expect(stack.upstreamCalls('deregister')).toBe(0);
    expect(stack.sandbox.stats().applied.deregister).toBe(0);
    expect((await read(ZOE.customerIdentification)).paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken)).toContain(
      ZOE_CARD_TOKEN,
    );
  });

  it('answers PROFILE_NOT_FOUND for a missing profile, without a write', async () => {
    const { body } = await stack.graphql(REMOVE, { input: { customerIdentification: 'nobody-here', paymentToken: ZOE_CARD_TOKEN } });
    expect(codesOf(body)).toEqual(['PROFILE_NOT_FOUND']);
    expect(stack.upstreamCalls('deregister')).toBe(0);
  });

  it('refuses a malformed paymentToken before any upstream call', async () => {
    const { body } = await stack.graphql(REMOVE, { input: { profileGuid: MIRA.profileGuid, paymentToken: 'pt::short' } });
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.paymentToken' });
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe('the request loader after a write', () => {
  it('shows each mutation the state the previous one left, within one operation', async () => {
    const { body } = await stack.graphql(
      `mutation($zoe: ID!, $iban: ID!) {
        removed: removePaymentInstrument(input: { customerIdentification: "cust-0001", paymentToken: $iban }) { profile { paymentInstruments { paymentToken } } }
        added: registerPaymentInstrument(input: { profileGuid: $zoe, transactionToken: "tok_amex" }) {
          paymentInstrument { paymentToken }
          profile { paymentInstruments { paymentToken } }
        }
      }`,
      { zoe: ZOE.profileGuid, iban: ZOE_IBAN_TOKEN },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.removed.profile.paymentInstruments).toEqual([{ paymentToken: ZOE_CARD_TOKEN }]);
    const amex = body.data.added.paymentInstrument.paymentToken;
    expect(body.data.added.profile.paymentInstruments).toEqual([{ paymentToken: ZOE_CARD_TOKEN }, { paymentToken: amex }]);
    // The remove's check (which its payload reuses), then one re-read after the register.
    expect(stack.upstreamCalls('getProfile')).toBe(2);
  });

  it('refuses a second remove of the same token in one operation from the state the first left, without a second write', async () => {
    const { body } = await stack.graphql(
      `mutation($zoe: ID!, $iban: ID!) {
        first: removePaymentInstrument(input: { customerIdentification: "cust-0001", paymentToken: $iban }) { removedPaymentToken }
        again: removePaymentInstrument(input: { profileGuid: $zoe, paymentToken: $iban }) { removedPaymentToken }
      }`,
      { zoe: ZOE.profileGuid, iban: ZOE_IBAN_TOKEN },
    );
    // Both payloads are non-null, so the second one's error takes the whole data with it.
    expect(body.errors).toEqual([expect.objectContaining({ path: ['again'], extensions: { code: 'INSTRUMENT_NOT_FOUND' } })]);
    expect(stack.upstreamCalls('deregister')).toBe(1);
    expect(stack.upstreamCalls('getProfile')).toBe(1);
    expect((await read(ZOE.customerIdentification)).paymentInstruments).toEqual([expect.objectContaining({ paymentToken: ZOE_CARD_TOKEN })]);
  });

  it('re-reads after attach and detach within one operation', async () => {
    const { transactionUuid, paymentToken } = await registerVisa({ profileGuid: NOAH.profileGuid });
    stack.sandbox.resetStats();
    const { body } = await stack.graphql(
      `mutation($uuid: ID!) {
        detached: detachPaymentInstrument(input: { customerIdentification: "cust-0005", transactionUuid: $uuid }) { profile { paymentInstruments { paymentToken } } }
        attached: attachPaymentInstrument(input: { customerIdentification: "cust-0005", transactionUuid: $uuid }) { paymentToken profile { paymentInstruments { paymentToken } } }
      }`,
      { uuid: transactionUuid },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      detached: { profile: { paymentInstruments: [] } },
      attached: { paymentToken, profile: { paymentInstruments: [{ paymentToken }] } },
    });
    expect(stack.upstreamCalls('getProfile')).toBe(2);
  });
});

describe('attachPaymentInstrument and detachPaymentInstrument', () => {
  it('round trip: register, detach, attach to another (new) profile, then the error codes', async () => {
    const { transactionUuid, paymentToken } = await registerVisa({ customerIdentification: NOAH.customerIdentification });

    const detached = await stack.graphql(DETACH, { input: { profileGuid: NOAH.profileGuid, transactionUuid } });
    expect(detached.body.errors).toBeUndefined();
    expect(detached.body.data.detachPaymentInstrument.profile).toMatchObject({ profileGuid: NOAH.profileGuid, paymentInstruments: [] });

    const again = await stack.graphql(DETACH, { input: { profileGuid: NOAH.profileGuid, transactionUuid } });
    expect(codesOf(again.body)).toEqual(['NOT_ATTACHED']);
    expect(again.body.errors![0].path).toEqual(['detachPaymentInstrument']);

    const missing = await stack.graphql(ATTACH, { input: { customerIdentification: 'moved-customer', transactionUuid } });
    expect(codesOf(missing.body)).toEqual(['PROFILE_NOT_FOUND']);

    const attached = await stack.graphql(ATTACH, {
      input: { customerIdentification: 'moved-customer', transactionUuid, createProfileIfNotExists: true },
    });
    expect(attached.body.errors).toBeUndefined();
    expect(attached.body.data.attachPaymentInstrument).toMatchObject({
      paymentToken,
      profile: { customerIdentification: 'moved-customer', paymentInstruments: [{ paymentToken, isPreferred: true }] },
    });

    const twice = await stack.graphql(ATTACH, { input: { profileGuid: NOAH.profileGuid, transactionUuid } });
    expect(codesOf(twice.body)).toEqual(['ALREADY_ATTACHED']);

    const elsewhere = await stack.graphql(DETACH, { input: { profileGuid: NOAH.profileGuid, transactionUuid } });
    expect(codesOf(elsewhere.body)).toEqual(['NOT_ATTACHED']);

    for (const query of [ATTACH, DETACH]) {
      const unknown = await stack.graphql(query, { input: { profileGuid: NOAH.profileGuid, transactionUuid: 'ffffffffffffffffffff' } });
      expect(codesOf(unknown.body)).toEqual(['TRANSACTION_NOT_FOUND']);
    }
    expect((await read('moved-customer')).paymentInstruments).toEqual([expect.objectContaining({ paymentToken })]);
  });

  it("detaches and re-attaches a seeded instrument by its register's uuid", async () => {
    const detached = await stack.graphql(DETACH, {
      input: { customerIdentification: MIRA.customerIdentification, transactionUuid: MIRA_CARD_REGISTRATION },
    });
    expect(detached.body.errors).toBeUndefined();
    expect(detached.body.data.detachPaymentInstrument.profile.paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken)).not.toContain(
      MIRA_CARD_TOKEN,
    );
    const attached = await stack.graphql(ATTACH, { input: { profileGuid: MIRA.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION } });
    expect(attached.body.errors).toBeUndefined();
    expect(attached.body.data.attachPaymentInstrument.paymentToken).toBe(MIRA_CARD_TOKEN);
    expect(stack.upstreamCalls('attachPaymentInstrument')).toBe(1);
    expect(stack.upstreamCalls('detachPaymentInstrument')).toBe(1);
  });

  it('cannot attach a removed (deregistered) instrument: TRANSACTION_NOT_FOUND', async () => {
    const { transactionUuid, paymentToken } = await registerVisa({ profileGuid: NOAH.profileGuid });
    const removed = await stack.graphql(REMOVE, { input: { profileGuid: NOAH.profileGuid, paymentToken } });
    expect(removed.body.errors).toBeUndefined();
    expect(removed.body.data.removePaymentInstrument.profile.paymentInstruments).toEqual([]);
    const attach = await stack.graphql(ATTACH, { input: { profileGuid: NOAH.profileGuid, transactionUuid } });
    expect(codesOf(attach.body)).toEqual(['TRANSACTION_NOT_FOUND']);
  });

  it('refuses createProfileIfNotExists with a profileGuid, and bad uuids, before any upstream call', async () => {
    const create = await stack.graphql(ATTACH, {
      input: { profileGuid: NOAH.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION, createProfileIfNotExists: true },
    });
    expect(create.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.createProfileIfNotExists' });
    for (const query of [ATTACH, DETACH]) {
      const long = await stack.graphql(query, { input: { profileGuid: NOAH.profileGuid, transactionUuid: 'u'.repeat(51) } });
      expect(long.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.transactionUuid' });
      const neither = await stack.graphql(query, { input: { transactionUuid: MIRA_CARD_REGISTRATION } });
      expect(neither.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
    }
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe('writes are sent once', () => {
  it('never retries register, deregister, attach or detach: one call each, UPSTREAM_UNAVAILABLE', async () => {
    const cases: Array<['register' | 'deregister' | 'attachPaymentInstrument' | 'detachPaymentInstrument', string, Record<string, unknown>]> = [
      ['register', REGISTER, { profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa' }],
      ['deregister', REMOVE, { profileGuid: MIRA.profileGuid, paymentToken: MIRA_IBAN_TOKEN }],
      ['attachPaymentInstrument', ATTACH, { profileGuid: NOAH.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION }],
      ['detachPaymentInstrument', DETACH, { profileGuid: MIRA.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION }],
    ];
    for (const [operation, query, input] of cases) {
      stack.sandbox.faults.add({ mode: '500', operation, count: 5 });
      const { body } = await stack.graphql(query, { input });
      expect({ operation, codes: codesOf(body), calls: stack.upstreamCalls(operation) }).toEqual({
        operation,
        codes: ['UPSTREAM_UNAVAILABLE'],
        calls: 1,
      });
      stack.sandbox.faults.clear();
    }
  });

  it("keeps a finished register's answer when the read of the profile after it fails", async () => {
    const { body } = await stack.graphql(REGISTER, {
      input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa', merchantTransactionId: 'kept-answer-1' },
    });
    expect(body.errors).toBeUndefined();
    stack.sandbox.resetStats();
    // Every read fails from now on (retried within the read's budget, then given up).
    stack.sandbox.faults.add({ mode: '500', operation: 'getProfile' });
    const second = await stack.graphql(REGISTER, {
      input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_mastercard', merchantTransactionId: 'kept-answer-2' },
    });
    expect(second.body.data.registerPaymentInstrument).toMatchObject({
      status: 'FINISHED',
      transactionUuid: expect.stringMatching(UUID),
      merchantTransactionId: 'kept-answer-2',
      paymentInstrument: null,
      profile: null,
    });
    expect(second.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual(
      expect.arrayContaining([[['registerPaymentInstrument', 'profile'], 'UPSTREAM_UNAVAILABLE']]),
    );
    expect(stack.upstreamCalls('register')).toBe(1);
    stack.sandbox.faults.clear();
    expect((await read(NOAH.customerIdentification)).paymentInstruments).toHaveLength(2);
  });
});
