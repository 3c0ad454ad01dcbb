/**
 * Named test tokens for register (stripe-mock style): fixed masked instruments, a decline, the
 * asynchronous REDIRECT / PENDING answers; card numbers refused without being echoed.
 */
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, profilePath, useDemoSandbox, transactionPath } from './helpers';

const CUSTOMER = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', billingCountry: 'GB' };

describe('sandbox test tokens', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  let n = 0;
  const register = async (transactionToken: string | undefined, extra: object = {}) => {
    const res = await call(sandbox, transactionPath('register'), {
      merchantTransactionId: `tok-${++n}`,
      ...(transactionToken === undefined ? {} : { transactionToken }),
      customer: CUSTOMER,
      customerProfileData: { customerIdentification: 'token-user' },
      ...extra,
    });
    expect(res.status).toBe(200);
    return res;
  };
  const profile = async () => (await call(sandbox, profilePath('getProfile'), { customerIdentification: 'token-user' })).json();

  it.each([
    ['tok_visa', { type: 'visa', firstSixDigits: '411111', lastFourDigits: '1111', expiryMonth: '12', expiryYear: '2030' }],
    ['tok_mastercard', { type: 'mastercard', firstSixDigits: '555555', lastFourDigits: '4444', expiryMonth: '06', expiryYear: '2031' }],
    ['tok_amex', { type: 'amex', firstSixDigits: '378282', lastFourDigits: '0005', expiryMonth: '03', expiryYear: '2032' }],
  ])('%s registers a card with fixed masked data and the customer as holder', async (token, card) => {
    const body = (await register(token)).json();
    expect(body).toMatchObject({
      success: true,
      returnType: 'FINISHED',
      paymentMethod: 'Creditcard',
      returnData: { _TYPE: 'cardData', cardHolder: 'Ada Lovelace', ...card },
    });
    const [instrument] = (await profile()).paymentInstruments;
    expect(instrument).toMatchObject({ method: 'card', isPreferred: true, paymentToken: body.customerProfileData.paymentToken });
    expect(instrument.paymentData).toEqual({
      _TYPE: 'paymentData.card',
      brand: card.type,
      cardHolder: 'Ada Lovelace',
      expiryMonth: Number(card.expiryMonth),
      expiryYear: Number(card.expiryYear),
      firstSixDigits: card.firstSixDigits,
      lastFourDigits: card.lastFourDigits,
    });
  });

  it('tok_iban_at registers an Austrian IBAN with a generated SEPA mandate', async () => {
    const body = (await register('tok_iban_at')).json();
    expect(body).toMatchObject({
      success: true,
      paymentMethod: 'DirectDebit',
      returnData: { _TYPE: 'ibanData', iban: 'AT611904300234573201', accountOwner: 'Ada Lovelace', country: 'AT' },
    });
    const data = (await profile()).paymentInstruments[0].paymentData;
    expect(data).toMatchObject({ _TYPE: 'paymentData.iban', iban: 'AT611904300234573201', bic: null });
    expect(data.mandateId).toMatch(/^MND-[0-9A-F]{12}$/);
    expect(data.mandateDate).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00$/);
  });

  it('tok_paypal registers a PayPal wallet owned by the customer', async () => {
    const body = (await register('tok_paypal')).json();
    expect(body).toMatchObject({
      success: true,
      paymentMethod: 'Paypal',
      returnData: { _TYPE: 'walletData', walletType: 'paypal', walletOwner: 'ada@example.org' },
    });
    expect((await profile()).paymentInstruments[0].paymentData).toMatchObject({
      walletType: 'paypal',
      walletOwner: 'ada@example.org',
      walletOwnerFirstName: 'Ada',
      walletOwnerLastName: 'Lovelace',
      walletOwnerCountryCode: 'GB',
      walletRegistrationId: body.uuid,
    });
  });

  it('tok_declined answers a declined transaction (2003) and stores nothing', async () => {
    const body = (await register('tok_declined')).json();
    expect(body).toMatchObject({
      success: false,
      returnType: 'ERROR',
      errorCode: 2003,
      errorMessage: 'Transaction declined',
      paymentMethod: 'Creditcard',
    });
    expect(body.uuid).toMatch(/^[0-9a-f]{20}$/);
    expect(body.purchaseId).toMatch(new RegExp(`^\\d{8}-${body.uuid}$`));
    expect(body.errors).toEqual([
      { errorMessage: 'Transaction declined', errorCode: 2003, adapterMessage: expect.any(String), adapterCode: expect.any(String) },
    ]);
    expect(body).not.toHaveProperty('customerProfileData');
    expect((await profile()).profileExists).toBe(false);
    expect(sandbox.stats().applied.register).toBe(0);
  });

  it('tok_3ds_redirect answers REDIRECT with a redirectUrl into the sandbox; the profile stays unchanged', async () => {
    const body = (await register('tok_3ds_redirect', { customerProfileData: { customerIdentification: 'cust-0005' } })).json();
    expect(body).toMatchObject({ success: true, returnType: 'REDIRECT', redirectType: 'fullpage', paymentMethod: 'Creditcard' });
    expect(body.redirectUrl).toBe(`${sandbox.url}/__sandbox/transactions/${body.uuid}/redirect`);
    expect(body.redirectUrl.length).toBeLessThanOrEqual(255);
    expect(body).not.toHaveProperty('customerProfileData');
    const noah = (await call(sandbox, profilePath('getProfile'), { customerIdentification: 'cust-0005' })).json();
    expect(noah.paymentInstruments).toEqual([]);
    expect(noah.customer.firstName).toBe('Noah');
  });

  it('tok_pending answers PENDING without a redirect and creates no profile yet', async () => {
    const body = (await register('tok_pending')).json();
    expect(body).toMatchObject({ success: true, returnType: 'PENDING', paymentMethod: 'Creditcard' });
    expect(body).not.toHaveProperty('redirectUrl');
    expect((await profile()).profileExists).toBe(false);
  });

  it('keeps the parameterised iban:/paypal: forms (no card data in them)', async () => {
    expect((await register('iban:DE89 3704 0044 0532 0130 00')).json().returnData).toMatchObject({ iban: 'DE89370400440532013000' });
    expect((await register('paypal:someone@example.net')).json().returnData).toMatchObject({ walletOwner: 'someone@example.net' });
  });

  describe('refusals', () => {
    const refused = async (token: string) => {
      const res = await register(token);
      const body = res.json();
      expect(body).toMatchObject({ success: false, errorCode: 1002, returnType: 'ERROR' });
      expect(body.errorMessage).toContain('transactionToken');
      expect((await profile()).profileExists).toBe(false);
      return res;
    };

    it.each([
      ['4111111111111111'],
      ['4111 1111 1111 1111'],
      ['4111-1111-1111-1111'],
      ['card:5555555555554444:07/2031'],
      ['378282246310005'],
      ['6011000990139424'],
      ['4000 0566 5566 5556 '],
      ['paypal:4111111111111111'],
    ])('refuses the card number %j without echoing it', async (token) => {
      const res = await refused(token);
      expect(res.json().errorMessage).toMatch(/card number/);
      const digits = token.replace(/\D/g, '');
      expect(res.text.replace(/\D/g, '')).not.toContain(digits.slice(0, 13));
      expect(res.text).not.toContain(token.trim());
    });

    it.each([['tok_unknown'], ['ix::e8d1f4b0a2c9'], ['4111111111111112'], ['card:12ab'], ['TOK_VISA'], ['pt::4f0c2d9e81b7a65c3e10']])(
      'refuses the unknown token %j, listing the known ones without echoing it',
      async (token) => {
        const res = await refused(token);
        expect(res.json().errorMessage).toContain('tok_visa');
        expect(res.json().errorMessage).toContain('tok_3ds_redirect');
        expect(res.text).not.toContain(token);
      },
    );
  });
});
