/**
 * The asynchronous register flow: REDIRECT / PENDING registers stay pending until completed or
 * failed through the control endpoints (or RunningSandbox.transactions); completion registers and
 * attaches the instrument per the register's customerProfileData. Includes the redirect page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionControlError, type RunningSandbox } from '../../src/sandbox/server';
import { rawRequest, signedRequest } from '../support/sandbox-request';
import { call, control, CREDS, profilePath, startDemoSandbox, transactionPath, useDemoSandbox } from './helpers';

describe('sandbox asynchronous registers', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  let n = 0;
  const register = async (body: object) =>
    (await call(sandbox, transactionPath('register'), { merchantTransactionId: `async-${++n}`, ...body })).json();
  const get = async (ref: object) => (await call(sandbox, profilePath('getProfile'), ref)).json();

  it('completes a 3-D Secure register: creates the profile, applies the customer, attaches the card', async () => {
    const reg = await register({
      transactionToken: 'tok_3ds_redirect',
      customer: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.org' },
      customerProfileData: { customerIdentification: 'three-ds-1', markAsPreferred: true },
      successUrl: 'https://shop.example.net/ok',
    });
    expect(reg.returnType).toBe('REDIRECT');
    expect((await get({ customerIdentification: 'three-ds-1' })).profileExists).toBe(false);

    const pending = await control(sandbox, 'GET', `transactions/${reg.uuid}`);
    expect(pending.json()).toMatchObject({
      uuid: reg.uuid,
      status: 'pending',
      returnType: 'REDIRECT',
      paymentMethod: 'Creditcard',
      customerProfileData: { customerIdentification: 'three-ds-1', profileGuid: null, markAsPreferred: true },
      successUrl: 'https://shop.example.net/ok',
    });
    expect((await control(sandbox, 'GET', 'transactions?status=pending')).json().transactions.map((t: { uuid: string }) => t.uuid)).toEqual([
      reg.uuid,
    ]);

    const done = await control(sandbox, 'POST', `transactions/${reg.uuid}/complete`);
    expect(done.status).toBe(200);
    const { transaction, result } = done.json();
    expect(transaction).toMatchObject({ uuid: reg.uuid, status: 'completed' });
    expect(result).toMatchObject({
      success: true,
      uuid: reg.uuid,
      purchaseId: reg.purchaseId,
      returnType: 'FINISHED',
      returnData: { type: 'visa', cardHolder: 'Grace Hopper', firstSixDigits: '400000', lastFourDigits: '3220' },
      customerProfileData: { customerIdentification: 'three-ds-1', markAsPreferred: true },
    });
    const profile = await get({ customerIdentification: 'three-ds-1' });
    expect(profile).toMatchObject({
      profileGuid: result.customerProfileData.profileGuid,
      customer: { firstName: 'Grace', email: 'grace@example.org' },
    });
    expect(profile.paymentInstruments).toEqual([
      expect.objectContaining({ paymentToken: result.customerProfileData.paymentToken, isPreferred: true }),
    ]);

    // Now a registered transaction like any other: detach and deregister accept its uuid.
    const detached = await call(sandbox, profilePath('detachPaymentInstrument'), { transactionUuid: reg.uuid, customerIdentification: 'three-ds-1' });
    expect(detached.status).toBe(200);
    expect((await call(sandbox, transactionPath('deregister'), { merchantTransactionId: 'd-async', referenceUuid: reg.uuid })).json().success).toBe(
      true,
    );

    const again = await control(sandbox, 'POST', `transactions/${reg.uuid}/complete`);
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ success: false, reason: 'NOT_PENDING' });
  });

  it('honours markAsPreferred on an existing profile addressed by profileGuid (programmatic completion)', async () => {
    const reg = await register({
      transactionToken: 'tok_pending',
      customerProfileData: { profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d', markAsPreferred: true },
    });
    expect(reg.returnType).toBe('PENDING');
    expect(sandbox.transactions.list('pending')).toHaveLength(1);
    const outcome = await sandbox.transactions.complete(reg.uuid);
    expect(outcome.result).toMatchObject({
      returnType: 'FINISHED',
      customerProfileData: { profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d', markAsPreferred: true },
    });
    const mira = await get({ customerIdentification: 'shop-user-000417' });
    expect(mira.paymentInstruments).toHaveLength(4);
    expect(
      mira.paymentInstruments.filter((i: { isPreferred: boolean }) => i.isPreferred).map((i: { paymentToken: string }) => i.paymentToken),
    ).toEqual([(outcome.result.customerProfileData as { paymentToken: string }).paymentToken]);
    expect(sandbox.transactions.get(reg.uuid)?.status).toBe('completed');
  });

  it('registers without a profile when the register named none; attach works afterwards', async () => {
    const reg = await register({ transactionToken: 'tok_pending', customerProfileData: undefined });
    const outcome = await sandbox.transactions.complete(reg.uuid);
    expect(outcome.result).not.toHaveProperty('customerProfileData');
    const attached = await call(sandbox, profilePath('attachPaymentInstrument'), { transactionUuid: reg.uuid, customerIdentification: 'cust-0005' });
    expect(attached.status).toBe(200);
  });

  it('fails a pending register: nothing is stored, the outcome carries the 2003 result', async () => {
    const reg = await register({ transactionToken: 'tok_3ds_redirect', customerProfileData: { customerIdentification: 'fail-me' } });
    const failed = await control(sandbox, 'POST', `transactions/${reg.uuid}/fail`);
    expect(failed.status).toBe(200);
    expect(failed.json()).toMatchObject({
      success: true,
      transaction: { status: 'failed' },
      result: { success: false, uuid: reg.uuid, returnType: 'ERROR', errorCode: 2003 },
    });
    expect((await get({ customerIdentification: 'fail-me' })).profileExists).toBe(false);
    const attach = await call(sandbox, profilePath('attachPaymentInstrument'), { transactionUuid: reg.uuid, customerIdentification: 'cust-0005' });
    expect(attach.status).toBe(404);
    expect(attach.json().errorCode).toBe('TRANSACTION_NOT_FOUND');
    await expect(sandbox.transactions.complete(reg.uuid)).rejects.toMatchObject({ code: 'NOT_PENDING' });
  });

  it('lists a declined register as failed and refuses to complete it', async () => {
    const reg = await register({ transactionToken: 'tok_declined' });
    expect(sandbox.transactions.get(reg.uuid)).toMatchObject({ status: 'failed', returnType: 'ERROR' });
    expect((await control(sandbox, 'POST', `transactions/${reg.uuid}/complete`)).status).toBe(409);
  });

  it('keeps the transaction pending when the profile it names is gone by completion time', async () => {
    const reg = await register({ transactionToken: 'tok_pending', customerProfileData: { profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb' } });
    await call(sandbox, profilePath('deleteProfile'), { profileGuid: 'CP-e7a5-914c-bd36-7caf-f4b8-50cb' });
    const res = await control(sandbox, 'POST', `transactions/${reg.uuid}/complete`);
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ success: false, reason: 'PROFILE_NOT_FOUND' });
    expect(sandbox.transactions.get(reg.uuid)?.status).toBe('pending');
    expect((await control(sandbox, 'POST', `transactions/${reg.uuid}/fail`)).status).toBe(200);
  });

  it('answers 404 for unknown uuids, 400 for a bad status filter, 405 for wrong methods', async () => {
    expect((await control(sandbox, 'POST', 'transactions/ffffffffffffffffffff/complete')).status).toBe(404);
    expect((await control(sandbox, 'GET', 'transactions/ffffffffffffffffffff')).status).toBe(404);
    expect((await control(sandbox, 'GET', 'transactions/ffffffffffffffffffff/redirect')).status).toBe(404);
    expect((await control(sandbox, 'GET', 'transactions?status=odd')).status).toBe(400);
    expect((await control(sandbox, 'GET', 'transactions/ffffffffffffffffffff/complete')).status).toBe(405);
    const error = await sandbox.transactions.fail('ffffffffffffffffffff').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionControlError);
    expect(error).toMatchObject({ code: 'TRANSACTION_NOT_FOUND' });
    // A register uuid that finished synchronously is not an asynchronous transaction.
    expect((await control(sandbox, 'POST', 'transactions/7c4e19a0d3b25f86e1a4/complete')).status).toBe(404);
  });

  describe('redirect page', () => {
    it('serves an HTML challenge whose buttons complete or fail and send the browser back', async () => {
      const reg = await register({
        transactionToken: 'tok_3ds_redirect',
        customerProfileData: { customerIdentification: 'page-user' },
        successUrl: 'https://shop.example.net/ok?x=1',
        errorUrl: 'https://shop.example.net/error',
      });
      const page = await rawRequest(reg.redirectUrl);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('action="complete?redirect=1"');
      expect(page.text).toContain('action="fail?redirect=1"');
      expect(page.text).toContain(reg.uuid);

      const back = await rawRequest(new URL('complete?redirect=1', reg.redirectUrl).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      expect(back.status).toBe(303);
      expect(back.headers.location).toBe('https://shop.example.net/ok?x=1');
      expect((await get({ customerIdentification: 'page-user' })).paymentInstruments).toHaveLength(1);
      expect((await rawRequest(reg.redirectUrl)).text).toContain('completed');

      const second = await register({ transactionToken: 'tok_3ds_redirect', errorUrl: 'https://shop.example.net/error' });
      const failed = await rawRequest(new URL('fail?redirect=1', second.redirectUrl).href, { method: 'POST' });
      expect(failed.status).toBe(303);
      expect(failed.headers.location).toBe('https://shop.example.net/error');
    });

    it('answers JSON instead of redirecting to a missing or non-web URL', async () => {
      const reg = await register({ transactionToken: 'tok_3ds_redirect', successUrl: 'javascript:alert(1)' });
      const res = await control(sandbox, 'POST', `transactions/${reg.uuid}/complete?redirect=1`);
      expect(res.status).toBe(200);
      expect(res.headers.location).toBeUndefined();
      expect(res.json().transaction.status).toBe('completed');
    });

    it('links below the path prefix the client used', async () => {
      const res = await signedRequest(`${sandbox.url}/shop-sandbox`, {
        path: transactionPath('register'),
        body: { merchantTransactionId: 'prefixed', transactionToken: 'tok_3ds_redirect' },
        credentials: CREDS,
      });
      const { redirectUrl, uuid } = res.json();
      expect(redirectUrl).toBe(`${sandbox.url}/shop-sandbox/__sandbox/transactions/${uuid}/redirect`);
      expect((await rawRequest(redirectUrl)).status).toBe(200);
    });
  });

  it('keeps pending transactions in the data file across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-async-'));
    try {
      const dataFile = join(dir, 'store.json');
      const first = await startDemoSandbox({ dataFile });
      const reg = (
        await call(first, transactionPath('register'), {
          merchantTransactionId: 'persist-1',
          transactionToken: 'tok_pending',
          customerProfileData: { customerIdentification: 'later' },
        })
      ).json();
      await first.close();
      const second = await startDemoSandbox({ dataFile });
      try {
        expect(second.transactions.get(reg.uuid)?.status).toBe('pending');
        await second.transactions.complete(reg.uuid);
        expect((await call(second, profilePath('getProfile'), { customerIdentification: 'later' })).json().paymentInstruments).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
