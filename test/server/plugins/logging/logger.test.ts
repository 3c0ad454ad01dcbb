import { Writable } from 'node:stream';
import { createLogger, REDACTED } from '../../../../src/server/logger';

/** A destination collecting the JSON lines. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  return { destination, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** A unique marker per sensitive value, so a leak is found wherever it lands. */
const SECRETS = {
  token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJlLWxlYWs',
  password: 'leak-password',
  sharedSecret: 'leak-shared-secret',
  secret: 'leak-secret',
  apiKey: 'leak-api-key',
  signature: 'leak-signature',
  cookie: 'session=leak-cookie',
  xSignature: 'leak-x-signature',
  firstName: 'LeakFirst',
  lastName: 'LeakLast',
  cardHolder: 'Leak Cardholder',
  email: 'leak@example.com',
  iban: 'DE89370400440532013000',
  bic: 'LEAKDEFFXXX',
  firstSixDigits: '411111',
  lastFourDigits: '9876',
  walletOwner: 'leak-wallet-owner',
  walletOwnerFirstName: 'LeakWalletFirst',
  walletOwnerLastName: 'LeakWalletLast',
  nationalId: 'leak-national-id',
  billingAddress1: 'Leak Street 1',
  billingAddress2: 'Leak Floor 2',
  billingPhone: '+43-leak-phone',
  ipAddress: '203.0.113.77',
  birthDate: '1970-01-31',
  extraData: 'leak-extra-value',
  variableValue: 'leak-variable-value',
  paymentToken: 'pt::leak-payment-token',
};

describe('createLogger redaction', () => {
  it('keeps every secret and personal value out of the output, at any depth', () => {
    const { destination, lines, records } = capture();
    const logger = createLogger({ level: 'debug', destination });
    const customer = {
      firstName: SECRETS.firstName,
      lastName: SECRETS.lastName,
      email: SECRETS.email,
      nationalId: SECRETS.nationalId,
      billingAddress1: SECRETS.billingAddress1,
      billingAddress2: SECRETS.billingAddress2,
      billingPhone: SECRETS.billingPhone,
      ipAddress: SECRETS.ipAddress,
      birthDate: SECRETS.birthDate,
      billingCountry: 'AT',
      extraData: { note: SECRETS.extraData },
    };
    logger.info(
      {
        req: {
          method: 'POST',
          headers: {
            authorization: `Bearer ${SECRETS.token}`,
            cookie: SECRETS.cookie,
            'x-signature': SECRETS.xSignature,
            'content-type': 'application/json',
          },
        },
        graphql: { operationName: 'Checkout', variables: { input: { email: SECRETS.variableValue } } },
        ixopay: { username: 'api-user', password: SECRETS.password, sharedSecret: SECRETS.sharedSecret, apiKey: SECRETS.apiKey },
        secret: SECRETS.secret,
        signature: SECRETS.signature,
        profile: {
          customer,
          paymentInstruments: [
            {
              paymentToken: SECRETS.paymentToken,
              paymentData: {
                cardHolder: SECRETS.cardHolder,
                firstSixDigits: SECRETS.firstSixDigits,
                lastFourDigits: SECRETS.lastFourDigits,
                brand: 'visa',
              },
            },
            { paymentData: { iban: SECRETS.iban, bic: SECRETS.bic } },
            {
              paymentData: {
                walletOwner: SECRETS.walletOwner,
                walletOwnerFirstName: SECRETS.walletOwnerFirstName,
                walletOwnerLastName: SECRETS.walletOwnerLastName,
              },
            },
          ],
        },
        deep: { a: { b: { c: { d: { e: { token: SECRETS.token } } } } } },
      },
      'request with everything sensitive',
    );
    logger.child({ auth: { Authorization: SECRETS.token } }).warn({ Token: SECRETS.token }, 'child logger and odd casing');
    logger.child({ requestId: 'r1' }).child({ cookie: SECRETS.cookie }).info('grandchild');

    const output = lines.join('\n');
    for (const [name, value] of Object.entries(SECRETS)) {
      expect({ name, leaked: output.includes(value) }).toEqual({ name, leaked: false });
    }
    const [first] = records();
    // Non-sensitive data stays readable.
    expect(first).toMatchObject({
      level: 'info',
      msg: 'request with everything sensitive',
      req: { method: 'POST', headers: { authorization: REDACTED, 'content-type': 'application/json' } },
      graphql: { operationName: 'Checkout', variables: REDACTED },
      ixopay: { username: 'api-user', password: REDACTED },
      profile: { customer: { billingCountry: 'AT', email: REDACTED }, paymentInstruments: [{ paymentData: { brand: 'visa' } }, {}, {}] },
    });
  });

  it('does not modify the logged object', () => {
    const { destination } = capture();
    const logged = { customer: { email: SECRETS.email } };
    createLogger({ level: 'info', destination }).info(logged, 'x');
    expect(logged.customer.email).toBe(SECRETS.email);
  });

  it('writes nothing below the configured level', () => {
    const { destination, lines } = capture();
    const logger = createLogger({ level: 'warn', destination });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });

  it('survives circular objects', () => {
    const { destination, records } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    createLogger({ level: 'info', destination }).info({ loop }, 'circular');
    expect(records()[0].msg).toBe('circular');
  });
});
