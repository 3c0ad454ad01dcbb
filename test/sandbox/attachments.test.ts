/**
 * attachPaymentInstrument / detachPaymentInstrument against API.md §6.2 and §7.5: the
 * `{success:false, message, errorCode:"<STRING>"}` envelope with 404/422, createProfileIfNotExists,
 * exact success bodies; unsuccessful (declined, pending) and deregistered transactions are "not found".
 */
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, profilePath, useDemoSandbox, transactionPath } from './helpers';

const MIRA_CARD = '7c4e19a0d3b25f86e1a4'; // on shop-user-000417
const NOAH = { customerIdentification: 'cust-0005' };

describe('sandbox attach / detach (API.md §6.2, §7.5)', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  const attach = (body: object) => call(sandbox, profilePath('attachPaymentInstrument'), body);
  const detach = (body: object) => call(sandbox, profilePath('detachPaymentInstrument'), body);
  let n = 0;
  const register = async (transactionToken: string) =>
    (await call(sandbox, transactionPath('register'), { merchantTransactionId: `att-${++n}`, transactionToken })).json();
  const expectEnvelope = async (res: Awaited<ReturnType<typeof attach>>, status: number, errorCode: string) => {
    expect(res.status).toBe(status);
    expect(res.json()).toEqual({ success: false, message: expect.any(String), errorCode });
  };

  it('attach answers exactly {success, message, profileGuid, paymentToken}; detach {success, message, profileGuid}', async () => {
    const reg = await register('tok_amex');
    const attached = await attach({ transactionUuid: reg.uuid, ...NOAH });
    expect(attached.status).toBe(200);
    expect(attached.json()).toEqual({
      success: true,
      message: expect.any(String),
      profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb',
      paymentToken: expect.stringMatching(/^pt::[0-9a-f]{20}$/),
    });
    const detached = await detach({ transactionUuid: reg.uuid, profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb' });
    expect(detached.status).toBe(200);
    expect(detached.json()).toEqual({ success: true, message: expect.any(String), profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb' });
  });

  describe('TRANSACTION_NOT_FOUND (404)', () => {
    it('for an unknown uuid', async () => {
      await expectEnvelope(await attach({ transactionUuid: 'ffffffffffffffffffff', ...NOAH }), 404, 'TRANSACTION_NOT_FOUND');
      await expectEnvelope(await detach({ transactionUuid: 'ffffffffffffffffffff', ...NOAH }), 404, 'TRANSACTION_NOT_FOUND');
    });

    it('for an unsuccessful (declined) or still pending register', async () => {
      for (const token of ['tok_declined', 'tok_pending', 'tok_3ds_redirect']) {
        const reg = await register(token);
        await expectEnvelope(await attach({ transactionUuid: reg.uuid, ...NOAH }), 404, 'TRANSACTION_NOT_FOUND');
      }
    });

    it('for a deregistered transaction, on attach and on detach', async () => {
      await call(sandbox, transactionPath('deregister'), { merchantTransactionId: 'dereg', referenceUuid: MIRA_CARD });
      await expectEnvelope(await attach({ transactionUuid: MIRA_CARD, ...NOAH }), 404, 'TRANSACTION_NOT_FOUND');
      await expectEnvelope(await detach({ transactionUuid: MIRA_CARD, customerIdentification: 'shop-user-000417' }), 404, 'TRANSACTION_NOT_FOUND');
    });
  });

  it('ALREADY_ATTACHED (422) when the instrument is on any profile, the named one included', async () => {
    await expectEnvelope(await attach({ transactionUuid: MIRA_CARD, ...NOAH }), 422, 'ALREADY_ATTACHED');
    await expectEnvelope(await attach({ transactionUuid: MIRA_CARD, customerIdentification: 'shop-user-000417' }), 422, 'ALREADY_ATTACHED');
  });

  it('NOT_ATTACHED (422) when detaching from another profile or an instrument that is on none', async () => {
    await expectEnvelope(await detach({ transactionUuid: MIRA_CARD, ...NOAH }), 422, 'NOT_ATTACHED');
    const reg = await register('tok_visa');
    await expectEnvelope(await detach({ transactionUuid: reg.uuid, ...NOAH }), 422, 'NOT_ATTACHED');
  });

  describe('createProfileIfNotExists', () => {
    it('creates the profile for a new customerIdentification and makes the instrument preferred', async () => {
      const reg = await register('tok_iban_at');
      const res = await attach({ transactionUuid: reg.uuid, customerIdentification: 'fresh-profile', createProfileIfNotExists: true });
      expect(res.status).toBe(200);
      const profile = (await call(sandbox, profilePath('getProfile'), { customerIdentification: 'fresh-profile' })).json();
      expect(profile).toMatchObject({ profileGuid: res.json().profileGuid, preferredMethod: 'DirectDebit' });
      expect(profile.paymentInstruments).toEqual([expect.objectContaining({ paymentToken: res.json().paymentToken, isPreferred: true })]);
    });

    it('defaults to false: a missing profile is not created', async () => {
      const reg = await register('tok_visa');
      const res = await attach({ transactionUuid: reg.uuid, customerIdentification: 'not-created' });
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ success: false, errorCode: 'PROFILE_NOT_FOUND', message: expect.any(String) });
      expect((await call(sandbox, profilePath('getProfile'), { customerIdentification: 'not-created' })).json().profileExists).toBe(false);
    });

    it('cannot create a profile by profileGuid (the platform assigns guids)', async () => {
      const reg = await register('tok_visa');
      const res = await attach({ transactionUuid: reg.uuid, profileGuid: 'CP-0000-0000-0000-0000-0000-0000', createProfileIfNotExists: true });
      expect(res.status).toBe(404);
      expect(res.json().errorCode).toBe('PROFILE_NOT_FOUND');
    });

    it('uses an existing profile when there is one', async () => {
      const reg = await register('tok_visa');
      const res = await attach({ transactionUuid: reg.uuid, ...NOAH, createProfileIfNotExists: true });
      expect(res.json().profileGuid).toBe('CP-e7a5-914c-bd36-7caf-f4b8-50cb');
    });
  });

  it.each([
    [{ customerIdentification: 'cust-0005' }, 'transactionUuid'],
    [{ transactionUuid: MIRA_CARD }, 'profileGuid/customerIdentification'],
    [
      { transactionUuid: MIRA_CARD, customerIdentification: 'cust-0005', profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb' },
      'profileGuid/customerIdentification',
    ],
    [{ transactionUuid: 'x'.repeat(51), customerIdentification: 'cust-0005' }, 'transactionUuid'],
    [{ transactionUuid: MIRA_CARD, profileGuid: 'too-short' }, 'profileGuid'],
    [{ transactionUuid: MIRA_CARD, customerIdentification: 'cust-0005', createProfileIfNotExists: 'yes' }, 'createProfileIfNotExists'],
  ])('refuses the malformed attach %j with the common 400/1002 error object naming %s', async (body, field) => {
    const res = await attach(body);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ success: false, errorMessage: expect.stringContaining(field), errorCode: 1002, details: null });
  });
});
