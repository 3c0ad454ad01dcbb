/**
 * Who may change instruments, end to end. register and remove: `profiles:write`, or a shopper
 * token on the shopper's own profile; attach and detach: operators with `profiles:write` only.
 * Every refusal happens before any upstream write (most before any upstream call at all), and a
 * token without read rights may not select the profile in a payload.
 */
import { startStack, type Stack } from '../support/stack';
import { MIRA, MIRA_IBAN_TOKEN, NOAH, ZOE, ZOE_CARD_TOKEN } from './support/e2e';
import {
  ATTACH,
  ATTACH_NO_PROFILE,
  codesOf,
  DETACH,
  DETACH_NO_PROFILE,
  MIRA_CARD_REGISTRATION,
  READ_BY_ID,
  REGISTER,
  REGISTER_NO_PROFILE,
  REMOVE,
  REMOVE_NO_PROFILE,
} from './instruments-operations';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.reset());

/** Applied writes of every kind at the sandbox since the last reset. */
function upstreamWrites(): number {
  const { register, deregister, attachPaymentInstrument, detachPaymentInstrument, updateProfile, deleteProfile } = stack.sandbox.stats().calls;
  return register + deregister + attachPaymentInstrument + detachPaymentInstrument + updateProfile + deleteProfile;
}

async function instrumentsOf(customerIdentification: string): Promise<string[]> {
  const { body } = await stack.graphql(READ_BY_ID, { id: customerIdentification });
  return body.data.customerProfile?.paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken) ?? [];
}

describe('a shopper token', () => {
  let zoe: string;
  beforeAll(async () => {
    zoe = await stack.token({ scope: '', sub: ZOE.customerIdentification });
  });

  it('adds a card to its own profile and removes it again, by customerIdentification', async () => {
    const added = await stack.graphql(
      REGISTER,
      { input: { customerIdentification: ZOE.customerIdentification, transactionToken: 'tok_mastercard' } },
      { token: zoe },
    );
    expect(added.body.errors).toBeUndefined();
    const payload = added.body.data.registerPaymentInstrument;
    expect(payload).toMatchObject({ status: 'FINISHED', profile: { profileGuid: ZOE.profileGuid } });
    const token = payload.paymentInstrument.paymentToken;
    expect(payload.profile.paymentInstruments).toHaveLength(3);

    const removed = await stack.graphql(
      REMOVE,
      { input: { customerIdentification: ZOE.customerIdentification, paymentToken: token } },
      { token: zoe },
    );
    expect(removed.body.errors).toBeUndefined();
    expect(removed.body.data.removePaymentInstrument.removedPaymentToken).toBe(token);
    expect(removed.body.data.removePaymentInstrument.profile.paymentInstruments).toHaveLength(2);
    expect(await instrumentsOf(ZOE.customerIdentification)).not.toContain(token);
  });

  it('adds and removes by profileGuid (the ownership read comes first)', async () => {
    const added = await stack.graphql(
      REGISTER,
      { input: { profileGuid: ZOE.profileGuid, transactionToken: 'tok_visa', markAsPreferred: true } },
      { token: zoe },
    );
    expect(added.body.errors).toBeUndefined();
    const token = added.body.data.registerPaymentInstrument.paymentInstrument.paymentToken;
    expect(added.body.data.registerPaymentInstrument.profile.preferredInstrument).toEqual({ paymentToken: token });

    const removed = await stack.graphql(REMOVE, { input: { profileGuid: ZOE.profileGuid, paymentToken: token } }, { token: zoe });
    expect(removed.body.errors).toBeUndefined();
    expect(stack.upstreamCalls('deregister')).toBe(1);
  });

  it('creates its own profile with its first card', async () => {
    const newcomer = await stack.token({ scope: '', sub: 'shopper-without-profile' });
    const { body } = await stack.graphql(
      REGISTER,
      {
        input: { customerIdentification: 'shopper-without-profile', transactionToken: 'tok_paypal', customerData: { email: 'newcomer@example.org' } },
      },
      { token: newcomer },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.registerPaymentInstrument.profile).toMatchObject({
      customerIdentification: 'shopper-without-profile',
      customer: { email: 'newcomer@example.org' },
    });
    const mine = await stack.graphql('{ myCustomerProfile { paymentInstruments { method } } }', undefined, { token: newcomer });
    expect(mine.body.data.myCustomerProfile.paymentInstruments).toEqual([{ method: 'WALLET' }]);
  });

  it("is refused on another customer's profile by customerIdentification, without any upstream call", async () => {
    const register = await stack.graphql(
      REGISTER,
      { input: { customerIdentification: MIRA.customerIdentification, transactionToken: 'tok_visa' } },
      { token: zoe },
    );
    expect(codesOf(register.body)).toEqual(['FORBIDDEN']);
    const remove = await stack.graphql(
      REMOVE,
      { input: { customerIdentification: MIRA.customerIdentification, paymentToken: MIRA_IBAN_TOKEN } },
      { token: zoe },
    );
    expect(codesOf(remove.body)).toEqual(['FORBIDDEN']);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("is refused on another customer's profile by profileGuid like a missing profile, without an upstream write", async () => {
    const register = await stack.graphql(REGISTER, { input: { profileGuid: MIRA.profileGuid, transactionToken: 'tok_visa' } }, { token: zoe });
    expect(codesOf(register.body)).toEqual(['PROFILE_NOT_FOUND']);
    const remove = await stack.graphql(REMOVE, { input: { profileGuid: MIRA.profileGuid, paymentToken: MIRA_IBAN_TOKEN } }, { token: zoe });
    expect(codesOf(remove.body)).toEqual(['PROFILE_NOT_FOUND']);
    expect(JSON.stringify([register.body, remove.body])).not.toMatch(/Mira|Kovac/);
    expect(upstreamWrites()).toBe(0);
    expect(await instrumentsOf(MIRA.customerIdentification)).toContain(MIRA_IBAN_TOKEN);
  });

  it("cannot remove another customer's token through its own profile: INSTRUMENT_NOT_FOUND, no write", async () => {
    const { body } = await stack.graphql(
      REMOVE,
      { input: { customerIdentification: ZOE.customerIdentification, paymentToken: MIRA_IBAN_TOKEN } },
      { token: zoe },
    );
    expect(codesOf(body)).toEqual(['INSTRUMENT_NOT_FOUND']);
    expect(stack.upstreamCalls('deregister')).toBe(0);
    expect(await instrumentsOf(MIRA.customerIdentification)).toContain(MIRA_IBAN_TOKEN);
  });

  it('may not attach or detach (operators only), even on its own profile', async () => {
    const attach = await stack.graphql(
      ATTACH,
      { input: { customerIdentification: ZOE.customerIdentification, transactionUuid: MIRA_CARD_REGISTRATION } },
      { token: zoe },
    );
    const detach = await stack.graphql(
      DETACH,
      { input: { customerIdentification: ZOE.customerIdentification, transactionUuid: MIRA_CARD_REGISTRATION } },
      { token: zoe },
    );
    expect([codesOf(attach.body), codesOf(detach.body)]).toEqual([['FORBIDDEN'], ['FORBIDDEN']]);
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe('operator tokens', () => {
  it('without profiles:write may not change instruments (FORBIDDEN, no upstream call)', async () => {
    const readOnly = await stack.token({ scope: 'profiles:read' });
    const results = await Promise.all([
      stack.graphql(REGISTER, { input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa' } }, { token: readOnly }),
      stack.graphql(REMOVE, { input: { profileGuid: ZOE.profileGuid, paymentToken: ZOE_CARD_TOKEN } }, { token: readOnly }),
      stack.graphql(ATTACH, { input: { profileGuid: NOAH.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION } }, { token: readOnly }),
      stack.graphql(DETACH, { input: { profileGuid: MIRA.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION } }, { token: readOnly }),
    ]);
    expect(results.map(({ body }) => codesOf(body))).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('with profiles:write only may not select the profile in a payload: FORBIDDEN before any write', async () => {
    const writeOnly = await stack.token({ scope: 'profiles:write' });
    const results = [
      await stack.graphql(REGISTER, { input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa' } }, { token: writeOnly }),
      await stack.graphql(REMOVE, { input: { profileGuid: ZOE.profileGuid, paymentToken: ZOE_CARD_TOKEN } }, { token: writeOnly }),
      await stack.graphql(ATTACH, { input: { profileGuid: NOAH.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION } }, { token: writeOnly }),
      await stack.graphql(DETACH, { input: { profileGuid: MIRA.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION } }, { token: writeOnly }),
    ];
    for (const { body } of results) {
      expect(body.data).toBeUndefined();
      expect(codesOf(body)).toEqual(['FORBIDDEN']);
    }
    expect(stack.upstreamCalls()).toBe(0);
    expect(await instrumentsOf(ZOE.customerIdentification)).toContain(ZOE_CARD_TOKEN);
  });

  it('with profiles:write only may make each change when the payload selects no profile', async () => {
    const writeOnly = await stack.token({ scope: 'profiles:write' });
    const registered = await stack.graphql(
      REGISTER_NO_PROFILE,
      { input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa' } },
      { token: writeOnly },
    );
    expect(registered.body.errors).toBeUndefined();
    const { transactionUuid, paymentInstrument } = registered.body.data.registerPaymentInstrument;
    expect(paymentInstrument).toMatchObject({ method: 'CARD', paymentData: { brand: 'visa' } });

    const detached = await stack.graphql(DETACH_NO_PROFILE, { input: { profileGuid: NOAH.profileGuid, transactionUuid } }, { token: writeOnly });
    expect(detached.body).toEqual({ data: { detachPaymentInstrument: { __typename: 'DetachPaymentInstrumentPayload' } } });
    const attached = await stack.graphql(ATTACH_NO_PROFILE, { input: { profileGuid: NOAH.profileGuid, transactionUuid } }, { token: writeOnly });
    expect(attached.body).toEqual({ data: { attachPaymentInstrument: { paymentToken: paymentInstrument.paymentToken } } });
    const removed = await stack.graphql(
      REMOVE_NO_PROFILE,
      { input: { profileGuid: NOAH.profileGuid, paymentToken: paymentInstrument.paymentToken } },
      { token: writeOnly },
    );
    expect(removed.body).toEqual({ data: { removePaymentInstrument: { removedPaymentToken: paymentInstrument.paymentToken } } });
    expect(await instrumentsOf(NOAH.customerIdentification)).toEqual([]);
  });
});

describe('without a token', () => {
  it('every instrument mutation is UNAUTHENTICATED, before any upstream call', async () => {
    const results = await Promise.all([
      stack.graphql(REGISTER_NO_PROFILE, { input: { profileGuid: NOAH.profileGuid, transactionToken: 'tok_visa' } }, { token: null }),
      stack.graphql(REMOVE_NO_PROFILE, { input: { profileGuid: ZOE.profileGuid, paymentToken: ZOE_CARD_TOKEN } }, { token: null }),
      stack.graphql(ATTACH_NO_PROFILE, { input: { profileGuid: NOAH.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION } }, { token: null }),
      stack.graphql(DETACH_NO_PROFILE, { input: { profileGuid: MIRA.profileGuid, transactionUuid: MIRA_CARD_REGISTRATION } }, { token: null }),
    ]);
    expect(results.map(({ body }) => codesOf(body))).toEqual([['UNAUTHENTICATED'], ['UNAUTHENTICATED'], ['UNAUTHENTICATED'], ['UNAUTHENTICATED']]);
    expect(stack.upstreamCalls()).toBe(0);
  });
});
