/**
 * The Transaction API pieces for payment instruments: register (every return type), deregister,
 * attach and detach with their typed errors, and the separate Transaction API base URL.
 */
import { IxopayClient } from '../../src/ixopay/client';
import {
  AlreadyAttachedError,
  NotAttachedError,
  ProfileNotFoundError,
  TransactionNotFoundError,
  UpstreamRejectedError,
} from '../../src/ixopay/errors';
import { sign } from '../../src/ixopay/signature';
import type { RunningSandbox } from '../../src/sandbox/server';
import { CREDENTIALS, clientFor, profileBody, rejectionOf, reply, startServer } from './scripted-server';
import { useSandboxClient } from './sandbox-client';

const ZOE = { customerIdentification: 'cust-0001' };
const OTHER = { customerIdentification: 'cust-0002' };

describe('against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: IxopayClient;
  useSandboxClient((started) => ({ sandbox, client } = started));

  const registerAlone = (n: number) => client.register({ merchantTransactionId: `reg-alone-${n}`, transactionToken: 'tok_visa' });
  const tokensOf = async (ref: typeof ZOE) => (await client.getProfile(ref))?.paymentInstruments.map((i) => i.paymentToken) ?? [];

  test('a register without profile data, attached, detached: the instrument comes and goes on the profile', async () => {
    const registered = await registerAlone(1);
    expect(registered).toMatchObject({ returnType: 'FINISHED', customerProfileData: null });

    const attached = await client.attachPaymentInstrument(ZOE, { transactionUuid: registered.uuid });
    expect(attached.paymentToken).toEqual(expect.any(String));
    expect(attached.profileGuid).toBe((await client.getProfile(ZOE))?.profileGuid);
    expect(await tokensOf(ZOE)).toContain(attached.paymentToken);

    expect(await client.detachPaymentInstrument(ZOE, { transactionUuid: registered.uuid })).toEqual({ profileGuid: attached.profileGuid });
    expect(await tokensOf(ZOE)).not.toContain(attached.paymentToken);
  });

  test('each documented refusal is its own typed error with a stable code', async () => {
    const registered = await registerAlone(2);
    await client.attachPaymentInstrument(ZOE, { transactionUuid: registered.uuid });

    const again = await rejectionOf(client.attachPaymentInstrument(OTHER, { transactionUuid: registered.uuid }));
    expect(again).toBeInstanceOf(AlreadyAttachedError);
    expect(again).toMatchObject({ code: 'ALREADY_ATTACHED', operation: 'attachPaymentInstrument' });

    const elsewhere = await rejectionOf(client.detachPaymentInstrument(OTHER, { transactionUuid: registered.uuid }));
    expect(elsewhere).toMatchObject({ constructor: NotAttachedError, code: 'NOT_ATTACHED' });

    const unknown = await rejectionOf(client.attachPaymentInstrument(ZOE, { transactionUuid: 'no-such-transaction' }));
    expect(unknown).toMatchObject({ constructor: TransactionNotFoundError, code: 'TRANSACTION_NOT_FOUND' });

    const noProfile = await rejectionOf(
      client.attachPaymentInstrument({ customerIdentification: 'nobody-yet' }, { transactionUuid: (await registerAlone(3)).uuid }),
    );
    expect(noProfile).toBeInstanceOf(ProfileNotFoundError);
    // No write was sent twice.
    expect(sandbox.stats().calls).toMatchObject({ attachPaymentInstrument: 4, detachPaymentInstrument: 1 });
  });

  test('createProfileIfNotExists creates the profile for a customerIdentification; with a profileGuid it is refused before sending', async () => {
    const registered = await registerAlone(4);
    const created = await client.attachPaymentInstrument(
      { customerIdentification: 'new-0001' },
      { transactionUuid: registered.uuid, createProfileIfNotExists: true },
    );
    expect(await client.getProfile({ customerIdentification: 'new-0001' })).toMatchObject({ profileGuid: created.profileGuid });

    sandbox.resetStats();
    const refused = await rejectionOf(
      client.attachPaymentInstrument({ profileGuid: created.profileGuid }, { transactionUuid: registered.uuid, createProfileIfNotExists: true }),
    );
    expect(refused).toBeInstanceOf(TypeError);
    expect(sandbox.stats().total).toBe(0);
  });

  test('register return types: REDIRECT with its URL, PENDING, and a decline as UpstreamRejectedError', async () => {
    const redirect = await client.register({ merchantTransactionId: 'reg-3ds', transactionToken: 'tok_3ds_redirect', customerProfileData: ZOE });
    expect(redirect).toMatchObject({ returnType: 'REDIRECT', redirectUrl: expect.stringMatching(/^http/), customerProfileData: null });

    const pending = await client.register({ merchantTransactionId: 'reg-pending', transactionToken: 'tok_pending', customerProfileData: ZOE });
    expect(pending).toMatchObject({ returnType: 'PENDING', customerProfileData: null });

    const declined = await rejectionOf(
      client.register({ merchantTransactionId: 'reg-declined', transactionToken: 'tok_declined', customerProfileData: ZOE }),
    );
    expect(declined).toMatchObject({ constructor: UpstreamRejectedError, errorCode: 2003, operation: 'register' });
  });

  test('deregister detaches the registered instrument from its profile', async () => {
    const registered = await client.register({ merchantTransactionId: 'reg-5', transactionToken: 'tok_mastercard', customerProfileData: ZOE });
    const token = registered.customerProfileData!.paymentToken;
    expect(await tokensOf(ZOE)).toContain(token);
    expect(await client.deregister({ merchantTransactionId: 'dereg-5', referenceUuid: registered.uuid })).toMatchObject({ returnType: 'FINISHED' });
    expect(await tokensOf(ZOE)).not.toContain(token);
  });
});

test('register/deregister go to IXOPAY_TRANSACTION_BASE_URL, signed for its path; profile calls stay on the base URL', async () => {
  const registerAnswer = { success: true, uuid: 'u-1', returnType: 'FINISHED' };
  const profiles = await startServer((_q, res) => reply(res, 200, profileBody()));
  const transactions = await startServer((_q, res) => reply(res, 200, registerAnswer));
  const client = clientFor(profiles.origin, { transactionBaseUrl: `${transactions.origin}/gateway/` });
  try {
    await client.getProfile(ZOE);
    await client.register({ merchantTransactionId: 'm-1', transactionToken: 'tok_visa' });
    await client.deregister({ merchantTransactionId: 'm-2', referenceUuid: 'u-1' });
    await client.attachPaymentInstrument(ZOE, { transactionUuid: 'u-1' }).catch(() => undefined);

    const key = encodeURIComponent(CREDENTIALS.apiKey);
    expect(profiles.requests.map((r) => r.url)).toEqual([
      `/api/v3/customerProfiles/${key}/getProfile`,
      `/api/v3/customerProfiles/${key}/attachPaymentInstrument`,
    ]);
    expect(transactions.requests.map((r) => r.url)).toEqual([
      `/gateway/api/v3/transaction/${key}/register`,
      `/gateway/api/v3/transaction/${key}/deregister`,
    ]);
    const request = transactions.requests[0];
    const expected = sign(CREDENTIALS.sharedSecret, {
      method: 'POST',
      body: request.body,
      contentType: String(request.headers['content-type']),
      date: String(request.headers['x-date']),
      requestUri: request.url,
      bodyHash: 'sha512',
    });
    expect(request.headers['x-signature']).toBe(expected);
  } finally {
    await client.close();
    await Promise.all([profiles.close(), transactions.close()]);
  }
});
