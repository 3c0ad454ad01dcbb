/**
 * Transaction API register/deregister and attach/detach as they affect profiles: the full
 * lifecycle, instrument derivation from the token, preferred-instrument rules, error results.
 */
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, profilePath, useDemoSandbox, transactionPath } from './helpers';

describe('sandbox transactions and profiles', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  const register = async (body: object) => (await call(sandbox, transactionPath('register'), body)).json();
  const deregister = async (body: object) => (await call(sandbox, transactionPath('deregister'), body)).json();
  const get = async (ref: object) => (await call(sandbox, profilePath('getProfile'), ref)).json();

  it('runs register → getProfile → update preferred → deregister → delete', async () => {
    const registered = await register({
      merchantTransactionId: 'reg-0001',
      transactionToken: 'tok_mastercard',
      customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', billingCountry: 'GB', extraData: { source: 'test' } },
      customerProfileData: { customerIdentification: 'lifecycle-1' },
    });
    expect(registered).toMatchObject({ success: true, returnType: 'FINISHED', paymentMethod: 'Creditcard' });
    expect(registered.uuid).toMatch(/^[0-9a-f]{20}$/);
    expect(registered.purchaseId).toMatch(new RegExp(`^\\d{8}-${registered.uuid}$`));
    expect(registered.returnData).toEqual({
      _TYPE: 'cardData',
      type: 'mastercard',
      cardHolder: 'Ada Lovelace',
      expiryMonth: '06',
      expiryYear: '2031',
      firstSixDigits: '555555',
      lastFourDigits: '4444',
    });
    const cpd = registered.customerProfileData;
    expect(cpd.profileGuid).toMatch(/^CP(-[0-9a-f]{4}){6}$/);
    expect(cpd.profileGuid).toHaveLength(32);
    expect(cpd.paymentToken).toMatch(/^pt::[0-9a-f]{20}$/);
    expect(cpd).toMatchObject({ customerIdentification: 'lifecycle-1', markAsPreferred: true });

    const profile = await get({ profileGuid: cpd.profileGuid });
    expect(profile).toMatchObject({ success: true, customerIdentification: 'lifecycle-1', preferredMethod: 'Creditcard' });
    expect(profile.customer).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', extraData: { source: 'test' } });
    expect(profile.paymentInstruments).toHaveLength(1);
    expect(profile.paymentInstruments[0]).toMatchObject({ paymentToken: cpd.paymentToken, method: 'card', isPreferred: true });
    expect(profile.paymentInstruments[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const second = await register({
      merchantTransactionId: 'reg-0002',
      transactionToken: 'iban:DE89 3704 0044 0532 0130 00',
      customerProfileData: { profileGuid: cpd.profileGuid },
    });
    expect(second).toMatchObject({ success: true, paymentMethod: 'DirectDebit', returnData: { _TYPE: 'ibanData', iban: 'DE89370400440532013000' } });
    expect(second.customerProfileData.markAsPreferred).toBe(false);

    const updated = await call(sandbox, profilePath('updateProfile'), {
      customerIdentification: 'lifecycle-1',
      customerData: { lastName: 'King' },
      preferredInstrument: second.customerProfileData.paymentToken,
    });
    expect(updated.json()).toMatchObject({ success: true, changedFields: ['lastName'] });
    const afterUpdate = await get({ customerIdentification: 'lifecycle-1' });
    expect(afterUpdate.preferredMethod).toBe('DirectDebit');

    const dereg = await deregister({ merchantTransactionId: 'dereg-0001', referenceUuid: second.uuid });
    expect(dereg).toMatchObject({ success: true, returnType: 'FINISHED', paymentMethod: 'DirectDebit' });
    const afterDereg = await get({ customerIdentification: 'lifecycle-1' });
    expect(afterDereg.paymentInstruments.map((i: { paymentToken: string }) => i.paymentToken)).toEqual([cpd.paymentToken]);
    expect(afterDereg.paymentInstruments[0].isPreferred).toBe(false);
    expect(afterDereg.preferredMethod).toBeNull();

    const deleted = await call(sandbox, profilePath('deleteProfile'), { customerIdentification: 'lifecycle-1' });
    expect(deleted.json()).toEqual({ success: true });
    expect((await get({ customerIdentification: 'lifecycle-1' })).profileExists).toBe(false);
    expect(sandbox.stats().calls).toMatchObject({ register: 2, deregister: 1, updateProfile: 1, deleteProfile: 1, getProfile: 4 });
  });

  it('adds to an existing profile by customerIdentification and honours markAsPreferred', async () => {
    const res = await register({
      merchantTransactionId: 'reg-0003',
      transactionToken: 'paypal:mira.paypal@example.net',
      customerProfileData: { customerIdentification: 'shop-user-000417', markAsPreferred: true },
    });
    expect(res).toMatchObject({
      success: true,
      paymentMethod: 'Paypal',
      returnData: { _TYPE: 'walletData', walletType: 'paypal', walletOwner: 'mira.paypal@example.net' },
    });
    expect(res.customerProfileData).toMatchObject({ profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d', markAsPreferred: true });
    const profile = await get({ customerIdentification: 'shop-user-000417' });
    expect(profile.paymentInstruments).toHaveLength(4);
    expect(profile.preferredMethod).toBe('Paypal');
    expect(profile.paymentInstruments.filter((i: { isPreferred: boolean }) => i.isPreferred)).toHaveLength(1);
    expect(profile.paymentInstruments[3].paymentData).toMatchObject({ _TYPE: 'paymentData.wallet', walletRegistrationId: res.uuid });
  });

  it('updates an existing profile only with the customer values the transaction carries', async () => {
    await register({
      merchantTransactionId: 'reg-0004',
      customer: { lastName: 'Kovač', billingCity: null, email: '', shippingCity: 'Wien', emailVerified: true, extraData: { channel: 'web' } },
      customerProfileData: { customerIdentification: 'shop-user-000417' },
    });
    const profile = await get({ customerIdentification: 'shop-user-000417' });
    expect(profile.customer).toMatchObject({
      firstName: 'Mira',
      lastName: 'Kovač',
      billingCity: 'Graz',
      email: 'mira.kovac@example.net',
      extraData: { loyaltyTier: 'gold', channel: 'web' },
    });
  });

  it('registers the tok_visa card when no token is sent (every named token: test-tokens.test.ts)', async () => {
    const res = await register({ merchantTransactionId: 'reg-0005', customerProfileData: { customerIdentification: 'new-one' } });
    expect(res.returnData).toMatchObject({ type: 'visa', firstSixDigits: '411111', lastFourDigits: '1111', expiryMonth: '12', expiryYear: '2030' });
  });

  it('accepts the older addToCustomerProfile key of the PHP client', async () => {
    const res = await register({ merchantTransactionId: 'reg-0008', addToCustomerProfile: { customerIdentification: 'legacy-php' } });
    expect(res.customerProfileData.customerIdentification).toBe('legacy-php');
  });

  describe('register errors (transaction results with success:false over HTTP 200)', () => {
    it.each([
      [{ customerProfileData: { customerIdentification: 'x' } }, 'merchantTransactionId'],
      [{ merchantTransactionId: 'x'.repeat(51), customerProfileData: { customerIdentification: 'x' } }, 'merchantTransactionId'],
      [{ merchantTransactionId: 'm', customerProfileData: {} }, 'customerProfileData'],
      [{ merchantTransactionId: 'm', customerProfileData: { customerIdentification: 'x'.repeat(37) } }, 'customerProfileData.customerIdentification'],
      [
        { merchantTransactionId: 'm', customerProfileData: { customerIdentification: 'x', markAsPreferred: 'yes' } },
        'customerProfileData.markAsPreferred',
      ],
      [{ merchantTransactionId: 'm', customer: { email: 'nope' }, customerProfileData: { customerIdentification: 'x' } }, 'customer.email'],
      [{ merchantTransactionId: 'm', transactionToken: 'card:12ab', customerProfileData: { customerIdentification: 'x' } }, 'transactionToken'],
      [{ merchantTransactionId: 'm', transactionToken: 'iban:XX', customerProfileData: { customerIdentification: 'x' } }, 'transactionToken'],
    ])('rejects %j naming %s', async (body, field) => {
      const res = await call(sandbox, transactionPath('register'), body);
      expect(res.status).toBe(200);
      const json = res.json();
      expect(json).toMatchObject({ success: false, errorCode: 1002, returnType: 'ERROR' });
      expect(json.errorMessage).toContain(field);
      expect(json.errors).toEqual([{ errorMessage: json.errorMessage, errorCode: 1002, adapterMessage: null, adapterCode: null }]);
      expect((await get({ customerIdentification: 'x' })).profileExists).toBe(false);
    });

    it('rejects an unknown profileGuid', async () => {
      const res = await register({ merchantTransactionId: 'm', customerProfileData: { profileGuid: 'CP-0000-0000-0000-0000-0000-0000' } });
      expect(res).toMatchObject({ success: false, errorCode: 1002, returnType: 'ERROR' });
    });

    it('does not echo a PAN in an error', async () => {
      const res = await call(sandbox, transactionPath('register'), {
        merchantTransactionId: 'm',
        transactionToken: 'card:4111111111111111:13/2030',
        customerProfileData: { customerIdentification: 'x' },
      });
      expect(res.json().success).toBe(false);
      expect(res.text).not.toContain('4111111111111111');
    });
  });

  describe('deregister', () => {
    it('removes the preferred instrument by paymentToken; none is preferred afterwards', async () => {
      const res = await deregister({ merchantTransactionId: 'd-1', transactionToken: 'pt::4f0c2d9e81b7a65c3e10' });
      expect(res).toMatchObject({ success: true, paymentMethod: 'Creditcard' });
      const profile = await get({ customerIdentification: 'shop-user-000417' });
      expect(profile.paymentInstruments).toHaveLength(2);
      expect(profile.preferredMethod).toBeNull();
      expect(profile.paymentInstruments.some((i: { isPreferred: boolean }) => i.isPreferred)).toBe(false);
    });

    it('answers 7037 for an already deregistered transaction', async () => {
      await deregister({ merchantTransactionId: 'd-2', referenceUuid: '7c4e19a0d3b25f86e1a4' });
      const again = await deregister({ merchantTransactionId: 'd-3', referenceUuid: '7c4e19a0d3b25f86e1a4' });
      expect(again).toMatchObject({ success: false, errorCode: 7037, returnType: 'ERROR' });
      const byToken = await deregister({ merchantTransactionId: 'd-4', transactionToken: 'pt::4f0c2d9e81b7a65c3e10' });
      expect(byToken.errorCode).toBe(7037);
    });

    it('answers 1002 for an unknown transaction or token, and without either', async () => {
      expect(await deregister({ merchantTransactionId: 'd-5', referenceUuid: 'ffffffffffffffffffff' })).toMatchObject({
        success: false,
        errorCode: 1002,
      });
      expect(await deregister({ merchantTransactionId: 'd-6', transactionToken: 'pt::ffffffffffffffffffff' })).toMatchObject({
        success: false,
        errorCode: 1002,
      });
      expect(await deregister({ merchantTransactionId: 'd-7' })).toMatchObject({ success: false, errorCode: 1002 });
      expect(await deregister({ referenceUuid: '7c4e19a0d3b25f86e1a4' })).toMatchObject({ success: false, errorCode: 1002 });
    });
  });

  describe('attach / detach', () => {
    const attach = (body: object) => call(sandbox, profilePath('attachPaymentInstrument'), body);
    const detach = (body: object) => call(sandbox, profilePath('detachPaymentInstrument'), body);

    it('registers without a profile, attaches (creating the profile), detaches', async () => {
      const reg = await register({ merchantTransactionId: 'a-1', transactionToken: 'tok_visa' });
      expect(reg.success).toBe(true);
      expect(reg).not.toHaveProperty('customerProfileData');

      const missing = await attach({ transactionUuid: reg.uuid, customerIdentification: 'attach-me' });
      expect(missing.status).toBe(404);
      expect(missing.json()).toMatchObject({ success: false, errorCode: 'PROFILE_NOT_FOUND', profileExists: false });

      const attached = await attach({ transactionUuid: reg.uuid, customerIdentification: 'attach-me', createProfileIfNotExists: true });
      expect(attached.status).toBe(200);
      const body = attached.json();
      expect(body).toMatchObject({ success: true, message: expect.any(String), paymentToken: expect.stringMatching(/^pt::/) });
      expect(body.profileGuid).toHaveLength(32);
      const profile = await get({ customerIdentification: 'attach-me' });
      expect(profile.paymentInstruments).toHaveLength(1);
      expect(profile.paymentInstruments[0].isPreferred).toBe(true);

      const twice = await attach({ transactionUuid: reg.uuid, customerIdentification: 'cust-0005' });
      expect(twice.status).toBe(422);
      expect(twice.json()).toEqual({ success: false, message: expect.any(String), errorCode: 'ALREADY_ATTACHED' });

      const wrongProfile = await detach({ transactionUuid: reg.uuid, customerIdentification: 'cust-0005' });
      expect(wrongProfile.status).toBe(422);
      expect(wrongProfile.json().errorCode).toBe('NOT_ATTACHED');

      const detached = await detach({ transactionUuid: reg.uuid, profileGuid: body.profileGuid });
      expect(detached.status).toBe(200);
      expect(detached.json()).toMatchObject({ success: true, profileGuid: body.profileGuid });
      expect((await get({ customerIdentification: 'attach-me' })).paymentInstruments).toEqual([]);

      // Detached, not deregistered: it can be attached elsewhere.
      const elsewhere = await attach({ transactionUuid: reg.uuid, customerIdentification: 'cust-0005' });
      expect(elsewhere.status).toBe(200);
    });

    it('answers TRANSACTION_NOT_FOUND for unknown or deregistered transactions', async () => {
      const unknown = await attach({ transactionUuid: 'ffffffffffffffffffff', customerIdentification: 'cust-0005' });
      expect(unknown.status).toBe(404);
      expect(unknown.json()).toEqual({ success: false, message: expect.any(String), errorCode: 'TRANSACTION_NOT_FOUND' });
      await deregister({ merchantTransactionId: 'a-2', referenceUuid: '7c4e19a0d3b25f86e1a4' });
      const gone = await detach({ transactionUuid: '7c4e19a0d3b25f86e1a4', customerIdentification: 'shop-user-000417' });
      expect(gone.status).toBe(404);
      expect(gone.json().errorCode).toBe('TRANSACTION_NOT_FOUND');
    });

    it('validates the request with the common error object', async () => {
      const res = await attach({ customerIdentification: 'cust-0005' });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ success: false, errorCode: 1002 });
      const noProfile = await detach({ transactionUuid: '7c4e19a0d3b25f86e1a4' });
      expect(noProfile.status).toBe(400);
    });

    it('keeps a deleted profile’s instruments registered so they can be attached again', async () => {
      await call(sandbox, profilePath('deleteProfile'), { customerIdentification: 'cust-0002' });
      const res = await attach({ transactionUuid: '9e6a3bc2f5d47ba8a3c6', customerIdentification: 'cust-0005' });
      expect(res.status).toBe(200);
      expect((await get({ customerIdentification: 'cust-0005' })).paymentInstruments[0].paymentData.brand).toBe('amex');
    });
  });
});
