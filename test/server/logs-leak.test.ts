/**
 * Nothing leaks into logs: the suite's gateway runs with debug logging captured while it serves
 * reads, updates, failures and bad tokens; no secret, credential, token or personal/card data may
 * appear in any line.
 */
import { phpHashedPassword } from '../../src/ixopay/signature';
import { DEMO_CREDENTIALS } from '../../src/sandbox/server';
import { startStack, TEST_JWT_SECRET, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ captureLogs: true, logLevel: 'trace' });
});
afterAll(() => stack.close());

test('no secret, token, credential or personal data appears in the captured logs', async () => {
  const token = await stack.token();
  const full = `
    profileGuid customerIdentification
    customer { firstName lastName email billingAddress1 billingPhone ipAddress nationalId extraData }
    paymentInstruments { paymentToken paymentData {
      ... on CardData { cardHolder firstSixDigits lastFourDigits }
      ... on IbanData { iban bic mandateId }
      ... on WalletData { walletOwner walletOwnerFirstName walletOwnerLastName } } }`;
  const read = await stack.graphql(
    `{ customerProfiles(refs: [
      { customerIdentification: "cust-0001" }, { customerIdentification: "shop-user-000417" }]) { ${full} } }`,
    undefined,
    { token },
  );
  expect(read.body.errors).toBeUndefined();

  const secretEmail = 'leak-canary.person@example.net';
  const update = await stack.graphql(
    `mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields profile { customer { email } } } }`,
    { input: { customerIdentification: 'cust-0001', customerData: { email: secretEmail, lastName: 'Canaryson', billingPhone: '+43 660 1234567' } } },
    { token },
  );
  expect(update.body.errors).toBeUndefined();

  stack.sandbox.faults.add({ mode: '500', operation: 'getProfile', count: 1 });
  await stack.graphql('{ customerProfile(customerIdentification: "shop-user-000417") { profileGuid } }', undefined, { token });
  await stack.graphql('{ customerProfile(customerIdentification: "cust-0001") { profileGuid } }', undefined, { token: `${token}tampered` });
  await stack.graphql('{ customerProfile(customerIdentification: "cust-0001") { profileGuid } }', undefined, {
    token,
    headers: { cookie: 'session=cookie-canary-value' },
  });

  const logs = stack.logs.join('\n');
  expect(stack.logs.length).toBeGreaterThan(3);
  const basic = Buffer.from(`${DEMO_CREDENTIALS.username}:${DEMO_CREDENTIALS.password}`).toString('base64');
  const forbidden = [
    DEMO_CREDENTIALS.password,
    phpHashedPassword(DEMO_CREDENTIALS.password),
    DEMO_CREDENTIALS.sharedSecret,
    `/${DEMO_CREDENTIALS.apiKey}/`,
    basic,
    TEST_JWT_SECRET,
    token,
    token.split('.')[2],
    'cookie-canary-value',
    secretEmail,
    'Canaryson',
    '1234567',
  ];
  for (const value of forbidden) expect({ value, found: logs.includes(value) }).toEqual({ value, found: false });

  // Whatever the sandbox holds for these profiles: names, e-mails, IBANs, card digits.
  const profile = read.body.data.customerProfiles[1];
  for (const value of [profile.customer.email, profile.customer.lastName]) {
    if (value) expect({ value, found: logs.includes(value) }).toEqual({ value, found: false });
  }
  for (const instrument of [...read.body.data.customerProfiles[0].paymentInstruments, ...profile.paymentInstruments]) {
    const data = instrument.paymentData ?? {};
    for (const value of [data.iban, data.cardHolder, data.walletOwner]) {
      if (value) expect({ value, found: logs.includes(value) }).toEqual({ value, found: false });
    }
  }
  // Signatures: any 88-char base64 HMAC-SHA512 value.
  expect(logs).not.toMatch(/[A-Za-z0-9+/]{86}==/);
});
