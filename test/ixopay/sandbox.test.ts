/** The client against the real IXOPAY-compatible sandbox (src/sandbox): protocol, data and faults end to end. */
import { IxopayClient, type IxopayClientOptions } from '../../src/ixopay/client';
import { ProfileNotFoundError, UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../src/ixopay/errors';
import { phpHashedPassword } from '../../src/ixopay/signature';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { rejectionOf, virtualTime } from './scripted-server';

const ZOE = { profileGuid: 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20', customerIdentification: 'cust-0001' };

let sandbox: RunningSandbox;
const clients: IxopayClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function client(overrides: Partial<IxopayClientOptions> = {}): IxopayClient {
  const c = new IxopayClient({ baseUrl: sandbox.url + '/', ...DEMO_CREDENTIALS, timeoutMs: 2000, connections: 4, random: () => 0, ...overrides });
  clients.push(c);
  return c;
}

describe('profiles', () => {
  test('getProfile finds the same profile by customerIdentification and by profileGuid', async () => {
    const c = client();
    const byIdent = await c.getProfile({ customerIdentification: ZOE.customerIdentification });
    const byGuid = await c.getProfile({ profileGuid: ZOE.profileGuid });
    expect(byIdent).not.toBeNull();
    expect(byGuid).toEqual(byIdent);
    expect(byIdent).toMatchObject({
      profileGuid: ZOE.profileGuid,
      customerIdentification: ZOE.customerIdentification,
      customer: { firstName: 'Zoë', lastName: 'Müller', extraData: { loyaltyTier: 'gold', website: 'https://zoe.example/profile' } },
    });
    const [card, iban] = byIdent!.paymentInstruments;
    expect(card).toMatchObject({
      method: 'card',
      isPreferred: true,
      paymentData: { kind: 'card', brand: 'visa', expiryMonth: 11, expiryYear: 2028 },
    });
    expect(card.createdAt).toEqual(new Date('2024-09-18T10:12:44Z'));
    expect(iban).toMatchObject({ method: 'iban', paymentData: { kind: 'iban', mandateDate: new Date('2025-01-07T00:00:00Z') } });
  });

  test('getProfile of an unknown profile is null, by either identifier', async () => {
    const c = client();
    await expect(c.getProfile({ customerIdentification: 'nobody-here' })).resolves.toBeNull();
    await expect(c.getProfile({ profileGuid: 'CP-0000-0000-0000-0000-0000-0000' })).resolves.toBeNull();
  });

  test('every signing variant is accepted: md5/sha512, GMT/UTC, plain/PHP-hashed password, php/standard JSON', async () => {
    for (const variant of [
      { bodyHash: 'md5', dateSuffix: 'UTC', password: phpHashedPassword(DEMO_CREDENTIALS.password), jsonStyle: 'php' },
      { bodyHash: 'sha512', dateSuffix: 'GMT', password: DEMO_CREDENTIALS.password, jsonStyle: 'standard' },
    ] as const) {
      const profile = await client(variant).getProfile({ customerIdentification: ZOE.customerIdentification });
      expect(profile?.profileGuid).toBe(ZOE.profileGuid);
    }
  });

  test('updateProfile reports changedFields and the new customer; non-ASCII survives both JSON styles', async () => {
    const c = client({ jsonStyle: 'php' });
    const result = await c.updateProfile(
      { profileGuid: ZOE.profileGuid },
      { customerData: { firstName: 'Zoë', lastName: 'Müller-Straße', billingCity: 'Wien' } },
    );
    expect(result).toMatchObject({ profileGuid: ZOE.profileGuid, customerIdentification: ZOE.customerIdentification, changedFields: ['lastName'] });
    expect(result.customer).toMatchObject({ firstName: 'Zoë', lastName: 'Müller-Straße' });
    const again = await client().updateProfile({ customerIdentification: ZOE.customerIdentification }, { customerData: { firstName: 'Zoë' } });
    expect(again.changedFields).toEqual([]);
    expect((await c.getProfile({ profileGuid: ZOE.profileGuid }))?.customer?.lastName).toBe('Müller-Straße');
  });

  test('updateProfile can change the preferred instrument; an unknown profile → ProfileNotFoundError', async () => {
    const c = client();
    const before = await c.getProfile({ profileGuid: ZOE.profileGuid });
    const other = before!.paymentInstruments.find((i) => !i.isPreferred)!;
    await c.updateProfile({ profileGuid: ZOE.profileGuid }, { customerData: { firstName: 'Zoë' }, preferredInstrument: other.paymentToken });
    const after = await c.getProfile({ profileGuid: ZOE.profileGuid });
    expect(after!.paymentInstruments.find((i) => i.isPreferred)?.paymentToken).toBe(other.paymentToken);

    const missing = await rejectionOf(c.updateProfile({ customerIdentification: 'nobody-here' }, { customerData: { firstName: 'X' } }));
    expect(missing).toBeInstanceOf(ProfileNotFoundError);
  });

  test('a request the sandbox refuses → UpstreamRejectedError with its errorCode', async () => {
    const c = client();
    const error = await rejectionOf(c.updateProfile({ profileGuid: ZOE.profileGuid }, { customerData: { gender: 'X' as never } }));
    expect(error).toBeInstanceOf(UpstreamRejectedError);
    expect(error).toMatchObject({ errorCode: 1002 });
  });

  test('deleteProfile removes the profile; deleting again → ProfileNotFoundError', async () => {
    const c = client();
    await expect(c.deleteProfile({ customerIdentification: ZOE.customerIdentification })).resolves.toBeUndefined();
    await expect(c.getProfile({ profileGuid: ZOE.profileGuid })).resolves.toBeNull();
    expect(await rejectionOf(c.deleteProfile({ profileGuid: ZOE.profileGuid }))).toBeInstanceOf(ProfileNotFoundError);
  });

  test('register creates a profile with the instrument; deregister detaches it', async () => {
    const c = client();
    const registered = await c.register({
      merchantTransactionId: 'reg-test-0001',
      transactionToken: 'iban:AT611904300234573201',
      customer: { firstName: 'Ana', lastName: 'Novak', email: 'ana@example.net', billingCountry: 'SI' },
      customerProfileData: { customerIdentification: 'ana-0001', markAsPreferred: true },
    });
    expect(registered).toMatchObject({ returnType: 'FINISHED', customerProfileData: { customerIdentification: 'ana-0001', markAsPreferred: true } });
    const token = registered.customerProfileData!.paymentToken;
    const profile = await c.getProfile({ customerIdentification: 'ana-0001' });
    expect(profile).toMatchObject({ profileGuid: registered.customerProfileData!.profileGuid, customer: { firstName: 'Ana' } });
    expect(profile!.paymentInstruments).toEqual([expect.objectContaining({ paymentToken: token, method: 'iban', isPreferred: true })]);

    const deregistered = await c.deregister({ merchantTransactionId: 'dereg-test-0001', referenceUuid: registered.uuid });
    expect(deregistered.uuid).toEqual(expect.any(String));
    expect((await c.getProfile({ customerIdentification: 'ana-0001' }))!.paymentInstruments).toEqual([]);

    const twice = await rejectionOf(c.deregister({ merchantTransactionId: 'dereg-test-0002', referenceUuid: registered.uuid }));
    expect(twice).toBeInstanceOf(UpstreamRejectedError);
  });

  test('wrong shared secret or password → UpstreamRejectedError, and nothing secret in the message', async () => {
    const badSecret = await rejectionOf(client({ sharedSecret: 'not-the-secret', retryMaxAttempts: 1 }).getProfile({ profileGuid: ZOE.profileGuid }));
    expect(badSecret).toBeInstanceOf(UpstreamRejectedError);
    expect(badSecret).toMatchObject({ errorCode: 1004 });
    const badPassword = await rejectionOf(client({ password: 'wrong-password', retryMaxAttempts: 1 }).getProfile({ profileGuid: ZOE.profileGuid }));
    expect(badPassword).toBeInstanceOf(UpstreamRejectedError);
    for (const e of [badSecret, badPassword]) {
      const text = `${String(e)} ${JSON.stringify(e)}`;
      for (const secret of ['not-the-secret', 'wrong-password', DEMO_CREDENTIALS.apiKey]) expect(text).not.toContain(secret);
    }
  });
});

describe('fault modes', () => {
  const ref = { customerIdentification: ZOE.customerIdentification };

  test('"500" → UpstreamUnavailableError http_status; a read recovers by retry, a write is not retried', async () => {
    sandbox.faults.add({ mode: '500', operation: 'getProfile', count: 10 });
    const noRetry = await rejectionOf(client({ retryMaxAttempts: 1 }).getProfile(ref));
    expect(noRetry).toBeInstanceOf(UpstreamUnavailableError);
    expect(noRetry).toMatchObject({ reason: 'http_status', httpStatus: 500 });

    sandbox.faults.clear();
    sandbox.faults.add({ mode: '500', operation: 'getProfile', count: 1 });
    await expect(client().getProfile(ref)).resolves.toMatchObject({ profileGuid: ZOE.profileGuid });

    sandbox.faults.add({ mode: '500', operation: 'updateProfile', count: 1 });
    const write = await rejectionOf(client().updateProfile(ref, { customerData: { firstName: 'Zoë' } }));
    expect(write).toMatchObject({ reason: 'http_status' });
    expect(sandbox.faults.list()).toEqual([]);
  });

  test('"429" → UpstreamRateLimitedError with Retry-After', async () => {
    sandbox.faults.add({ mode: '429', operation: 'getProfile', count: 1, retryAfterSeconds: 7 });
    const error = await rejectionOf(client().getProfile(ref));
    expect(error).toBeInstanceOf(UpstreamRateLimitedError);
    expect(error).toMatchObject({ retryAfterSeconds: 7 });
  });

  test('"429" with a short Retry-After is waited out by a read (virtual time)', async () => {
    sandbox.faults.add({ mode: '429', operation: 'getProfile', count: 1, retryAfterSeconds: 1 });
    const time = virtualTime();
    const c = client({ ...time.hooks, timeoutMs: 3000 });
    await expect(c.getProfile(ref)).resolves.not.toBeNull();
    expect(time.waits).toHaveLength(1);
    expect(sandbox.stats().calls.getProfile).toBe(2);
  });

  test('"hang" → UpstreamUnavailableError timeout', async () => {
    sandbox.faults.add({ mode: 'hang', operation: 'deleteProfile', count: 1 });
    const error = await rejectionOf(client({ timeoutMs: 300 }).deleteProfile(ref));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'timeout' });
  });

  test('"malformed" → UpstreamUnavailableError malformed_json; a read gets past one garbled answer by retrying', async () => {
    sandbox.faults.add({ mode: 'malformed', operation: 'getProfile', count: 1 });
    expect(await rejectionOf(client({ retryMaxAttempts: 1 }).getProfile(ref))).toMatchObject({
      constructor: UpstreamUnavailableError,
      reason: 'malformed_json',
    });
    sandbox.faults.add({ mode: 'malformed', operation: 'getProfile', count: 1 });
    await expect(client().getProfile(ref)).resolves.toMatchObject({ profileGuid: ZOE.profileGuid });
  });

  test('"reset-connection" → UpstreamUnavailableError connection', async () => {
    sandbox.faults.add({ mode: 'reset-connection', operation: 'updateProfile', count: 1 });
    const error = await rejectionOf(client().updateProfile(ref, { customerData: { firstName: 'Zoë' } }));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'connection' });
  });

  test('"wrong-shape" → UpstreamUnavailableError unexpected_shape', async () => {
    sandbox.faults.add({ mode: 'wrong-shape', operation: 'register', count: 1 });
    const error = await rejectionOf(client().register({ merchantTransactionId: 'm-1', customerProfileData: { customerIdentification: 'x-1' } }));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'unexpected_shape' });
  });

  test('a persistent fault opens the circuit; later calls fail fast without reaching the sandbox', async () => {
    sandbox.faults.add({ mode: '500', operation: '*' });
    const c = client({ retryMaxAttempts: 1, circuitFailureThreshold: 3 });
    for (let i = 0; i < 3; i++) await c.getProfile(ref).catch(() => undefined);
    expect(c.circuitState()).toBe('open');
    const remaining = sandbox.faults.list()[0];
    sandbox.resetStats();
    const error = await rejectionOf(c.getProfile(ref));
    expect(error).toMatchObject({ reason: 'circuit_open' });
    expect(sandbox.stats().total).toBe(0);
    expect(sandbox.faults.list()[0]).toEqual(remaining);
  });
});
